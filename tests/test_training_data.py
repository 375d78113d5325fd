"""The train panel's images: real Fashion-MNIST images, from the project's own split."""

from __future__ import annotations

import json

import numpy as np
from PIL import Image

from core.dataset import SEED
from core.layout import PAGE_TRAIN_IMAGES, PAGE_TRAIN_PART, PAGE_VALIDATION_IMAGES, SITE_CONFIG
from export.samples import read_sprite
from train.data import split_indices


def decode(public, split: dict) -> np.ndarray:
    """Crops every image of one split's sprites: uint8 (n, 28, 28)."""
    sheets = [(s, np.array(Image.open(public / s["file"]))) for s in split["sprites"]]
    return np.concatenate([read_sprite(sprite, sheet) for sprite, sheet in sheets])


def test_training_images_are_the_split_the_keras_training_uses(tiny_export, dataset):
    public, _, _ = tiny_export
    config = json.loads((public / SITE_CONFIG).read_text())["training"]
    index = json.loads((public / config["index"]).read_text())
    train, val = split_indices(dataset, SEED)
    train, val = train[:PAGE_TRAIN_IMAGES], val[:PAGE_VALIDATION_IMAGES]
    assert not set(train) & set(val)  # validation images are never trained on

    assert index["train"]["labels"] == dataset.train_labels[train].tolist()
    assert len(index["train"]["sprites"]) == -(-PAGE_TRAIN_IMAGES // PAGE_TRAIN_PART)
    np.testing.assert_array_equal(decode(public, index["train"]), dataset.train_images[train])
    assert index["validation"]["labels"] == dataset.train_labels[val].tolist()
    np.testing.assert_array_equal(decode(public, index["validation"]), dataset.train_images[val])
    # All 10,000 test images, in order, so the page's test accuracy is Keras'.
    assert index["test"]["labels"] == dataset.test_labels.tolist()
    np.testing.assert_array_equal(decode(public, index["test"]), dataset.test_images)


def test_the_training_download_stays_within_10_mb(tiny_export):
    public, _, _ = tiny_export
    config = json.loads((public / SITE_CONFIG).read_text())["training"]
    index = json.loads((public / config["index"]).read_text())
    training = [
        public / s["file"] for key in ("train", "validation") for s in index[key]["sprites"]
    ]
    assert sum(path.stat().st_size for path in training) <= 10_000_000
