"""Finds, verifies and loads the official Fashion-MNIST files.

Search order: $FASHION_MNIST_DIR, the Debian package's folder, the Keras cache,
and last Keras' own download. Every file is checked (gzip stream, IDX header,
counts, label range, SHA-256 of the decompressed bytes) before any training
sees it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.console import UserError
from core.dataset import (
    DATA_ENV_VAR,
    DATA_FILES,
    DEBIAN_PACKAGE,
    IMAGE_SHAPE,
    KERAS_CACHE_SUBDIR,
    NUM_CLASSES,
    SYSTEM_DATA_DIR,
    TEST_SIZE,
    TRAIN_SIZE,
    VALIDATION_SIZE,
)

IMAGES_MAGIC = 2051  # IDX: unsigned bytes, 3 dimensions
LABELS_MAGIC = 2049  # IDX: unsigned bytes, 1 dimension


class DataError(UserError):
    """Raised when the dataset is missing or not the official bytes."""


@dataclass(frozen=True)
class Dataset:
    """Holds the official split as uint8 arrays: images (n, 28, 28), labels (n,)."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: Path


# Locate ------------------------------------------------------------------------


def keras_cache_dir() -> Path:
    """Returns the folder where Keras caches Fashion-MNIST."""
    keras_home = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))
    return keras_home / KERAS_CACHE_SUBDIR


def candidate_dirs() -> list[tuple[str, Path]]:
    """Lists the local folders to search, in order, each with a description."""
    found = []
    env_dir = os.environ.get(DATA_ENV_VAR)
    if env_dir:
        found.append((f"${DATA_ENV_VAR}", Path(env_dir)))
    found.append((f"Debian package {DEBIAN_PACKAGE}", SYSTEM_DATA_DIR))
    found.append(("Keras cache", keras_cache_dir()))
    return found


def has_all_files(folder: Path) -> bool:
    """Tells whether a folder holds all four official files."""
    return all((folder / name).is_file() for name, _ in DATA_FILES.values())


def download_with_keras() -> Path:
    """Downloads the dataset into the Keras cache with Keras' own loader."""
    import tf_keras

    tf_keras.datasets.fashion_mnist.load_data()
    return keras_cache_dir()


def missing_data_message(searched: list[tuple[str, Path]], download_error: str | None) -> str:
    """Explains where the data was looked for and the ways to get it."""
    lines = ["Fashion-MNIST data not found. Looked in:"]
    lines += [f"  - {path} ({label})" for label, path in searched]
    if download_error:
        lines.append(f"  - Keras download: failed ({download_error})")
    else:
        lines.append("  - Keras download: not attempted")
    lines += [
        "Get it one of these ways:",
        f"  - sudo apt-get install {DEBIAN_PACKAGE}   (Debian/Ubuntu, official files)",
        f"  - export {DATA_ENV_VAR}=/path/to/folder   (with the four official .gz files)",
        "  - connect to the internet and run again, so Keras can download it",
    ]
    return "\n".join(lines)


def find_data_dir(download: bool = True) -> Path:
    """Returns the first folder that holds all four files, downloading as a last resort."""
    searched = candidate_dirs()
    for _, folder in searched:
        if has_all_files(folder):
            return folder
    download_error = None
    if download:
        try:
            folder = download_with_keras()
            if has_all_files(folder):
                return folder
            download_error = f"files not found in {folder} afterwards"
        except Exception as err:  # network errors come in many types
            download_error = str(err).splitlines()[0] if str(err) else type(err).__name__
    raise DataError(missing_data_message(searched, download_error))


# Read and verify --------------------------------------------------------------


def read_gzip(path: Path) -> bytes:
    """Decompresses a file, turning a truncated or non-gzip file into a DataError."""
    try:
        with gzip.open(path, "rb") as f:
            return f.read()
    except (OSError, EOFError, zlib.error) as err:
        raise DataError(f"{path}: not a complete gzip file ({err}). Re-download it.") from None


def parse_idx(path: Path, raw: bytes, magic: int, count: int) -> np.ndarray:
    """Checks an IDX header and returns its payload as a uint8 array."""
    dims = 3 if magic == IMAGES_MAGIC else 1
    header_size = 4 + 4 * dims
    if len(raw) < header_size:
        raise DataError(f"{path}: file too short for an IDX header ({len(raw)} bytes).")
    (found_magic,) = struct.unpack(">I", raw[:4])
    if found_magic != magic:
        raise DataError(f"{path}: wrong magic number {found_magic}, expected {magic}.")
    shape = struct.unpack(f">{dims}I", raw[4:header_size])
    expected = (count, *IMAGE_SHAPE) if dims == 3 else (count,)
    if shape != expected:
        raise DataError(f"{path}: holds shape {shape}, expected {expected}.")
    payload = np.frombuffer(raw, dtype=np.uint8, offset=header_size)
    if payload.size != int(np.prod(expected)):
        raise DataError(
            f"{path}: {payload.size} data bytes, expected {int(np.prod(expected))} (truncated?)."
        )
    return payload.reshape(expected)


def load_file(folder: Path, key: str) -> np.ndarray:
    """Reads one official file, checking its structure and its SHA-256."""
    name, sha256 = DATA_FILES[key]
    path = folder / name
    raw = read_gzip(path)
    is_images = key.endswith("images")
    count = TRAIN_SIZE if key.startswith("train") else TEST_SIZE
    array = parse_idx(path, raw, IMAGES_MAGIC if is_images else LABELS_MAGIC, count)
    if not is_images and array.max() >= NUM_CLASSES:
        raise DataError(f"{path}: label {int(array.max())} outside 0-{NUM_CLASSES - 1}.")
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        raise DataError(
            f"{path}: SHA-256 mismatch, refusing the data.\n"
            f"  expected {sha256}\n  found    {digest}\n"
            "The file is not the official Fashion-MNIST release; replace it."
        )
    return array


# Load -------------------------------------------------------------------------


def load_dataset(data_dir: Path | None = None, download: bool = True) -> Dataset:
    """Loads and verifies the official 60,000/10,000 split as uint8 arrays."""
    folder = Path(data_dir) if data_dir else find_data_dir(download=download)
    if not has_all_files(folder):
        raise DataError(missing_data_message([("given folder", folder)], None))
    arrays = {key: load_file(folder, key) for key in DATA_FILES}
    return Dataset(**arrays, source=folder)


def split_indices(data: Dataset, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Returns the seeded split of the training images: (training, validation) indices.

    VALIDATION_SIZE random training images are held out for validation; the test set
    is left alone.
    """
    order = np.random.default_rng(seed).permutation(len(data.train_labels))
    return order[VALIDATION_SIZE:], order[:VALIDATION_SIZE]


def scale(images: np.ndarray) -> np.ndarray:
    """Scales uint8 pixels to float32 in [0, 1], as the tutorial does (divide by 255)."""
    return images.astype(np.float32) / 255.0


# The training artwork --------------------------------------------------------------

ART_FILE = Path(__file__).resolve().parent / "artwork" / "art.npz"  # python -m evaluate.collect_art


def load_art(path: Path = ART_FILE) -> tuple[np.ndarray, np.ndarray]:
    """Loads the clothing icons drawn as visitors' pictures: (images (n, 28, 28), labels (n,)).

    Every variant of an icon is one image; its label is the icon's class.
    """
    try:
        with np.load(path) as art:
            images, labels = art["images"], art["labels"]
    except (OSError, KeyError, ValueError) as err:
        raise DataError(
            f"cannot read the training artwork {path}: {err}. "
            "It is committed; restore it with git, or rebuild it: python -m evaluate.collect_art"
        ) from None
    variants = images.shape[1]
    return images.reshape(-1, *images.shape[2:]), np.repeat(labels, variants)
