"""Exports trained models, a sample of test images and the site config into web/public.

Pipeline: load data → train (or reuse) each model → convert to TF.js → verify the
conversion → write samples, model info and config → swap the folder into place.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import tf_keras as keras

from export import convert, report, samples
from train import constants as C
from train.console import UserError
from train.data import Dataset, load_dataset
from train.files import staged_dir, write_json
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


def model_info(record: TrainingRecord, accuracy: float, converted: convert.Converted) -> dict:
    """Returns the model-info JSON the page shows: what was trained, how, and how well."""
    return {
        "name": record.name,
        "description": get_spec(record.name).description,
        "params": record.params,
        "testAccuracy": accuracy,  # of the shipped TF.js model, as the browser scores it
        "kerasTestAccuracy": record.test_accuracy,
        "kerasTestLoss": record.test_loss,
        "weights": converted.summary(),
        "epochs": record.epochs,
        "bestEpoch": record.best_epoch,
        "batchSize": record.batch_size,
        "seed": record.seed,
        "trainSize": record.train_size,
        "validationSize": record.validation_size,
        "trainingSeconds": record.seconds,
        "history": record.history,
        "classNames": C.CLASS_NAMES,
        "versions": {**record.versions, "tensorflowjs": convert.tfjs_version()},
        "trainedAt": record.trained_at,
        "exportedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def export_model(
    model: keras.Model,
    record: TrainingRecord,
    data: Dataset,
    keras_probs: np.ndarray,
    sample_indices: np.ndarray,
    folder: Path,
    artifacts: Path,
) -> dict:
    """Converts one model into folder, checks it in TF.js, writes its report and info.

    Returns the model's entry in config.json.
    """
    name, description = record.name, get_spec(record.name).description
    print(f"Converting {name} to TF.js; quantizations, smallest first:", flush=True)
    converted = convert.convert_smallest(
        model, folder, data.test_images, keras_probs, sample_indices
    )
    probs = converted.probs
    accuracy = float((probs.argmax(axis=1) == data.test_labels).mean())
    print(
        f"Chose {converted.quantization.label}: {C.SITE_MODELS}/{name}/{convert.MODEL_JSON}, "
        f"{converted.weight_bytes:,} bytes of weights; test accuracy in TF.js {accuracy:.4f} "
        f"(Keras {record.test_accuracy:.4f})",
        flush=True,
    )
    # Both references for the sampled images, in sample order: the page's parity tests
    # compare the browser with TF.js in Node (exactly) and with Keras (within tolerance).
    sample_probs = {
        "keras": keras_probs[sample_indices].tolist(),
        "tfjs": probs[sample_indices].tolist(),
    }
    write_json(folder / SAMPLE_PROBS_FILE, sample_probs)
    write_json(folder / INFO_FILE, model_info(record, accuracy, converted))

    found = report.build(record, probs, data.test_labels)
    report.write_site_files(found, data.test_images, folder)
    markdown = report.write_terminal_report(
        found, description, data.test_images, run_dir(name, artifacts)
    )
    print(f"Report for {name}: {markdown} (with PNG charts beside it)", flush=True)
    base = f"{C.SITE_MODELS}/{name}"
    return {
        "name": name,
        "description": description,
        "testAccuracy": accuracy,
        "model": f"{base}/{convert.MODEL_JSON}",
        "info": f"{base}/{INFO_FILE}",
        "report": f"{base}/{report.REPORT_JSON}",
    }


def site_config(entries: list[dict], default_model: str) -> dict:
    """Returns config.json: every constant the page needs, so the JS hard-codes none."""
    return {
        "classNames": C.CLASS_NAMES,
        "imageSize": C.IMAGE_SIZE,
        "numClasses": C.NUM_CLASSES,
        "defaultModel": default_model,
        "models": entries,
        "samples": {"index": f"{C.SITE_SAMPLES}/{samples.INDEX_FILE}"},
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

    trained = [
        obtain_model(
            name, data, reuse, artifacts, epochs=epochs, train_limit=train_limit, seed=seed
        )
        for name in models
    ]
    keras_probs = [predict_proba(model, data.test_images) for model, _ in trained]
    # A random sample, plus each model's most confident mistakes for the gallery's filter.
    mistakes = [
        samples.confident_mistakes(probs, data.test_labels, C.CONFIDENT_MISTAKES)
        for probs in keras_probs
    ]
    indices = samples.choose(C.SAMPLE_COUNT, seed, extra=np.concatenate(mistakes))
    with staged_dir(out) as stage:
        samples.write(
            indices, data.test_images[indices], data.test_labels[indices], stage / C.SITE_SAMPLES
        )
        entries = []
        for (model, record), probs in zip(trained, keras_probs, strict=True):
            folder = stage / C.SITE_MODELS / record.name
            entries.append(export_model(model, record, data, probs, indices, folder, artifacts))
        default = C.DEFAULT_MODEL if C.DEFAULT_MODEL in models else models[0]
        write_json(stage / C.SITE_CONFIG, site_config(entries, default))
    print(f"Wrote the site's model and sample files to {out}")
    print("Next: `make build` assembles the static site in web/dist.")
    return out
