"""The export: a tiny real run produces a complete, verified site that loads in a browser."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from core import files
from core.console import run_safely
from core.dataset import CLASS_NAMES, IMAGE_SIZE, NUM_CLASSES, PAGE_FILL, VALIDATION_SIZE
from core.files import WriteError
from core.layout import FIRST_PART, SITE_CONFIG, SITE_MODELS, SITE_SAMPLES
from core.paths import PUBLIC_DIR, WILD_RESULTS
from core.tolerances import FLOAT32_TOLERANCE, MIN_ARGMAX_AGREEMENT, QUANTIZED_TOLERANCE
from evaluate.run import DEFAULT_FILL, Case, ModelRun, Reading, results
from export import __main__ as export_main
from export import charts, convert, report, samples, site
from export.site import INFO_FILE
from tests.helpers import build_site, interrupt_when, open_page, run_module, serving
from train import training


def read_json(path):
    return json.loads(path.read_text())


def test_site_files_and_config(tiny_export):
    public, _, result = tiny_export
    config = read_json(public / SITE_CONFIG)
    assert config["classNames"] == CLASS_NAMES
    assert config["imageSize"] == IMAGE_SIZE and config["numClasses"] == NUM_CLASSES
    assert config["fill"] == PAGE_FILL  # the fill of closed outlines, as outliers.py fills
    assert config["defaultModel"] == "cnn"
    assert [m["name"] for m in config["models"]] == ["mlp", "cnn"]
    for entry in config["models"]:
        assert (public / entry["report"]).is_file() and (public / entry["info"]).is_file()
        model_json = read_json(public / entry["model"])
        assert model_json["format"] == "graph-model"
        [signature] = model_json["signature"]["inputs"].values()
        dims = [int(d["size"]) for d in signature["tensorShape"]["dim"]]
        assert dims == [-1, IMAGE_SIZE, IMAGE_SIZE]
        for shard in model_json["weightsManifest"][0]["paths"]:
            assert (public / entry["model"]).parent.joinpath(shard).is_file()
    assert f"Wrote the site's model and sample files to {public}" in result.stdout


def site_files(public) -> set[str]:
    """Every file the page reads, found by following config.json as the page does."""
    config = read_json(public / SITE_CONFIG)
    index = read_json(public / config["samples"]["index"])
    found = {SITE_CONFIG, config["samples"]["index"]} | {s["file"] for s in index["sprites"]}
    for entry in config["models"]:
        folder = entry["model"].rpartition("/")[0]
        shards = read_json(public / entry["model"])["weightsManifest"][0]["paths"]
        found |= {entry["model"], entry["info"], entry["report"]}
        found |= {f"{folder}/{shard}" for shard in shards}
        found.add(read_json(public / entry["report"])["examples"]["file"])
    training = config["training"]
    if training:  # the train panel's index and its sprites
        found.add(training["index"])
        for split in read_json(public / training["index"]).values():
            found |= {sprite["file"] for sprite in split["sprites"]}
    return found


@pytest.mark.parametrize("where", ["tiny export", "committed site"])
def test_the_site_holds_only_what_the_page_reads(tiny_export, where):
    public = tiny_export[0] if where == "tiny export" else PUBLIC_DIR
    files = {str(p.relative_to(public)) for p in public.rglob("*") if p.is_file()}
    assert files == site_files(public)  # no test fixtures, nothing unread
    for entry in read_json(public / SITE_CONFIG)["models"]:
        info = read_json(public / entry["info"])
        assert set(info) == {"name", "params", "testAccuracy", "versions", "calibration"}
        assert set(info["versions"]) == {"tensorflow", "tensorflowjs"}


def test_samples_are_real_test_images_with_their_labels(tiny_export, dataset):
    public, _, _ = tiny_export
    index = read_json(public / SITE_SAMPLES / samples.INDEX_FILE)
    indices = np.array(index["indices"])
    assert len(index["labels"]) == len(indices) >= 200
    assert len(set(indices)) == len(indices) and indices.min() >= 0 and indices.max() < 10_000
    assert index["labels"] == dataset.test_labels[indices].tolist()
    first, rest = index["sprites"]
    assert len(first["positions"]) == FIRST_PART
    assert len(first["positions"]) + len(rest["positions"]) == len(indices)
    images = []
    for sprite in index["sprites"]:
        sheet = np.array(Image.open(public / sprite["file"]))
        assert sheet.dtype == np.uint8 and sheet.ndim == 2  # 8-bit grayscale
        assert sprite["tile"] == IMAGE_SIZE
        images.append(samples.read_sprite(sprite, sheet))
    np.testing.assert_array_equal(np.concatenate(images), dataset.test_images[indices])


def test_sprites_are_laid_out_where_their_descriptors_say(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (23, 28, 28), dtype=np.uint8)
    sprite = samples.save_sprite(images, tmp_path / "s.png", "s.png", columns=10)
    sheet = np.array(Image.open(tmp_path / "s.png"))
    assert sheet.shape == (3 * 28, 10 * 28) and sprite["positions"][12] == [2 * 28, 28]
    np.testing.assert_array_equal(samples.read_sprite(sprite, sheet), images)


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_model_info_and_conversion(tiny_export, dataset, name):
    public, artifacts, _ = tiny_export
    folder = public / SITE_MODELS / name
    info = read_json(folder / INFO_FILE)
    conversion = read_json(artifacts / name / site.CONVERSION_FILE)
    model, record = training.load_run(artifacts / name)
    assert info["name"] == name and info["params"] == record.params
    assert info["testAccuracy"] == conversion["testAccuracy"]
    assert conversion["kerasTestAccuracy"] == record.test_accuracy
    assert set(conversion["versions"]) == {"tensorflow", "keras", "tensorflowjs"}
    assert info["versions"].items() <= conversion["versions"].items()
    assert conversion["exportedAt"]

    # The weights are as small as the export could make them while still predicting like
    # Keras; the recorded figures are the TF.js model's own, run by the page's module.
    assert conversion["weightBytes"] == sum(f.stat().st_size for f in folder.glob("*.bin"))
    all_probs = convert.tfjs_predict(folder / "model.json", dataset.test_images)
    assert info["testAccuracy"] == pytest.approx(
        (all_probs.argmax(1) == dataset.test_labels).mean()
    )
    keras_all = training.predict_proba(model, dataset.test_images)
    difference = np.abs(all_probs - keras_all).max()
    assert conversion["maxProbDiff"] == pytest.approx(difference, rel=1e-6)
    if conversion["weights"] == "float32":
        assert conversion["maxProbDiff"] <= FLOAT32_TOLERANCE
    else:
        assert conversion["maxProbDiff"] <= QUANTIZED_TOLERANCE
        assert conversion["argmaxAgreement"] >= MIN_ARGMAX_AGREEMENT


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_report_in_the_site_and_beside_the_model(tiny_export, dataset, name):
    public, artifacts, result = tiny_export
    found = read_json(public / SITE_MODELS / name / report.REPORT_JSON)
    confusion = np.array(found["confusion"])
    assert confusion.shape == (10, 10) and confusion.sum() == 10_000
    assert confusion.sum(axis=1).tolist() == np.bincount(dataset.test_labels).tolist()
    assert found["testAccuracy"] == pytest.approx(np.trace(confusion) / 10_000)
    info = read_json(public / SITE_MODELS / name / INFO_FILE)
    assert found["testAccuracy"] == pytest.approx(info["testAccuracy"])
    # Calibrated on the validation images only; the page gets what it needs to judge.
    assert found["calibration"]["validationSize"] == VALIDATION_SIZE
    assert info["calibration"] == {
        key: found["calibration"][key] for key in ("temperature", "minConfidence")
    }
    assert len(found["perClassAccuracy"]) == 10 and found["confusedPairs"]
    examples = [i for pair in found["confusedPairs"] for i in pair["examples"]]
    sheet = np.array(Image.open(public / found["examples"]["file"]))
    np.testing.assert_array_equal(
        samples.read_sprite(found["examples"], sheet), dataset.test_images[examples]
    )
    for chart in (charts.CURVES, charts.CONFUSION, charts.PAIRS, report.REPORT_MD):
        assert (artifacts / name / chart).is_file()
    assert f"Report for {name}: {artifacts / name / report.REPORT_MD}" in result.stdout


def test_ctrl_c_leaves_the_previous_site(tmp_path):
    out, artifacts = tmp_path / "public", tmp_path / "artifacts"
    out.mkdir()
    (out / "keep.txt").write_text("previous site")
    args = [
        "export",
        "--models",
        "mlp",
        "--epochs",
        "50",
        "--out",
        str(out),
        "--artifacts",
        str(artifacts),
    ]
    code, stderr = interrupt_when(args, "Epoch 1/50")
    assert code == 130 and "Traceback" not in stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert not artifacts.exists()


def test_reuse_exports_without_training(tiny_export, tmp_path):
    public, artifacts, _ = tiny_export
    out = tmp_path / "public"
    result = run_module("export", "--reuse", "--artifacts", str(artifacts), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Reusing mlp" in result.stdout and "Reusing cnn" in result.stdout
    assert "Training" not in result.stdout
    record = read_json(artifacts / "mlp" / training.RECORD_FILE)
    conversion = read_json(artifacts / "mlp" / site.CONVERSION_FILE)
    assert conversion["kerasTestAccuracy"] == record["test_accuracy"]
    # The same saved model converts to the same weights, byte for byte.
    for shard in (public / SITE_MODELS / "mlp").glob("*.bin"):
        assert (out / SITE_MODELS / "mlp" / shard.name).read_bytes() == shard.read_bytes()


def weights_of(public, name):
    """The digest of a model's weights in an exported site."""
    folder = public / SITE_MODELS / name
    model_json = read_json(folder / convert.MODEL_JSON)
    return files.weights_digest(model_json, lambda file: (folder / file).read_bytes())


def evaluation_of(weights):
    """An evaluation record as `python -m evaluate` writes it, for ten line drawings."""
    run = ModelRun(backend="wasm")
    cases = [Case(Path(f"{k}.png"), k, "line") for k in range(NUM_CLASSES)]
    for fill, wrong in (("on", 3), ("off", 5)):  # the last `wrong` named T-shirt/top, sure
        run.wild[fill] = [
            (c, Reading(0 if c.label >= 10 - wrong else c.label, 0.95, False, False)) for c in cases
        ]
        run.sketches[fill] = [(c, Reading(c.label, 0.5, False, False)) for c in cases[:4]]
    run.ood[DEFAULT_FILL] = [(Case(Path("x.png"), None, "noise"), Reading(2, 0.3, True, False))]
    run.test_right = [(90, 100)] * NUM_CLASSES
    run.test_unsure = (40, 1000)
    return results(run, weights, "156.0")


def test_evaluation_numbers_reach_the_report_only_for_the_weights_measured(tiny_export, tmp_path):
    public, artifacts, _ = tiny_export
    copy = tmp_path / "artifacts"
    shutil.copytree(artifacts, copy)
    measured = evaluation_of(weights_of(public, "mlp"))
    files.write_json(copy / "mlp" / WILD_RESULTS, measured)
    files.write_json(copy / "cnn" / WILD_RESULTS, evaluation_of("0" * 64))  # other weights
    out = tmp_path / "public"
    result = run_module("export", "--reuse", "--artifacts", str(copy), "--out", str(out))
    assert result.returncode == 0, result.stderr

    found = read_json(out / SITE_MODELS / "mlp" / report.REPORT_JSON)["wild"]
    assert found == {k: v for k, v in measured.items() if k not in ("weights", "readings")}
    assert found["wild"]["right"] == [7, 10] and found["wild"]["confidentMistakes"] == [3, 10]
    assert found["wild"]["perClass"][9] == [0, 1] and found["wild"]["rightFillOff"] == [5, 10]
    markdown = (copy / "mlp" / report.REPORT_MD).read_text()
    assert "## What visitors bring" in markdown and "| Ankle boot | 0 / 1 (0.0%) |" in markdown
    # Numbers of other weights are left out, and the export says what to run.
    assert read_json(out / SITE_MODELS / "cnn" / report.REPORT_JSON)["wild"] is None
    assert "cnn: " in result.stdout and "measured on other weights" in result.stdout
    assert "## What visitors bring" not in (copy / "cnn" / report.REPORT_MD).read_text()


def test_reuse_without_a_trained_model_fails_cleanly(tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    (out / "keep.txt").write_text("previous site")
    result = run_module(
        "export", "--reuse", "--artifacts", str(tmp_path / "none"), "--out", str(out)
    )
    assert result.returncode == 1
    assert "no trained model" in result.stderr and "without --reuse" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]  # nothing replaced


@pytest.mark.e2e
def test_exported_site_loads_in_the_browser(tiny_export, tmp_path, page):
    public, _, _ = tiny_export
    build_site(public, tmp_path / "dist")
    with serving("flask", tmp_path / "dist") as url:
        page.goto(url)
        model = page.evaluate("fashionMnist.ready.then(() => fashionMnist.model)")
        info = read_json(public / SITE_MODELS / "cnn" / INFO_FILE)
        assert model == {
            "name": "cnn",
            "params": info["params"],
            "testAccuracy": info["testAccuracy"],
        }
        assert page.get_by_test_id("status").get_attribute("data-state") == "ready"
        assert page.locator("[data-testid=gallery-item][data-predicted]").count() >= 15


def digests(folder):
    """Maps every file under folder to its SHA-256, to tell whether anything changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("epochs", "marker"),
    [("20", "Epoch 1/20"), ("1", "Converting mlp")],
    ids=["while-training", "while-converting"],
)
def test_a_killed_export_leaves_the_previous_site_loadable(
    tiny_export, tmp_path, page, epochs, marker
):
    public, _, _ = tiny_export
    out = tmp_path / "public"
    shutil.copytree(public, out)
    before = digests(out)
    args = [
        "export",
        "--models",
        "mlp",
        "--epochs",
        epochs,
        "--train-limit",
        "2000",
        "--out",
        str(out),
        "--artifacts",
        str(tmp_path / "artifacts"),
    ]
    code, _ = interrupt_when(args, marker, sig=signal.SIGKILL)
    assert code == -signal.SIGKILL  # killed mid-way, not finished
    assert digests(out) == before  # not a byte changed

    build_site(out, tmp_path / "dist")
    with serving("flask", tmp_path / "dist") as url:
        open_page(page, url)
        assert page.evaluate("fashionMnist.model.name") == "cnn"


def test_a_full_disk_during_export_leaves_the_site_and_says_so(tiny_export, tmp_path, monkeypatch):
    public, artifacts, _ = tiny_export
    out = tmp_path / "public"
    shutil.copytree(public, out)
    before = digests(out)

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(site, "write_json", full)
    with pytest.raises(WriteError, match=f"could not write {out}: No space left on device"):
        site.export_site(["mlp"], True, out, artifacts, None, False)
    assert digests(out) == before
    assert not list(tmp_path.glob(".public.tmp-*"))  # the staging folder is gone too


def test_a_read_only_output_folder_is_refused_with_a_message(tiny_export, tmp_path, monkeypatch):
    _, artifacts, _ = tiny_export

    def read_only(**kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), kwargs.get("dir"))

    monkeypatch.setattr(files.tempfile, "mkdtemp", read_only)
    code = run_safely(
        site.export_site,
        models=["mlp"],
        reuse=True,
        out=tmp_path / "public",
        artifacts=artifacts,
        data_dir=None,
        download=False,
    )
    assert code == 1


FLAGS = [
    "--models",
    "--reuse",
    "--epochs",
    "--train-limit",
    "--seed",
    "--out",
    "--artifacts",
    "--data-dir",
    "--no-download",
    "--help-me",
    "-x",
]
VALUES = ["mlp", "cnn", "resnet", "0", "-3", "1e9", "2.5", "", "NaN", "/", "/dev/null", "x" * 300]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(FLAGS) | st.sampled_from(VALUES), max_size=6))
def test_export_flags_never_crash(argv):
    """Random flags: parsed and run, or refused with usage; never a traceback."""
    argv = [*argv, "--no-download", "--data-dir", "/nonexistent-fashion-mnist"]
    parser = export_main.parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        assert exit_.code == 2  # argparse printed the usage and what was wrong
        return
    # Valid flags: the export starts and stops at the missing data, with a message.
    assert run_safely(site.export_site, **vars(args)) == 1
