"""The training report: confusion matrix, confused pairs, Markdown and charts."""

import json

import numpy as np
import pytest
from PIL import Image

from core.dataset import NUM_CLASSES
from export import charts, report, samples
from train.training import TrainingRecord


@pytest.fixture
def record():
    history = {
        "loss": [1.0, 0.6, 0.5],
        "accuracy": [0.6, 0.8, 0.85],
        "val_loss": [0.9, 0.7, 0.72],
        "val_accuracy": [0.65, 0.78, 0.77],
    }
    return TrainingRecord(
        name="demo",
        params=1234,
        epochs=3,
        best_epoch=2,
        batch_size=32,
        seed=1,
        train_size=100,
        validation_size=20,
        test_loss=0.7,
        test_accuracy=0.5,
        history=history,
        seconds=12.0,
        cpus=2,
        trained_at="2026-11-30T00:00:00+00:00",
    )


def one_hot(classes, confidence=0.9):
    probs = np.full((len(classes), NUM_CLASSES), (1 - confidence) / 9, dtype=np.float32)
    probs[np.arange(len(classes)), classes] = confidence
    return probs


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    labels = np.array([0, 0, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 2, 0, 0])
    matrix = report.confusion_matrix(labels, predicted)
    assert matrix.sum() == 6
    assert matrix[0, 0] == 1 and matrix[0, 1] == 1 and matrix[2, 0] == 2 and matrix[1, 1] == 1


def test_report_finds_the_most_confused_pairs_and_their_surest_mistakes(record):
    # Class 6 (Shirt) is mistaken for 0 (T-shirt/top) three times, 4 for 2 once.
    labels = np.array([6, 6, 6, 6, 4, 1])
    predicted = np.array([0, 0, 0, 6, 2, 1])
    probs = one_hot(predicted)
    probs[1, 0] = 0.99  # the most confident of the Shirt → T-shirt mistakes
    found = report.build(record, probs, labels)
    assert found["testAccuracy"] == pytest.approx(2 / 6)
    assert found["perClassAccuracy"][6] == pytest.approx(0.25)
    first, second = found["confusedPairs"][:2]
    assert (first["true"], first["predicted"], first["count"]) == (6, 0, 3)
    assert first["examples"][0] == 1  # sorted by confidence in the wrong class
    assert (second["true"], second["predicted"], second["count"]) == (4, 2, 1)
    assert len(found["confusedPairs"]) == 2  # only pairs that actually occur


CONVERSION = {
    "weights": "float16",
    "weightBytes": 2468,
    "maxProbDiff": 0.0012,
    "argmaxAgreement": 0.9996,
    "kerasTestAccuracy": 0.51,
}


def test_markdown_report_has_the_numbers_and_charts(record, dataset, tmp_path):
    labels = dataset.test_labels[:500]
    predicted = np.where(labels == 6, 0, labels)  # every Shirt taken for a T-shirt
    found = report.build(record, one_hot(predicted), labels)
    images = dataset.test_images[:500]
    path = report.write_markdown_report(found, "A demo model", CONVERSION, images, tmp_path)
    text = path.read_text()
    for heading in (
        "# Training report: demo",
        "## Learning curves",
        "## Per-class accuracy",
        "## Confusion matrix",
        "## Most-confused pairs",
    ):
        assert heading in text
    assert "| Shirt | T-shirt/top |" in text
    assert f"**Test accuracy: {100 * found['testAccuracy']:.2f}%**" in text
    assert "(Keras, float32: 51.00%)" in text and "float16, 2,468 bytes" in text
    for name in (charts.CURVES, charts.CONFUSION, charts.PAIRS):
        with Image.open(tmp_path / name) as image:
            assert image.format == "PNG" and image.width > 300


def test_site_files_hold_the_example_images(record, dataset, tmp_path):
    labels = dataset.test_labels[:500]
    found = report.build(record, one_hot(np.where(labels == 6, 0, labels)), labels)
    written = report.write_site_files(found, dataset.test_images[:500], tmp_path, "models/demo")
    assert written["examples"]["file"] == f"models/demo/{report.EXAMPLES_SPRITE}"
    assert json.loads((tmp_path / report.REPORT_JSON).read_text()) == written
    sheet = np.array(Image.open(tmp_path / report.EXAMPLES_SPRITE))
    chosen = [i for pair in found["confusedPairs"] for i in pair["examples"]]
    np.testing.assert_array_equal(
        samples.read_sprite(written["examples"], sheet), dataset.test_images[chosen]
    )
