"""The static site's layout: which model the page starts with, its sample, where files go.

The export writes the page-facing part into the site's config.json, so the JavaScript
never hard-codes any of it.
"""

DEFAULT_MODEL = "cnn"  # the model the page starts with, when the site has it

# The sample of test images the page ships ---------------------------------------
SAMPLE_COUNT = 300  # random test images
CONFIDENT_MISTAKES = 30  # plus each model's most confident mistakes, for the gallery's filter
GALLERY_SIZE = 15  # test images the gallery shows at a time: the tutorial's 5 × 3 grid
FIRST_PART = GALLERY_SIZE  # images in the first sprite: the first gallery's, no more
SPRITE_COLUMNS = 10  # tiles per row in a sprite

# Paths inside the site, relative to its root ---------------------------------------
SITE_CONFIG = "config.json"
SITE_MODELS = "models"  # one folder per model: model.json, weights, info, report
SITE_SAMPLES = "samples"  # the sample index and its sprites

# Training in the page (the train panel) --------------------------------------------
SITE_TRAINING = "training"  # the images the train panel downloads, and their index
PAGE_TRAIN_IMAGES = 20_000  # training images the panel trains on: ~8 MB of PNG (≤ 10 MB)
PAGE_VALIDATION_IMAGES = 2_000  # validation images, for the curves' validation points
PAGE_TRAIN_PART = 10_000  # images per training sprite: the download progresses by part
PAGE_TRAIN_MODEL = "mlp"  # the tutorial's model: the panel trains its architecture
PAGE_TRAIN_COLUMNS = 100  # tiles per row in a training sprite (2,800 pixels wide)
# The settings the panel accepts; outside these it refuses to start, saying why.
PAGE_MAX_EPOCHS = 100
PAGE_MAX_BATCH_SIZE = 4_096
PAGE_MAX_LEARNING_RATE = 1.0
