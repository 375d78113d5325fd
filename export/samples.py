"""Picks the sample of test images the page shows and packs them into a PNG sprite."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from train import constants as C

INDEX_FILE = "samples.json"
PART_FILE = "part-{}.png"


def choose(
    count: int, seed: int = C.SEED, population: int = C.TEST_SIZE, extra: np.ndarray | None = None
) -> np.ndarray:
    """Returns `count` test-set indices drawn with a fixed seed, plus `extra`, distinct,
    in a seeded random order (so any leading part is a random sample too)."""
    rng = np.random.default_rng(seed)
    drawn = rng.choice(population, size=count, replace=False)
    chosen = np.unique(np.concatenate([drawn, extra if extra is not None else []]).astype(int))
    return rng.permutation(chosen)


def confident_mistakes(probs: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Returns the test indices of the `count` mistakes made with the highest confidence."""
    predicted = probs.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    confidence = probs[wrong, predicted[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")][:count]


def sprite(images: np.ndarray, columns: int = C.SPRITE_COLUMNS) -> np.ndarray:
    """Tiles uint8 images (n, 28, 28) row by row into one (rows*28, columns*28) array."""
    n, h, w = images.shape
    rows = -(-n // columns)  # ceiling division
    sheet = np.zeros((rows * h, columns * w), dtype=np.uint8)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        sheet[r * h : (r + 1) * h, c * w : (c + 1) * w] = image
    return sheet


def save_sprite(images: np.ndarray, path: Path, columns: int = C.SPRITE_COLUMNS) -> None:
    """Saves images (n, 28, 28) as one sprite PNG."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Plain 8-bit grayscale PNG, no gamma or colour profile, so browsers decode exact bytes.
    Image.fromarray(sprite(images, columns), mode="L").save(path, optimize=True)


def write(indices: np.ndarray, images: np.ndarray, labels: np.ndarray, out_dir: Path) -> dict:
    """Writes the sample as sprite PNGs plus an index JSON (indices and true labels).

    The first sprite holds C.FIRST_PART images, all the page needs for its first
    gallery; the second holds the rest, which the page loads afterwards.
    """
    parts = [(0, C.FIRST_PART), (C.FIRST_PART, len(indices))]
    sprites = []
    for k, (start, stop) in enumerate(parts):
        name = PART_FILE.format(k)
        save_sprite(images[start:stop], out_dir / name)
        sprites.append({"file": f"{C.SITE_SAMPLES}/{name}", "count": stop - start})
    index = {
        "count": int(len(indices)),
        "tile": C.IMAGE_SIZE,
        "columns": C.SPRITE_COLUMNS,
        "indices": [int(i) for i in indices],
        "labels": [int(label) for label in labels],
        "sprites": sprites,
    }
    (out_dir / INDEX_FILE).write_text(json.dumps(index, separators=(",", ":")))
    return index
