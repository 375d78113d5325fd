"""Trains, evaluates, saves and reloads a named model on Fashion-MNIST."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import tensorflow as tf
import tf_keras as keras

from core.console import UserError
from core.dataset import IMAGE_SHAPE, NUM_CLASSES, SEED
from core.files import staged_dir
from core.paths import ARTIFACTS_DIR
from train import augment, outliers, quantize
from train.data import Dataset, load_art, scale, split_indices
from train.models import Augment, Recipe, Schedule, get_spec

layers = keras.layers

MODEL_FILE = "model.h5"  # HDF5 lets us drop the optimizer state: a third of the size
RECORD_FILE = "training.json"


@dataclass
class TrainingRecord:
    """Describes a finished training run; saved as training.json beside the model."""

    name: str
    params: int
    epochs: int  # epochs actually run
    best_epoch: int  # 1-based epoch whose weights were kept (the best one under early stopping)
    batch_size: int
    seed: int
    train_size: int
    validation_size: int
    test_loss: float
    test_accuracy: float
    history: dict[str, list[float]]  # loss, accuracy, val_loss, val_accuracy per epoch
    seconds: float  # wall-clock training time
    cpus: int  # CPU cores of the machine it trained on, to put `seconds` in context
    trained_at: str
    recipe: dict = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)


class TrainingError(UserError):
    """Raised when training diverges, so no broken model gets saved."""


def framework_versions() -> dict[str, str]:
    """Returns the versions of the training stack, for the record."""
    return {"tensorflow": tf.__version__, "keras": keras.__version__}


def set_seed(seed: int) -> None:
    """Seeds Python, NumPy and TensorFlow, and makes TF ops deterministic."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


# Split → build → train → evaluate -----------------------------------------------


def split(data: Dataset, seed: int, train_limit: int | None = None):
    """Holds out VALIDATION_SIZE random training images for validation.

    Returns (x_train, y_train, x_val, y_val), images scaled to [0, 1]. The test set
    is left alone: it is used only for the final number.
    """
    train, val = split_indices(data, seed)
    if train_limit:
        train = train[:train_limit]
    images, labels = scale(data.train_images), data.train_labels
    return images[train], labels[train], images[val], labels[val]


def with_augmentation(model: keras.Model, recipe: Recipe) -> keras.Model:
    """Wraps model in the random changes of the recipe, which run only while training.

    The wrapper shares the model's weights; only the bare model is saved and exported.
    """
    return keras.Sequential(
        [
            keras.Input(shape=IMAGE_SHAPE),
            layers.Reshape((*IMAGE_SHAPE, 1)),
            *augment.steps(recipe),
            layers.Reshape(IMAGE_SHAPE),
            model,
        ],
        name=f"{model.name}_augmented",
    )


def with_outliers(
    images: np.ndarray, targets: np.ndarray, share: float, seed: int, doodles: bool = False
):
    """Adds `share` × len(images) non-clothing pictures to a training set.

    Targets are rows of class probabilities (n, 10); the outliers' are even rows (0.1
    each), so the model learns to be unsure of them. `doodles`: see outliers.make.
    """
    extra = scale(outliers.make(round(share * len(images)), seed, doodles))
    even = np.full((len(extra), NUM_CLASSES), 1 / NUM_CLASSES, np.float32)
    return np.concatenate([images, extra]), np.concatenate([targets, even])


def with_art(images: np.ndarray, targets: np.ndarray, share: float, seed: int):
    """Adds `share` × len(images) clothing icons (train/artwork), repeated as needed.

    The icons are drawn as visitors' pictures and preprocessed by the page, so the
    model sees what visitors bring with its true class. Targets are rows (n, 10).
    The picks come from the whole artwork in a random order, so that when it holds
    more images than are added, those left out are random ones, not its last icons.
    """
    art, labels = load_art()
    count = round(share * len(images))
    picks = np.resize(np.random.default_rng(seed).permutation(len(art)), count)
    return (
        np.concatenate([images, scale(art[picks])]),
        np.concatenate([targets, one_hot(labels[picks])]),
    )


def one_hot(labels: np.ndarray) -> np.ndarray:
    """Returns class ids (n,) as rows of class probabilities (n, 10)."""
    return np.eye(NUM_CLASSES, dtype=np.float32)[labels]


def compile_for(model: keras.Model, recipe: Recipe, steps: int, soft: bool = False) -> None:
    """Compiles with Adam, categorical cross-entropy and accuracy.

    Labels are class ids, or with `soft` rows of class probabilities (outlier exposure).
    """
    rate = recipe.learning_rate
    if recipe.schedule is Schedule.COSINE:
        rate = keras.optimizers.schedules.CosineDecay(rate, decay_steps=steps)
    losses = keras.losses
    if soft:
        loss = losses.CategoricalCrossentropy(label_smoothing=recipe.smoothing)
    else:
        loss = losses.SparseCategoricalCrossentropy()
    model.compile(optimizer=keras.optimizers.Adam(rate), loss=loss, metrics=["accuracy"])


def callbacks_for(recipe: Recipe) -> list[keras.callbacks.Callback]:
    """Returns NaN protection and, if the recipe asks, early stopping."""
    found = [keras.callbacks.TerminateOnNaN()]
    if recipe.patience:
        found.append(
            keras.callbacks.EarlyStopping(
                monitor="val_accuracy",
                patience=recipe.patience,
                restore_best_weights=True,
                verbose=1,
            )
        )
    return found


def train_model(
    name: str,
    data: Dataset,
    epochs: int | None = None,
    train_limit: int | None = None,
    seed: int = SEED,
) -> tuple[keras.Model, TrainingRecord]:
    """Builds model `name`, fits it on the training split and evaluates it on the test set."""
    spec = get_spec(name)
    recipe = replace(spec.recipe, epochs=epochs) if epochs else spec.recipe
    x_train, y_train, x_val, y_val = split(data, seed, train_limit)
    # Targets as rows of class probabilities, which smoothing needs too.
    soft = bool(recipe.outliers or recipe.art or recipe.smoothing)
    if soft:
        y_train, y_val = one_hot(y_train), one_hot(y_val)
    if recipe.outliers:
        x_train, y_train = with_outliers(x_train, y_train, recipe.outliers, seed, recipe.doodles)
    if recipe.art:
        x_train, y_train = with_art(x_train, y_train, recipe.art, seed)

    set_seed(seed)
    model = spec.build()
    trainee = model if recipe.augment is Augment.NONE else with_augmentation(model, recipe)
    steps = recipe.epochs * -(-len(x_train) // recipe.batch_size)
    compile_for(trainee, recipe, steps, soft=soft)
    print(
        f"Training {name} ({model.count_params():,} parameters) on {len(x_train):,} images, "
        f"validating on {len(x_val):,}, for up to {recipe.epochs} epoch(s), seed {seed}.",
        flush=True,
    )
    start = time.monotonic()
    history = trainee.fit(
        x_train,
        y_train,
        validation_data=(x_val, y_val),
        epochs=recipe.epochs,
        batch_size=recipe.batch_size,
        callbacks=callbacks_for(recipe),
        # A live progress bar on a terminal; one line per epoch in logs and CI.
        verbose=1 if sys.stdout.isatty() else 2,
    )
    seconds = time.monotonic() - start
    losses = history.history["loss"]
    if not np.all(np.isfinite(losses)):
        raise TrainingError(
            f"training {name} diverged: the loss became NaN or infinite in epoch "
            f"{len(losses)}. Nothing was saved; try a lower learning rate."
        )
    # Early stopping restores the best epoch's weights; without it the last epoch's stay.
    val_accuracy = history.history["val_accuracy"]
    best_epoch = int(np.argmax(val_accuracy)) + 1 if recipe.patience else len(losses)
    if recipe.snap:
        snap(model, x_val, y_val, before=val_accuracy[best_epoch - 1])
    compile_for(model, recipe, steps)  # the bare model evaluates and saves on its own
    test_loss, test_accuracy = evaluate(model, data)
    print(
        f"Trained {name} in {seconds:.0f} s; kept epoch {best_epoch} "
        f"(validation accuracy {val_accuracy[best_epoch - 1]:.4f}).\n"
        f"Test accuracy of {name}: {test_accuracy:.4f} (loss {test_loss:.4f})",
        flush=True,
    )

    record = TrainingRecord(
        name=name,
        params=int(model.count_params()),
        epochs=len(losses),
        best_epoch=best_epoch,
        batch_size=recipe.batch_size,
        seed=seed,
        train_size=len(x_train),
        validation_size=len(x_val),
        test_loss=test_loss,
        test_accuracy=test_accuracy,
        history={k: [float(v) for v in vals] for k, vals in history.history.items()},
        seconds=round(seconds, 1),
        cpus=os.cpu_count() or 1,
        trained_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        recipe=asdict(recipe),
        versions=framework_versions(),
    )
    return model, record


def snap(model: keras.Model, x_val: np.ndarray, y_val: np.ndarray, before: float) -> None:
    """Rounds the large kernels onto TF.js's uint8 grid, reporting what it costs.

    `before` is the kept weights' validation accuracy, which training already measured.
    """
    changed = quantize.snap(model)
    print(
        f"Rounded the kernels of {', '.join(changed)} onto TF.js's uint8 grid; validation "
        f"accuracy {before:.4f} → {accuracy(model, x_val, y_val):.4f}.",
        flush=True,
    )


def accuracy(model: keras.Model, images: np.ndarray, targets: np.ndarray) -> float:
    """Returns the share of images (n, 28, 28) in [0, 1] whose class the model gets right."""
    labels = targets.argmax(axis=1) if targets.ndim == 2 else targets
    predicted = model.predict(images, batch_size=1000, verbose=0).argmax(axis=1)
    return float((predicted == labels).mean())


def evaluate(model: keras.Model, data: Dataset) -> tuple[float, float]:
    """Returns (loss, accuracy) on the official 10,000-image test set."""
    loss, accuracy = model.evaluate(scale(data.test_images), data.test_labels, verbose=0)
    return float(loss), float(accuracy)


def predict_proba(model: keras.Model, images: np.ndarray) -> np.ndarray:
    """Returns (n, 10) float32 probabilities for uint8 images of shape (n, 28, 28)."""
    return model.predict(scale(images), batch_size=1000, verbose=0).astype(np.float32)


# Save → load --------------------------------------------------------------------


def run_dir(name: str, root: Path = ARTIFACTS_DIR) -> Path:
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
