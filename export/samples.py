"""Picks the sample of test images the page shows and packs them into a PNG sprite."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from core.dataset import IMAGE_SIZE, SEED, TEST_SIZE
from core.files import write_json
from core.layout import FIRST_PART, SITE_SAMPLES, SPRITE_COLUMNS

INDEX_FILE = "samples.json"
PART_FILE = "part-{}.png"


def choose(
    count: int, seed: int = SEED, population: int = TEST_SIZE, extra: np.ndarray | None = None
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


def positions(count: int, columns: int, tile: int = IMAGE_SIZE) -> list[list[int]]:
    """Returns where `count` tiles go in a sprite `columns` tiles wide: [x, y] of each corner.

    This is the only place that lays out a sprite; the sprite's descriptor carries the
    positions, so every reader (the page, the tests) just crops there.
    """
    return [[(i % columns) * tile, (i // columns) * tile] for i in range(count)]


def sprite(images: np.ndarray, columns: int) -> tuple[np.ndarray, list[list[int]]]:
    """Tiles uint8 images (n, 28, 28) into one array; returns it and each tile's [x, y]."""
    n, h, w = images.shape
    at = positions(n, columns, h)
    rows = -(-n // columns)  # ceiling division
    sheet = np.zeros((rows * h, columns * w), dtype=np.uint8)
    for image, (x, y) in zip(images, at, strict=True):
        sheet[y : y + h, x : x + w] = image
    return sheet, at


def save_sprite(images: np.ndarray, path: Path, logical: str, columns: int) -> dict:
    """Saves images (n, 28, 28) as one PNG; returns its descriptor {file, tile, positions}.

    `logical` is the PNG's name in the site, which the page fetches it by.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet, at = sprite(images, columns)
    # Plain 8-bit grayscale PNG, no gamma or colour profile, so browsers decode exact bytes.
    Image.fromarray(sheet, mode="L").save(path, optimize=True)
    return {"file": logical, "tile": int(images.shape[1]), "positions": at}


def read_sprite(descriptor: dict, sheet: np.ndarray) -> np.ndarray:
    """Crops a sprite's tiles out of its decoded sheet: uint8 (n, tile, tile)."""
    tile = descriptor["tile"]
    return np.stack([sheet[y : y + tile, x : x + tile] for x, y in descriptor["positions"]])


def write(indices: np.ndarray, images: np.ndarray, labels: np.ndarray, out_dir: Path) -> dict:
    """Writes the sample as sprite PNGs plus an index JSON: indices, true labels, sprites.

    The first sprite holds FIRST_PART images, all the page needs for its first
    gallery; the second holds the rest, which the page loads afterwards.
    """
    parts = [(0, FIRST_PART), (FIRST_PART, len(indices))]
    sprites = []
    for k, (start, stop) in enumerate(parts):
        name = PART_FILE.format(k)
        logical = f"{SITE_SAMPLES}/{name}"
        sprites.append(save_sprite(images[start:stop], out_dir / name, logical, SPRITE_COLUMNS))
    index = {
        "indices": [int(i) for i in indices],
        "labels": [int(label) for label in labels],
        "sprites": sprites,
    }
    write_json(out_dir / INDEX_FILE, index)
    return index
