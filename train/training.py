"""Trains, evaluates, saves and reloads a named model on Fashion-MNIST."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import tensorflow as tf
import tf_keras as keras

from train import constants as C
from train.data import Dataset, scale
from train.files import staged_dir
from train.models import get_spec

MODEL_FILE = "model.h5"  # HDF5 lets us drop the optimizer state: a third of the size
RECORD_FILE = "training.json"


@dataclass
class TrainingRecord:
    """Describes a finished training run; saved as training.json beside the model."""

    name: str
    params: int
    epochs: int
    batch_size: int
    seed: int
    train_size: int
    test_loss: float
    test_accuracy: float
    history: dict[str, list[float]]
    trained_at: str
    versions: dict[str, str] = field(default_factory=dict)


def framework_versions() -> dict[str, str]:
    """Returns the versions of the training stack, for the record."""
    return {"tensorflow": tf.__version__, "keras": keras.__version__}


def set_seed(seed: int) -> None:
    """Seeds Python, NumPy and TensorFlow, and makes TF ops deterministic."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


# Build → train → evaluate -------------------------------------------------------


def train_model(
    name: str,
    data: Dataset,
    epochs: int | None = None,
    train_limit: int | None = None,
    seed: int = C.SEED,
) -> tuple[keras.Model, TrainingRecord]:
    """Builds model `name`, fits it on the training set and evaluates it on the test set."""
    spec = get_spec(name)
    epochs = epochs or spec.epochs
    x_train, y_train = scale(data.train_images), data.train_labels
    if train_limit:
        x_train, y_train = x_train[:train_limit], y_train[:train_limit]

    set_seed(seed)
    model = spec.build()
    print(
        f"Training {name} ({model.count_params():,} parameters) on {len(x_train):,} images "
        f"for {epochs} epoch(s), seed {seed}.",
        flush=True,
    )
    # A live progress bar on a terminal; one line per epoch in logs and CI.
    verbose = 1 if sys.stdout.isatty() else 2
    history = model.fit(
        x_train, y_train, epochs=epochs, batch_size=spec.batch_size, verbose=verbose
    )
    test_loss, test_accuracy = evaluate(model, data)
    print(f"Test accuracy of {name}: {test_accuracy:.4f} (loss {test_loss:.4f})", flush=True)

    record = TrainingRecord(
        name=name,
        params=int(model.count_params()),
        epochs=epochs,
        batch_size=spec.batch_size,
        seed=seed,
        train_size=len(x_train),
        test_loss=test_loss,
        test_accuracy=test_accuracy,
        history={k: [float(v) for v in vals] for k, vals in history.history.items()},
        trained_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        versions=framework_versions(),
    )
    return model, record


def evaluate(model: keras.Model, data: Dataset) -> tuple[float, float]:
    """Returns (loss, accuracy) on the official 10,000-image test set."""
    loss, accuracy = model.evaluate(scale(data.test_images), data.test_labels, verbose=0)
    return float(loss), float(accuracy)


def predict_proba(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """Returns (n, 10) float32 probabilities for uint8 images of shape (n, 28, 28)."""
    return model.predict(scale(images), batch_size=1000, verbose=0).astype(np.float32)


# Save → load --------------------------------------------------------------------


def run_dir(name: str, root: Path = C.ARTIFACTS_DIR) -> Path:
    """Returns the folder that holds a trained model and its record."""
    return root / name


def save_run(model: keras.Model, record: TrainingRecord, folder: Path) -> None:
    """Saves the model and its record, replacing `folder` only once both are written."""
    with staged_dir(folder) as stage:
        model.save(stage / MODEL_FILE, include_optimizer=False)
        (stage / RECORD_FILE).write_text(json.dumps(asdict(record), indent=2) + "\n")


def load_run(folder: Path) -> tuple[keras.Model, TrainingRecord]:
    """Loads a model saved by save_run, or raises FileNotFoundError saying what is missing."""
    model_path, record_path = folder / MODEL_FILE, folder / RECORD_FILE
    for path in (model_path, record_path):
        if not path.is_file():
            raise FileNotFoundError(f"no trained model at {folder} ({path.name} missing)")
    model = keras.models.load_model(model_path, compile=False)
    record = TrainingRecord(**json.loads(record_path.read_text()))
    return model, record


# Command line -------------------------------------------------------------------


def train_and_save(
    model: str,
    epochs: int | None,
    train_limit: int | None,
    seed: int,
    out: Path,
    data_dir: Path | None,
    download: bool,
) -> Path:
    """Loads the data, trains model `model`, saves it under `out` and returns its folder."""
    from train.data import load_dataset

    data = load_dataset(data_dir, download=download)
    print(f"Data: {data.source} (checksums verified)", flush=True)
    keras_model, record = train_model(model, data, epochs, train_limit, seed)
    folder = run_dir(model, out)
    save_run(keras_model, record, folder)
    print(f"Saved {folder / MODEL_FILE} and {folder / RECORD_FILE}", flush=True)
    return folder
