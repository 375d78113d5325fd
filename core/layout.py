"""The static site's layout: which model the page starts with, its sample, where files go.

The export writes the page-facing part into the site's config.json, so the JavaScript
never hard-codes any of it.
"""

DEFAULT_MODEL = "cnn"  # the model the page starts with, when the site has it

# The sample of test images the page ships ---------------------------------------
SAMPLE_COUNT = 300  # random test images
CONFIDENT_MISTAKES = 30  # plus each model's most confident mistakes, for the gallery's filter
FIRST_PART = 20  # images in the first sprite: enough for the first gallery (15)
SPRITE_COLUMNS = 10  # tiles per row in a sprite

# Paths inside the site, relative to its root ---------------------------------------
SITE_CONFIG = "config.json"
SITE_MODELS = "models"  # one folder per model: model.json, weights, info, report
SITE_SAMPLES = "samples"  # the sample index and its sprites
