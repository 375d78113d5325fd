"""Exports trained models, a sample of test images and the site config into web/public.

Pipeline: load data → train (or reuse) each model → pick the sample → write the train
panel's images → per model: convert to TF.js (verified against Keras) → calibrate on
validation data → add the evaluation set's numbers, when measured on these weights →
write the site's files → write the reports; then write the config and swap the folder
into place.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import tf_keras as keras

from core.console import UserError
from core.dataset import CLASS_NAMES, IMAGE_SIZE, NUM_CLASSES, PAGE_FILL, SEED
from core.files import staged_dir, weights_digest, write_json
from core.layout import (
    CONFIDENT_MISTAKES,
    DEFAULT_MODEL,
    GALLERY_SIZE,
    PAGE_MAX_BATCH_SIZE,
    PAGE_MAX_EPOCHS,
    PAGE_MAX_LEARNING_RATE,
    PAGE_TRAIN_MODEL,
    SAMPLE_COUNT,
    SITE_CONFIG,
    SITE_MODELS,
    SITE_SAMPLES,
    SITE_TRAINING,
)
from core.paths import WILD_RESULTS
from export import calibrate, convert, report, samples, training_data
from train.data import Dataset, load_dataset
from train.models import get_spec
from train.training import (
    TrainingRecord,
    load_run,
    predict_proba,
    run_dir,
    save_run,
    split,
    train_model,
)

INFO_FILE = "info.json"  # in the site, beside each model
CONVERSION_FILE = "conversion.json"  # in artifacts/<model>/, beside the Keras model


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


# Convert → write the site's files → write the reports ---------------------------


def convert_model(
    name: str,
    model: keras.Model,
    data: Dataset,
    keras_probs: np.ndarray,
    sample_indices: np.ndarray,
    folder: Path,
) -> convert.Converted:
    """Converts one model into folder with the smallest weights TF.js still runs like Keras."""
    print(f"Converting {name} to TF.js; quantizations, smallest first:", flush=True)
    converted = convert.convert_smallest(
        model, folder, data.test_images, keras_probs, sample_indices
    )
    print(
        f"Chose {converted.quantization.label}: {converted.weight_bytes:,} bytes of weights; "
        f"test accuracy in TF.js {converted.accuracy(data.test_labels):.4f}",
        flush=True,
    )
    return converted


def calibrate_model(model: keras.Model, record: TrainingRecord, data: Dataset) -> dict:
    """Fits the temperature and the "not sure" level on the model's validation images."""
    _, _, x_val, y_val = split(data, record.seed)
    found = calibrate.calibrate(model.predict(x_val, batch_size=1000, verbose=0), y_val)
    print(
        f"Calibrated {record.name} on {len(y_val):,} validation images: temperature "
        f"{found['temperature']:.3f}, not sure below {found['minConfidence']:.1%} confidence; "
        f"calibration error {found['errorBefore']:.4f} → {found['errorAfter']:.4f}",
        flush=True,
    )
    return found


def conversion_record(
    record: TrainingRecord, converted: convert.Converted, labels: np.ndarray
) -> dict:
    """Returns how the conversion went: weights chosen, agreement with Keras, accuracies."""
    return {
        **converted.summary(),
        "testAccuracy": converted.accuracy(labels),  # of the site's TF.js model
        "kerasTestAccuracy": record.test_accuracy,
        "versions": {**record.versions, "tensorflowjs": convert.tfjs_version()},
        "exportedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def wild_results(name: str, folder: Path, artifacts: Path) -> dict | None:
    """Returns the evaluation set's numbers for the weights now in `folder`, or None.

    `python -m evaluate` writes them beside the trained model, with the digest of the
    weights it measured; numbers measured on other weights (a model trained or
    converted since) are left out, never shown as this model's.
    """
    path = run_dir(name, artifacts) / WILD_RESULTS
    again = "run `python -m evaluate`, then `python -m export --reuse`"
    if not path.is_file():
        print(f"{name}: no evaluation-set numbers in {path} yet; {again}.", flush=True)
        return None
    try:
        found = json.loads(path.read_text())
        measured = found["weights"]
    except (OSError, ValueError, KeyError, TypeError):
        print(f"{name}: {path} is unreadable, so left out; {again}.", flush=True)
        return None
    model_json = json.loads((folder / convert.MODEL_JSON).read_text())
    if measured != weights_digest(model_json, lambda file: (folder / file).read_bytes()):
        print(f"{name}: {path} was measured on other weights, so left out; {again}.", flush=True)
        return None
    print(f"{name}: evaluation-set numbers from {path} go into its report.", flush=True)
    return {key: value for key, value in found.items() if key not in ("weights", "readings")}


def write_model_files(
    record: TrainingRecord, conversion: dict, found: dict, data: Dataset, folder: Path
) -> dict:
    """Writes what the page reads of a model beside its TF.js files: info and report.

    Returns the model's entry in config.json.
    """
    base = f"{SITE_MODELS}/{record.name}"
    versions = conversion["versions"]
    calibration = found["calibration"]
    info = {  # what the page uses of the model in use, and no more
        "name": record.name,
        "params": record.params,
        "testAccuracy": conversion["testAccuracy"],
        "versions": {key: versions[key] for key in ("tensorflow", "tensorflowjs")},
        "calibration": {key: calibration[key] for key in ("temperature", "minConfidence")},
    }
    write_json(folder / INFO_FILE, info)
    report.write_site_files(found, data.test_images, folder, base)
    return {
        "name": record.name,
        "description": get_spec(record.name).description,
        "testAccuracy": conversion["testAccuracy"],
        "model": f"{base}/{convert.MODEL_JSON}",
        "info": f"{base}/{INFO_FILE}",
        "report": f"{base}/{report.REPORT_JSON}",
    }


def write_reports(
    record: TrainingRecord, conversion: dict, found: dict, data: Dataset, folder: Path
) -> None:
    """Writes the conversion record and the Markdown report with charts beside the model."""
    write_json(folder / CONVERSION_FILE, conversion)
    description = get_spec(record.name).description
    markdown = report.write_markdown_report(
        found, description, conversion, data.test_images, folder
    )
    print(f"Report for {record.name}: {markdown} (with PNG charts beside it)", flush=True)


def training_config(models: list[str]) -> dict | None:
    """Returns the train panel's settings: the tutorial's recipe, limits and files.

    The panel trains the tutorial's architecture and predicts with its exported graph
    as a template, so it is offered only when the site has that model.
    """
    if PAGE_TRAIN_MODEL not in models:
        return None
    recipe = get_spec(PAGE_TRAIN_MODEL).recipe
    return {
        "model": PAGE_TRAIN_MODEL,
        "index": f"{SITE_TRAINING}/{training_data.INDEX_FILE}",
        "epochs": recipe.epochs,
        "batchSize": recipe.batch_size,
        "learningRate": recipe.learning_rate,
        "maxEpochs": PAGE_MAX_EPOCHS,
        "maxBatchSize": PAGE_MAX_BATCH_SIZE,
        "maxLearningRate": PAGE_MAX_LEARNING_RATE,
    }


def site_config(entries: list[dict], default_model: str) -> dict:
    """Returns config.json: every constant the page needs, so the JS hard-codes none."""
    models = [entry["name"] for entry in entries]
    return {
        "classNames": CLASS_NAMES,
        "imageSize": IMAGE_SIZE,
        "fill": PAGE_FILL,
        "numClasses": NUM_CLASSES,
        "defaultModel": default_model,
        "gallerySize": GALLERY_SIZE,
        "models": entries,
        "samples": {"index": f"{SITE_SAMPLES}/{samples.INDEX_FILE}"},
        "training": training_config(models),
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
    seed: int = SEED,
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
        samples.confident_mistakes(probs, data.test_labels, CONFIDENT_MISTAKES)
        for probs in keras_probs
    ]
    indices = samples.choose(SAMPLE_COUNT, seed, extra=np.concatenate(mistakes))
    with staged_dir(out) as stage:
        samples.write(
            indices, data.test_images[indices], data.test_labels[indices], stage / SITE_SAMPLES
        )
        if PAGE_TRAIN_MODEL in models:
            training_data.write(data, stage / SITE_TRAINING, seed)
            print("Wrote the train panel's images (training, validation, test)", flush=True)
        entries = []
        for (model, record), probs in zip(trained, keras_probs, strict=True):
            folder = stage / SITE_MODELS / record.name
            converted = convert_model(record.name, model, data, probs, indices, folder)
            conversion = conversion_record(record, converted, data.test_labels)
            found = report.build(record, converted.probs, data.test_labels)
            found["calibration"] = calibrate_model(model, record, data)
            found["wild"] = wild_results(record.name, folder, artifacts)
            entries.append(write_model_files(record, conversion, found, data, folder))
            write_reports(record, conversion, found, data, run_dir(record.name, artifacts))
        default = DEFAULT_MODEL if DEFAULT_MODEL in models else models[0]
        write_json(stage / SITE_CONFIG, site_config(entries, default))
    print(f"Wrote the site's model and sample files to {out}")
    print("Next: `make build` assembles the static site in web/dist.")
    return out
