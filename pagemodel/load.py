"""Loads a model downloaded from the page into Keras and scores it on the test set.

The page downloads two kinds, each a .json file and the weights file it names, beside it:
- a model trained in the train panel, as TF.js layers-model files, which the
  tensorflowjs converter reads back into a Keras (tf_keras) model;
- a model taught in the page, as TF.js graph-model files: a shipped model whose
  classifier head the page fine-tuned. It is loaded as the shipped Keras model
  (artifacts/<name>/) with the taught head's weights, read from the download.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import tf_keras as keras

from core.console import UserError
from core.dataset import CLASS_NAMES
from core.paths import ARTIFACTS_DIR
from train.data import load_dataset
from train.training import load_run, predict_proba, run_dir


def check_download(path: Path) -> dict:
    """Returns the download's parsed model.json, or raises UserError saying what is wrong."""
    if not path.is_file():
        raise UserError(f"{path} does not exist; give the .json file the page downloaded")
    try:
        found = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise UserError(f"{path} is not a JSON file ({err})") from None
    if not isinstance(found, dict) or found.get("format") not in ("layers-model", "graph-model"):
        raise UserError(
            f"{path} is not a model downloaded from the page (a TF.js layers or graph model)"
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


def taught_weights(found: dict, folder: Path, names: list[str]) -> list[np.ndarray] | None:
    """Returns the named weights of a graph model the page taught, or None unless each is
    there as the page writes what it taught: float32, not quantized."""
    from tensorflowjs.read_weights import read_weights  # slow to import: only when used

    specs = {spec["name"]: spec for group in found["weightsManifest"] for spec in group["weights"]}
    if any(name not in specs or "quantization" in specs[name] for name in names):
        return None
    stored = read_weights(found["weightsManifest"], str(folder), flatten=True)
    values = {weight["name"]: weight["data"] for weight in stored}
    return [values[name] for name in names]


def load_taught(path: Path, found: dict, artifacts: Path) -> keras.Model:
    """Loads a taught graph model: the shipped Keras model with the page's head weights."""
    name = found["weightsManifest"][0]["weights"][0]["name"].split("/")[0]
    try:
        model, _ = load_run(run_dir(name, artifacts))
    except FileNotFoundError as err:
        raise UserError(f"{path} was taught from the model {name!r}, but {err}") from None
    head = model.layers[-1]
    names = [f"{name}/{head.name}/{op}/ReadVariableOp" for op in ("MatMul", "BiasAdd")]
    weights = taught_weights(found, path.parent, names)
    if weights is None:
        raise UserError(f"{path} has no taught head for {name}'s layer {head.name}")
    head.set_weights(weights)
    return model


def load_page_model(path: Path, artifacts: Path = ARTIFACTS_DIR) -> keras.Model:
    """Loads the page's download (its .json file, the weights beside it) as a Keras model."""
    from tensorflowjs.converters import load_keras_model  # slow to import: only when used

    found = check_download(path)
    if found["format"] == "graph-model":
        return load_taught(path, found, artifacts)
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
