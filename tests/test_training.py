"""Training: a tiny real run, its record, saving and reloading, and the CLI."""

import json
import re

import numpy as np
import pytest

from tests.conftest import run_module
from train import training


@pytest.fixture(scope="module")
def tiny_run(dataset):
    """A real training of the MLP on 300 images for one epoch."""
    return training.train_model("mlp", dataset, epochs=1, train_limit=300)


def test_tiny_run_records_what_happened(tiny_run):
    _, record = tiny_run
    assert record.name == "mlp"
    assert record.params == 101_770
    assert record.train_size == 300 and record.epochs == 1
    assert set(record.history) == {"loss", "accuracy"}
    assert len(record.history["loss"]) == 1
    # One epoch on 300 images is far from good, but well above chance (10%).
    assert 0.2 < record.test_accuracy < 1.0
    assert record.versions["tensorflow"] and record.versions["keras"].startswith("2.")


def test_seeded_runs_are_identical(dataset, tiny_run):
    _, first = tiny_run
    _, second = training.train_model("mlp", dataset, epochs=1, train_limit=300)
    assert second.history == first.history
    assert second.test_accuracy == first.test_accuracy


def test_save_and_load_round_trip(tiny_run, dataset, tmp_path):
    model, record = tiny_run
    folder = tmp_path / "mlp"
    training.save_run(model, record, folder)
    loaded, loaded_record = training.load_run(folder)
    assert loaded_record == record
    images = dataset.test_images[:50]
    np.testing.assert_array_equal(
        training.predict_proba(loaded, images), training.predict_proba(model, images)
    )


def test_load_names_what_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match="model.h5 missing"):
        training.load_run(tmp_path)


def test_cli_trains_and_saves(tmp_path):
    result = run_module("train", "--train-limit", "200", "--epochs", "1", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Test accuracy of mlp" in result.stdout
    assert re.search(r"loss: [\d.]+ - accuracy: [\d.]+", result.stdout)  # Keras' epoch line
    record = json.loads((tmp_path / "mlp" / training.RECORD_FILE).read_text())
    assert record["train_size"] == 200


def test_cli_rejects_unknown_model_listing_valid_names(tmp_path):
    result = run_module("train", "--model", "resnet", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "invalid choice: 'resnet'" in result.stderr and "mlp" in result.stderr
