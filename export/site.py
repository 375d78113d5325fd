"""Exports trained models, a sample of test images and the site config into web/public.

Pipeline: load data → train (or reuse) each model → convert to TF.js → verify the
conversion → write samples, model info and config → swap the folder into place.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import tf_keras as keras

from export import convert, samples
from train import constants as C
from train.console import UserError
from train.data import Dataset, load_dataset, scale
from train.files import staged_dir
from train.models import get_spec
from train.training import (
    TrainingRecord,
    load_run,
    predict_proba,
    run_dir,
    save_run,
    train_model,
)

INFO_FILE = "info.json"
SAMPLE_PROBS_FILE = "sample-probs.json"


def write_json(path: Path, data: object) -> None:
    """Writes compact JSON, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, separators=(",", ":")))


# Train or reuse -----------------------------------------------------------------


def obtain_model(
    name: str, data: Dataset, reuse: bool, artifacts: Path, **train_args
) -> tuple[keras.Model, TrainingRecord]:
    """Returns a trained model: the saved one with `reuse`, otherwise a fresh training run."""
    folder = run_dir(name, artifacts)
    if reuse:
        try:
            model, record = load_run(folder)
        except FileNotFoundError as err:
            raise UserError(
                f"{err}. Run `python -m export` without --reuse to train it first."
            ) from None
        print(f"Reusing {name} from {folder} (test accuracy {record.test_accuracy:.4f})")
        return model, record
    model, record = train_model(name, data, **train_args)
    save_run(model, record, folder)
    print(f"Saved the trained Keras model to {folder}", flush=True)
    return model, record


# Convert → describe -------------------------------------------------------------


def model_info(record: TrainingRecord) -> dict:
    """Returns the model-info JSON the page shows: what was trained, how, and how well."""
    return {
        "name": record.name,
        "description": get_spec(record.name).description,
        "params": record.params,
        "testAccuracy": record.test_accuracy,
        "testLoss": record.test_loss,
        "epochs": record.epochs,
        "batchSize": record.batch_size,
        "seed": record.seed,
        "trainSize": record.train_size,
        "history": record.history,
        "classNames": C.CLASS_NAMES,
        "versions": {**record.versions, "tensorflowjs": convert.tfjs_version()},
        "trainedAt": record.trained_at,
        "exportedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def export_model(
    model: keras.Model, record: TrainingRecord, sample_images: np.ndarray, folder: Path
) -> dict:
    """Converts one model into folder, verifies it, and returns its entry in config.json."""
    model_json = convert.convert(model, folder)
    diff = convert.verify(model, model_json, scale(sample_images))
    print(f"Converted {record.name} to TF.js; reloaded copy matches Keras within {diff:.1e}")
    # Keras' own probabilities for the sampled images, in sample order: the page's
    # parity test compares TF.js in the browser against these.
    write_json(folder / SAMPLE_PROBS_FILE, predict_proba(model, sample_images).tolist())
    write_json(folder / INFO_FILE, model_info(record))
    base = f"{C.SITE_MODELS}/{record.name}"
    return {
        "name": record.name,
        "description": get_spec(record.name).description,
        "model": f"{base}/{convert.MODEL_JSON}",
        "info": f"{base}/{INFO_FILE}",
    }


def site_config(entries: list[dict], default_model: str) -> dict:
    """Returns config.json: every constant the page needs, so the JS hard-codes none."""
    return {
        "classNames": C.CLASS_NAMES,
        "imageSize": C.IMAGE_SIZE,
        "numClasses": C.NUM_CLASSES,
        "defaultModel": default_model,
        "models": entries,
        "samples": {
            "sprite": f"{C.SITE_SAMPLES}/{samples.SPRITE_FILE}",
            "index": f"{C.SITE_SAMPLES}/{samples.INDEX_FILE}",
        },
    }


# The whole export ---------------------------------------------------------------


def export_site(
    models: list[str],
    reuse: bool,
    out: Path,
    artifacts: Path,
    data_dir: Path | None,
    download: bool,
    epochs: int | None = None,
    train_limit: int | None = None,
    seed: int = C.SEED,
) -> Path:
    """Runs the whole export and replaces `out` only once every file is written and verified."""
    if reuse and (epochs or train_limit):
        raise UserError("--epochs and --train-limit apply to training; drop them or --reuse.")
    data = load_dataset(data_dir, download=download)
    print(f"Data: {data.source} (checksums verified)", flush=True)

    indices = samples.choose(C.SAMPLE_COUNT, seed)
    sample_images = data.test_images[indices]
    with staged_dir(out) as stage:
        samples.write(indices, sample_images, data.test_labels[indices], stage / C.SITE_SAMPLES)
        entries = []
        for name in models:
            model, record = obtain_model(
                name, data, reuse, artifacts, epochs=epochs, train_limit=train_limit, seed=seed
            )
            entries.append(export_model(model, record, sample_images, stage / C.SITE_MODELS / name))
        default = C.DEFAULT_MODEL if C.DEFAULT_MODEL in models else models[0]
        write_json(stage / C.SITE_CONFIG, site_config(entries, default))
    print(f"Wrote the site's model and sample files to {out}")
    print("Next: `make build` assembles the static site in web/dist.")
    return out
