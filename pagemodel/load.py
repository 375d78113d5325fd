"""Loads the page's TF.js layers-model download into Keras and scores it on the test set.

The page's train panel downloads a model as TF.js layers-model files: a .json file
with the topology and a weights manifest, and the weights file it names, beside it.
The tensorflowjs converter reads that format back into a Keras (tf_keras) model.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import tf_keras as keras

from core.console import UserError
from core.dataset import CLASS_NAMES
from train.data import load_dataset
from train.training import predict_proba


def check_download(path: Path) -> dict:
    """Returns the download's parsed model.json, or raises UserError saying what is wrong."""
    if not path.is_file():
        raise UserError(f"{path} does not exist; give the .json file the page downloaded")
    try:
        found = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise UserError(f"{path} is not a JSON file ({err})") from None
    if not isinstance(found, dict) or found.get("format") != "layers-model":
        raise UserError(
            f"{path} is not a TF.js layers model (the page's download is); "
            "a graph model from web/public cannot be trained further in Keras"
        )
    for group in found.get("weightsManifest", []):
        for name in group.get("paths", []):
            if not (path.parent / name).is_file():
                raise UserError(
                    f"{path} names its weights file {name}, which is not beside it in "
                    f"{path.parent}; download both files again, or rename the weights file "
                    "(a browser renames a second download, e.g. adding ' (1)')"
                )
    return found


def load_page_model(path: Path) -> keras.Model:
    """Loads the page's download (its .json file, the weights beside it) as a Keras model."""
    from tensorflowjs.converters import load_keras_model  # slow to import: only when used

    check_download(path)
    try:
        return load_keras_model(str(path))
    except (ValueError, KeyError, TypeError) as err:
        raise UserError(f"{path} could not be loaded into Keras: {err}") from None


def evaluate_download(path: Path, data_dir: Path | None, download: bool) -> float:
    """Loads the download, prints its accuracy on the official test set, returns it."""
    model = load_page_model(path)
    print(f"Loaded {path}: {model.count_params():,} parameters", flush=True)
    data = load_dataset(data_dir, download=download)
    predicted = predict_proba(model, data.test_images).argmax(axis=1)
    right = predicted == data.test_labels
    print(f"Test accuracy on the official {len(right):,} test images: {right.mean():.4f}")
    for label, name in enumerate(CLASS_NAMES):
        mask = data.test_labels == label
        print(f"  {name:<12} {np.mean(right[mask]):.3f}")
    return float(right.mean())
