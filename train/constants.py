"""Holds the project's single source of truth: shapes, class names, data files and paths.

The export writes the page-facing subset into the site's `config.json`, so the
JavaScript never hard-codes any of it.
"""

from pathlib import Path

# Shapes and labels -----------------------------------------------------------
IMAGE_SIZE = 28
IMAGE_SHAPE = (IMAGE_SIZE, IMAGE_SIZE)
PIXELS = IMAGE_SIZE * IMAGE_SIZE  # 784 values per image, row-major
NUM_CLASSES = 10
CLASS_NAMES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]
TRAIN_SIZE = 60_000
TEST_SIZE = 10_000

# Data files: official names and SHA-256 of the *decompressed* bytes ----------
DATA_FILES = {
    "train_images": (
        "train-images-idx3-ubyte.gz",
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    ),
    "train_labels": (
        "train-labels-idx1-ubyte.gz",
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    ),
    "test_images": (
        "t10k-images-idx3-ubyte.gz",
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    ),
    "test_labels": (
        "t10k-labels-idx1-ubyte.gz",
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    ),
}
DATA_ENV_VAR = "FASHION_MNIST_DIR"
SYSTEM_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")
DEBIAN_PACKAGE = "dataset-fashion-mnist"
KERAS_CACHE_SUBDIR = "datasets/fashion-mnist"

# Training ---------------------------------------------------------------------
SEED = 42
VALIDATION_SIZE = 5_000  # training images held out for early stopping and model choice
DEFAULT_MODEL = "cnn"

# Export: how closely the browser's model must reproduce Keras ----------------------
FLOAT32_TOLERANCE = 1e-4  # max |Δ probability| for float32 weights
QUANTIZED_TOLERANCE = 0.03  # max |Δ probability| for quantized weights (docs/models.md)
MIN_ARGMAX_AGREEMENT = 0.999  # share of test images whose predicted class must not change

# Site -------------------------------------------------------------------------
SAMPLE_COUNT = 300  # random test images shipped with the page
CONFIDENT_MISTAKES = 30  # plus each model's most confident mistakes
FIRST_PART = 20  # sample images in the first sprite: enough for the first gallery (15)
SPRITE_COLUMNS = 10  # sprites are SPRITE_COLUMNS tiles wide

# Paths ------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = ROOT / "artifacts"  # trained Keras models and their reports
WEB_DIR = ROOT / "web"
PUBLIC_DIR = WEB_DIR / "public"  # what `python -m export` writes (committed)
DIST_DIR = WEB_DIR / "dist"  # the assembled static site (`make build`)

# Layout inside the site, relative to its root.
SITE_CONFIG = "config.json"
SITE_MODELS = "models"
SITE_SAMPLES = "samples"
