"""Training: the split, tiny real runs, augmentation, divergence, saving, and the CLI."""

import json
import re

import numpy as np
import pytest

from core.dataset import SEED, TRAIN_SIZE, VALIDATION_SIZE
from tests.helpers import interrupt_when, run_module
from train import models, quantize, training
from train.data import load_art


@pytest.fixture(scope="module")
def tiny_run(dataset):
    """A real training of the MLP on 300 images for one epoch."""
    return training.train_model("mlp", dataset, epochs=1, train_limit=300)


def test_validation_is_held_out_of_the_training_set(dataset):
    x_train, y_train, x_val, y_val = training.split(dataset, seed=SEED)
    assert len(x_val) == VALIDATION_SIZE
    assert len(x_train) == TRAIN_SIZE - VALIDATION_SIZE
    assert x_train.dtype == np.float32 and x_train.max() == 1.0
    # Disjoint and together the whole training set: compare images as bytes.
    train_keys = {row.tobytes() for row in x_train}
    assert not any(row.tobytes() in train_keys for row in x_val[:500])
    assert sorted(np.concatenate([y_train, y_val]).tolist()) == sorted(
        dataset.train_labels.tolist()
    )
    again = training.split(dataset, seed=SEED)
    np.testing.assert_array_equal(again[3], y_val)  # the same seed, the same split


def test_tiny_run_records_what_happened(tiny_run):
    _, record = tiny_run
    assert record.name == "mlp"
    assert record.params == 101_770
    assert record.train_size == 300 and record.validation_size == VALIDATION_SIZE
    assert record.epochs == 1 and record.best_epoch == 1
    assert set(record.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(record.history["val_accuracy"]) == 1
    # One epoch on 300 images is far from good, but well above chance (10%).
    assert 0.2 < record.test_accuracy < 1.0
    assert record.versions["tensorflow"] and record.versions["keras"].startswith("2.")
    assert record.seconds > 0 and record.cpus >= 1


def test_seeded_runs_are_identical(dataset, tiny_run):
    _, first = tiny_run
    _, second = training.train_model("mlp", dataset, epochs=1, train_limit=300)
    assert second.history == first.history
    assert second.test_accuracy == first.test_accuracy


def test_early_stopping_keeps_the_best_epoch(dataset):
    # cnn-outliers: the shipped CNN's recipe without the rounding after training, which
    # changes the kept weights on purpose (test_a_snapping_recipe_saves_...).
    model, record = training.train_model("cnn-outliers", dataset, epochs=3, train_limit=300)
    best = int(np.argmax(record.history["val_accuracy"])) + 1
    assert record.best_epoch == best
    # The kept weights are the best epoch's: evaluating them on validation gives its score.
    _, _, x_val, y_val = training.split(dataset, seed=SEED)
    training.compile_for(model, models.get_spec("cnn-outliers").recipe, steps=1)
    _, accuracy = model.evaluate(x_val, y_val, verbose=0)
    assert accuracy == pytest.approx(record.history["val_accuracy"][best - 1], abs=1e-6)


def test_augmentation_is_active_only_while_training():
    model = models.build_cnn()
    wrapped = training.with_augmentation(model, models.Recipe(1, augment=models.Augment.FLIP_SHIFT))
    assert wrapped.trainable_weights == model.trainable_weights  # shared, not copied
    x = np.random.default_rng(1).random((8, 28, 28), dtype=np.float32)
    np.testing.assert_allclose(wrapped(x, training=False), model(x, training=False), atol=1e-6)
    layer = wrapped.layers[2]  # RandomFlip: changes images only in training mode
    flipped = layer(x[..., None], training=True).numpy()[..., 0]
    assert not np.allclose(flipped, x)


def test_art_joins_the_training_set_with_its_classes(dataset):
    images = dataset.train_images[:400] / 255
    targets = training.one_hot(dataset.train_labels[:400])
    art, labels = load_art()
    x, y = training.with_art(images, targets, share=0.1, seed=0)
    assert x.shape == (440, 28, 28) and y.shape == (440, 10)
    np.testing.assert_array_equal(y[:400], targets)
    first = []  # the first place in the artwork where each added image is
    for image, target in zip(x[400:], y[400:], strict=True):
        # Each added image is one of the icons, scaled like the garments, with its class.
        match = np.flatnonzero((art == np.round(image * 255)).all(axis=(1, 2)))
        assert len(match) and target.argmax() in labels[match] and target.max() == 1
        first.append(match.min())
    # 40 of thousands, picked from the whole artwork, not only from its first icons.
    assert max(first) >= len(art) // 2
    again, _ = training.with_art(images, targets, share=0.1, seed=0)
    np.testing.assert_array_equal(x, again)


def test_smoothing_spreads_part_of_each_target():
    model = models.build_mlp()
    training.compile_for(model, models.Recipe(1, smoothing=0.1), steps=1, soft=True)
    target = training.one_hot(np.array([3]))
    probs = np.full((1, 10), 0.02, np.float32)
    probs[0, 3] = 0.82
    smoothed = 0.9 * target + 0.1 / 10  # what the loss compares the probabilities with
    expected = -(smoothed * np.log(probs)).sum()
    assert float(model.loss(target, probs)) == pytest.approx(expected, rel=1e-5)


def test_a_snapping_recipe_saves_its_kernels_on_the_uint8_grid(dataset, monkeypatch, capsys):
    assert models.get_spec("cnn").recipe.snap  # the shipped CNN's recipe rounds
    snapping = models.Recipe(epochs=1, snap=True)
    monkeypatch.setitem(models.MODELS, "mlp", models.ModelSpec(models.build_mlp, snapping, "x"))
    model, record = training.train_model("mlp", dataset, train_limit=300)
    kernels = [layer.kernel.numpy() for layer in quantize.sizeable_kernels(model)]
    assert len(kernels) == 2  # both dense kernels: 99% and 1.3% of the weights
    for kernel in kernels:
        np.testing.assert_array_equal(quantize.on_grid(kernel), kernel)
    assert record.recipe["snap"] and "onto TF.js's uint8 grid" in capsys.readouterr().out


def test_divergence_stops_with_a_message(dataset, monkeypatch, tmp_path):
    exploding = models.Recipe(epochs=3, learning_rate=float("inf"))
    monkeypatch.setitem(
        models.MODELS, "mlp", models.ModelSpec(models.build_mlp, exploding, "diverges")
    )
    with pytest.raises(training.TrainingError, match="loss became NaN or infinite"):
        training.train_model("mlp", dataset, train_limit=300)


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
    assert "Test accuracy of cnn" in result.stdout  # the default model
    # Keras' per-epoch line, with validation metrics.
    assert re.search(r"loss: [\d.]+ - accuracy: [\d.]+ - val_loss: [\d.]+", result.stdout)
    record = json.loads((tmp_path / "cnn" / training.RECORD_FILE).read_text())
    outliers = round(models.get_spec("cnn").recipe.outliers * 200)  # non-clothing pictures added
    assert record["train_size"] == 200 + outliers


def test_cli_rejects_unknown_model_listing_valid_names(tmp_path):
    result = run_module("train", "--model", "resnet", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "invalid choice: 'resnet' (choose from 'mlp', 'cnn'" in result.stderr


def test_ctrl_c_keeps_the_previous_model(tmp_path):
    old = tmp_path / "mlp"
    old.mkdir()
    (old / "model.h5").write_text("the model from before")
    args = ["train", "--model", "mlp", "--epochs", "50", "--out", str(tmp_path)]
    code, stderr = interrupt_when(args, "Epoch 1/50")
    assert code == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert (old / "model.h5").read_text() == "the model from before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mlp"]  # no staging left over
