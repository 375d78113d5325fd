"""Builds the training report: curves, confusion matrix, per-class accuracy, confused pairs.

The same report goes into the site (report.json plus an example sprite, rendered by
the page) and next to the trained model (report.md plus PNG charts, for the terminal).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.dataset import CLASS_NAMES, IMAGE_SHAPE, NUM_CLASSES
from core.files import write_atomic, write_json
from export import charts, samples
from train.training import TrainingRecord

PAIRS = 5  # most-confused class pairs shown
EXAMPLES = 6  # example images per pair
REPORT_JSON = "report.json"
EXAMPLES_SPRITE = "confusions.png"
REPORT_MD = "report.md"


# Compute ----------------------------------------------------------------------------


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Returns counts (10, 10): row = true class, column = predicted class."""
    matrix = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=np.int64)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix


def confused_pairs(matrix: np.ndarray, probs: np.ndarray, labels: np.ndarray) -> list[dict]:
    """Returns the PAIRS largest off-diagonal cells, each with its most confident mistakes."""
    off = matrix.copy()
    np.fill_diagonal(off, 0)
    order = np.argsort(off, axis=None, kind="stable")[::-1][:PAIRS]
    predicted = probs.argmax(axis=1)
    pairs = []
    for flat in order:
        true, guess = divmod(int(flat), NUM_CLASSES)
        if off[true, guess] == 0:
            break
        hits = np.flatnonzero((labels == true) & (predicted == guess))
        hits = hits[np.argsort(-probs[hits, guess], kind="stable")][:EXAMPLES]
        pairs.append(
            {
                "true": true,
                "predicted": guess,
                "count": int(off[true, guess]),
                "examples": [int(i) for i in hits],
                "confidences": [float(probs[i, guess]) for i in hits],
            }
        )
    return pairs


def build(record: TrainingRecord, probs: np.ndarray, labels: np.ndarray) -> dict:
    """Returns the report for test-set probabilities (10000, 10) and true labels."""
    predicted = probs.argmax(axis=1)
    matrix = confusion_matrix(labels, predicted)
    totals = matrix.sum(axis=1)
    return {
        "model": record.name,
        "params": record.params,
        "testAccuracy": float((predicted == labels).mean()),
        "testSize": int(len(labels)),
        "trainSize": record.train_size,
        "validationSize": record.validation_size,
        "epochs": record.epochs,
        "bestEpoch": record.best_epoch,
        "seconds": record.seconds,
        "cpus": record.cpus,
        "history": record.history,
        "classNames": CLASS_NAMES,
        "confusion": matrix.tolist(),
        # None for a class without test images (only in tiny runs)
        "perClassAccuracy": [
            float(hits / total) if total else None
            for hits, total in zip(matrix.diagonal(), totals, strict=True)
        ],
        "confusedPairs": confused_pairs(matrix, probs, labels),
    }


def example_images(report: dict, test_images: np.ndarray) -> np.ndarray:
    """Returns the pairs' example images, one row of EXAMPLES per pair (blank padding)."""
    rows = []
    for pair in report["confusedPairs"]:
        row = np.zeros((EXAMPLES, *IMAGE_SHAPE), dtype=np.uint8)
        row[: len(pair["examples"])] = test_images[pair["examples"]]
        rows.append(row)
    return np.concatenate(rows) if rows else np.zeros((0, *IMAGE_SHAPE), dtype=np.uint8)


# Write --------------------------------------------------------------------------------


def markdown(report: dict, description: str, conversion: dict) -> str:
    """Renders the report as Markdown that links the PNG charts beside it."""
    names = report["classNames"]
    hist = report["history"]
    best = report["bestEpoch"]
    lines = [
        f"# Training report: {report['model']}",
        "",
        f"{description}. {report['params']:,} parameters.",
        "",
        f"**Test accuracy: {100 * report['testAccuracy']:.2f}%** on the official "
        f"{report['testSize']:,} test images, as the site's TF.js model scores them "
        f"(Keras, float32: {100 * conversion['kerasTestAccuracy']:.2f}%). Weights in the "
        f"site: {conversion['weights']}, {conversion['weightBytes']:,} bytes; largest "
        f"probability difference from Keras {conversion['maxProbDiff']:.2g}, same class "
        f"as Keras on {100 * conversion['argmaxAgreement']:.2f}% of the test images.",
        "",
        f"Trained on {report['trainSize']:,} images for {report['epochs']} epochs in "
        f"{report['seconds']:.0f} s on {report['cpus']} CPU cores; "
        f"{report['validationSize']:,} training images were held out for validation. "
        f"The weights of epoch {best} were kept (validation accuracy "
        f"{100 * hist['val_accuracy'][best - 1]:.2f}%).",
        "",
        "## Learning curves",
        "",
        f"![Loss and accuracy per epoch]({charts.CURVES})",
        "",
        "| epoch | loss | accuracy | val loss | val accuracy |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for i in range(report["epochs"]):
        lines.append(
            f"| {i + 1} | {hist['loss'][i]:.4f} | {hist['accuracy'][i]:.4f} | "
            f"{hist['val_loss'][i]:.4f} | {hist['val_accuracy'][i]:.4f} |"
        )
    lines += ["", "## Per-class accuracy", "", "| class | accuracy | test images |"]
    lines.append("| --- | ---: | ---: |")
    for name, acc, row in zip(names, report["perClassAccuracy"], report["confusion"], strict=True):
        shown = "n/a" if acc is None else f"{100 * acc:.1f}%"
        lines.append(f"| {name} | {shown} | {sum(row):,} |")
    lines += [
        "",
        "## Confusion matrix",
        "",
        f"![Confusion matrix]({charts.CONFUSION})",
        "",
        "Rows: true class; columns: predicted class.",
        "",
        "| true \\ predicted | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    for name, row in zip(names, report["confusion"], strict=True):
        lines.append(f"| {name} | " + " | ".join(str(v) for v in row) + " |")
    lines += ["", "## Most-confused pairs", "", f"![Examples]({charts.PAIRS})", ""]
    lines += ["| true class | predicted as | test images |", "| --- | --- | ---: |"]
    for pair in report["confusedPairs"]:
        lines.append(f"| {names[pair['true']]} | {names[pair['predicted']]} | {pair['count']} |")
    if "calibration" in report:
        lines += calibration_markdown(report["calibration"])
    if report.get("wild"):
        lines += wild_markdown(report["wild"], names)
    return "\n".join(lines) + "\n"


def wild_markdown(wild: dict, names: list[str]) -> list[str]:
    """Renders the evaluation set's numbers: what visitors bring, beside the test images."""

    def share(pair):
        hits, count = pair
        return f"{hits} / {count} ({100 * hits / count:.1f}%)" if count else "–"

    lines = [
        "",
        "## What visitors bring",
        "",
        f"Measured by `python -m evaluate` through the page in Chromium {wild['chromium']} on "
        f"{wild['measuredAt'][:10]} (docs/models.md): wild clothing pictures right "
        f"{share(wild['wild']['right'])}; confident mistakes "
        f"{share(wild['wild']['confidentMistakes'])}; sketches right with the fill on "
        f"{share(wild['sketches']['on'])}, off {share(wild['sketches']['off'])}; "
        f"non-clothing pictures flagged not sure {share(wild['ood']['notSure'])}.",
        "",
        "| class | wild pictures | test images |",
        "| --- | ---: | ---: |",
    ]
    rows = zip(names, wild["wild"]["perClass"], wild["test"]["perClass"], strict=True)
    lines += [f"| {name} | {share(w)} | {share(t)} |" for name, w, t in rows]
    return lines


def calibration_markdown(found: dict) -> list[str]:
    """Renders the calibration: temperature, error before and after, reliability table."""
    lines = [
        "",
        "## Calibration",
        "",
        f"Fitted on the {found['validationSize']:,} validation images: temperature "
        f"{found['temperature']:.3f}; expected calibration error "
        f"{found['errorBefore']:.4f} before, {found['errorAfter']:.4f} after. The page says "
        f"it is not sure below {100 * found['minConfidence']:.1f}% calibrated confidence.",
        "",
        "| confidence | images before | accuracy before | images after | accuracy after |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    bins = zip(found["reliabilityBefore"], found["reliabilityAfter"], strict=True)
    for i, pair in enumerate(bins):
        cells = [
            f"{b['count']:,} | " + ("–" if b["accuracy"] is None else f"{100 * b['accuracy']:.1f}%")
            for b in pair
        ]
        lines.append(f"| {10 * i}–{10 * (i + 1)}% | {cells[0]} | {cells[1]} |")
    return lines


def write_site_files(report: dict, test_images: np.ndarray, folder: Path, logical: str) -> dict:
    """Writes report.json and its example sprite into a model's folder in the site.

    `logical` is the folder's name in the site; returns the report as written.
    """
    chosen = [i for pair in report["confusedPairs"] for i in pair["examples"]]
    images = test_images[chosen] if chosen else np.zeros((0, *IMAGE_SHAPE), dtype=np.uint8)
    sprite = f"{logical}/{EXAMPLES_SPRITE}"
    # The examples of each pair in turn, in the order report["confusedPairs"] lists them.
    examples = samples.save_sprite(images, folder / EXAMPLES_SPRITE, sprite, EXAMPLES)
    written = {**report, "examples": examples}
    write_json(folder / REPORT_JSON, written)
    return written


def write_markdown_report(
    report: dict, description: str, conversion: dict, test_images: np.ndarray, folder: Path
) -> Path:
    """Writes report.md and its PNG charts next to the trained model; returns report.md."""
    charts.curves(report, folder / charts.CURVES)
    charts.confusion(report, folder / charts.CONFUSION)
    charts.pairs(report, example_images(report, test_images), EXAMPLES, folder / charts.PAIRS)
    path = folder / REPORT_MD
    write_atomic(path, markdown(report, description, conversion).encode())
    return path
