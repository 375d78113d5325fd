"""Taking a model home: the page's TF.js download loads back into Keras and scores the same."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from core.console import UserError
from core.tolerances import QUANTIZED_TOLERANCE
from pagemodel.load import check_download, load_page_model
from tests.helpers import open_page, run_module
from train.training import load_run, predict_proba, run_dir


def save_downloads(page, button: str, folder) -> list[str]:
    """Clicks a download button and saves the two files it gives (a model's .json and its
    weights) into folder; returns their names, sorted."""
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_test_id(button).click()
    for _ in range(100):  # up to 10 s for both files
        if len(downloads) == 2:
            break
        page.wait_for_timeout(100)
    for download in downloads:
        download.save_as(folder / download.suggested_filename)
    return sorted(d.suggested_filename for d in downloads)


def test_check_download_explains_what_is_wrong(tmp_path):
    missing = tmp_path / "fashion-mnist-trained.json"
    with pytest.raises(UserError, match="does not exist"):
        check_download(missing)
    missing.write_text("{not json")
    with pytest.raises(UserError, match="is not a JSON file"):
        check_download(missing)
    missing.write_text(json.dumps({"format": "tfjs-something"}))
    with pytest.raises(UserError, match="is not a model downloaded from the page"):
        check_download(missing)
    weights = {"paths": ["fashion-mnist-trained.weights.bin"], "weights": []}
    missing.write_text(json.dumps({"format": "layers-model", "weightsManifest": [weights]}))
    with pytest.raises(UserError, match="names its weights file .* which is not beside it"):
        check_download(missing)


def test_the_command_refuses_a_missing_file_without_a_traceback(tmp_path):
    result = run_module("pagemodel", str(tmp_path / "nothing.json"), "--no-download")
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.e2e
def test_a_model_trained_in_the_page_scores_the_same_in_keras(page, site_url, tmp_path, dataset):
    """The round trip: one epoch in the browser, the download, Keras on the test set."""
    open_page(page, site_url)
    trained = page.evaluate("fashionMnist.train({ epochs: 1 })")
    names = save_downloads(page, "train-download", tmp_path)
    assert names == ["fashion-mnist-trained.json", "fashion-mnist-trained.weights.bin"]

    # The page predicts with the trained weights exactly as Keras does with the download.
    images = dataset.test_images[:200]
    in_page = page.evaluate(
        "async (pixels) => Array.from(await fashionMnist.predict(pixels, 200))",
        (images.reshape(-1) / 255).tolist(),
    )
    keras_probs = predict_proba(load_page_model(tmp_path / names[0]), images)
    np.testing.assert_allclose(np.array(in_page).reshape(200, 10), keras_probs, atol=1e-4)

    result = run_module("pagemodel", str(tmp_path / names[0]), "--no-download")
    assert result.returncode == 0, result.stderr
    found = re.search(r"Test accuracy on the official 10,000 test images: ([0-9.]+)", result.stdout)
    assert found, result.stdout
    assert float(found.group(1)) == pytest.approx(trained["testAccuracy"], abs=0.005)


@pytest.mark.e2e
def test_a_model_taught_in_the_page_predicts_the_same_in_keras(page, site_url, tmp_path, dataset):
    """A taught model's download: the shipped Keras model with the page's taught head."""
    open_page(page, site_url)
    sketch = (dataset.test_images[0].reshape(-1) / 255).tolist()
    page.evaluate("(pixels) => fashionMnist.teach(pixels, 3)", sketch)  # a Dress, say
    names = save_downloads(page, "teach-download", tmp_path)
    assert names == ["fashion-mnist-cnn-taught.json", "fashion-mnist-cnn-taught.weights.bin"]

    images = dataset.test_images[:200]
    in_page = page.evaluate(
        "async (pixels) => Array.from(await fashionMnist.predict(pixels, 200))",
        (images.reshape(-1) / 255).tolist(),
    )
    taught = load_page_model(tmp_path / names[0])
    keras_probs = predict_proba(taught, images)
    # The page runs the shipped quantized layers; Keras their float32 originals.
    np.testing.assert_allclose(
        np.array(in_page).reshape(200, 10), keras_probs, atol=QUANTIZED_TOLERANCE
    )
    # The head is the taught one: the shipped head predicts otherwise.
    shipped, _ = load_run(run_dir("cnn"))
    assert np.abs(predict_proba(shipped, images[:1]) - keras_probs[:1]).max() > 0.01
