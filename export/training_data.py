"""Writes the images the page's train panel downloads: training, validation and test.

The panel trains the tutorial's model in the browser on part of the project's own
training split (the same seeded split as `python -m train`), plots validation points,
and evaluates on all 10,000 official test images, so its test accuracy is comparable
with Keras'. Nothing here is fetched before a visitor starts training.

These images are the dataset, so they are not committed: `python -m export` writes
them with the models, and `make build` runs `python -m export.training_data` to write
them from the dataset on disk when they are missing. Only numpy and Pillow are needed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from core.console import run_safely
from core.dataset import SEED
from core.files import staged_dir, write_json
from core.flags import add_data_flags
from core.layout import (
    PAGE_TRAIN_COLUMNS,
    PAGE_TRAIN_IMAGES,
    PAGE_TRAIN_PART,
    PAGE_VALIDATION_IMAGES,
    SITE_TRAINING,
)
from core.paths import PUBLIC_DIR
from export.samples import save_sprite
from train.data import Dataset, load_dataset, split_indices

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


def write_into_site(out: Path, data_dir: Path | None, download: bool) -> Path:
    """Writes the images into the site folder `out` (its training/ is replaced whole)."""
    data = load_dataset(data_dir, download=download)
    folder = out / SITE_TRAINING
    with staged_dir(folder) as stage:
        write(data, stage)
    print(f"Wrote the train panel's images from {data.source} to {folder}")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m export.training_data",
        description="Write the images the page's train panel downloads, from the dataset.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=PUBLIC_DIR,
        help=f"the site's model and data folder (default: {PUBLIC_DIR})",
    )
    add_data_flags(parser)
    return run_safely(write_into_site, **vars(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
