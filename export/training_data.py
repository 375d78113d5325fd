"""Writes the images the page's train panel downloads: training, validation and test.

The panel trains the tutorial's model in the browser on part of the project's own
training split (the same seeded split as `python -m train`), plots validation points,
and evaluates on all 10,000 official test images, so its test accuracy is comparable
with Keras'. Nothing here is fetched before the visitor starts training.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.dataset import SEED
from core.files import write_json
from core.layout import (
    PAGE_TRAIN_COLUMNS,
    PAGE_TRAIN_IMAGES,
    PAGE_TRAIN_PART,
    PAGE_VALIDATION_IMAGES,
    SITE_TRAINING,
)
from export.samples import save_sprite
from train.data import Dataset
from train.training import split_indices

INDEX_FILE = "training.json"


def write_split(images: np.ndarray, labels: np.ndarray, name: str, out_dir: Path) -> dict:
    """Writes one split as sprites of at most PAGE_TRAIN_PART images: {labels, sprites}."""
    sprites = []
    for k, start in enumerate(range(0, len(labels), PAGE_TRAIN_PART)):
        file = f"{name}-{k}.png"
        part = images[start : start + PAGE_TRAIN_PART]
        logical = f"{SITE_TRAINING}/{file}"
        sprites.append(save_sprite(part, out_dir / file, logical, PAGE_TRAIN_COLUMNS))
    return {"labels": [int(label) for label in labels], "sprites": sprites}


def write(data: Dataset, out_dir: Path, seed: int = SEED) -> dict:
    """Writes the train panel's images and their index into out_dir; returns the index."""
    train, val = split_indices(data, seed)
    train, val = train[:PAGE_TRAIN_IMAGES], val[:PAGE_VALIDATION_IMAGES]
    index = {
        "train": write_split(data.train_images[train], data.train_labels[train], "train", out_dir),
        "validation": write_split(
            data.train_images[val], data.train_labels[val], "validation", out_dir
        ),
        "test": write_split(data.test_images, data.test_labels, "test", out_dir),
    }
    write_json(out_dir / INDEX_FILE, index)
    return index
