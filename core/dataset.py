"""Facts about Fashion-MNIST: image shape, class names, the official files, and the split."""

from pathlib import Path

# Images and labels ---------------------------------------------------------------
IMAGE_SIZE = 28  # pixels per side
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
# Line art (outlines drawn or uploaded) is filled with this gray level (0-255) inside its
# closed outlines, so it looks like the dataset's solid garments; 60-120 work about
# equally well, white hides inner strokes (docs/models.md, "Sketches").
FILL_LEVEL = 80
FILL_INK = 64  # levels this far above the background are strokes that can close an outline
FILL_SHARE = 1 / 3  # filled only if it encloses at least this many pixels per ink pixel
PAGE_FILL = {"level": FILL_LEVEL, "ink": FILL_INK, "share": FILL_SHARE}  # as the page takes it
TRAIN_SIZE = 60_000  # images in the official training set
TEST_SIZE = 10_000  # images in the official test set

# The official files: names and SHA-256 of the *decompressed* bytes ----------------
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
DATA_ENV_VAR = "FASHION_MNIST_DIR"  # a folder with the four files; searched first
SYSTEM_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")  # where the Debian package puts them
DEBIAN_PACKAGE = "dataset-fashion-mnist"
KERAS_CACHE_SUBDIR = "datasets/fashion-mnist"  # under ~/.keras, where Keras caches its download

# The split -------------------------------------------------------------------------
SEED = 42  # seeds the validation split, training and the page's sample of test images
VALIDATION_SIZE = 5_000  # training images held out for early stopping and model choice
