"""The loader: search order, verification and the message when data is missing."""

from __future__ import annotations

import gzip
import json
import re
import struct

import numpy as np
import pytest

from core.dataset import CLASS_NAMES, DATA_ENV_VAR, DATA_FILES, DEBIAN_PACKAGE
from evaluate.collect_wild import SOURCES
from tests.helpers import run_module
from train import data as D


@pytest.fixture(scope="module")
def source(dataset):
    """The folder the real files were found in."""
    return dataset.source


def link_official_files(folder, source):
    """Fills folder with symlinks to the real dataset files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, _ in DATA_FILES.values():
        (folder / name).symlink_to(source / name)
    return folder


def write_gz(path, raw: bytes) -> None:
    path.unlink(missing_ok=True)
    with gzip.open(path, "wb") as f:
        f.write(raw)


def official_bytes(source, key: str) -> bytes:
    name, _ = DATA_FILES[key]
    return gzip.open(source / name).read()


@pytest.fixture
def nowhere(tmp_path, monkeypatch):
    """Points every search location at empty folders."""
    monkeypatch.setenv(DATA_ENV_VAR, str(tmp_path / "env"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(D, "SYSTEM_DATA_DIR", tmp_path / "system")
    return tmp_path


def test_loads_official_split_with_scaling(dataset):
    assert dataset.train_images.shape == (60_000, 28, 28)
    assert dataset.test_images.shape == (10_000, 28, 28)
    assert dataset.train_labels.shape == (60_000,)
    assert set(np.unique(dataset.test_labels)) == set(range(10))
    scaled = D.scale(dataset.test_images[:100])
    assert scaled.dtype == np.float32
    assert scaled.min() == 0.0 and scaled.max() == 1.0
    np.testing.assert_allclose(scaled * 255, dataset.test_images[:100])


def test_env_dir_comes_first(tmp_path, monkeypatch, source):
    folder = link_official_files(tmp_path / "mine", source)
    monkeypatch.setenv(DATA_ENV_VAR, str(folder))
    assert D.find_data_dir(download=False) == folder


def test_keras_cache_is_used_when_nothing_else_has_the_data(nowhere, source):
    cache = link_official_files(D.keras_cache_dir(), source)
    assert D.find_data_dir(download=False) == cache


def test_checksum_mismatch_is_refused_naming_the_file(tmp_path, source):
    folder = link_official_files(tmp_path / "data", source)
    raw = bytearray(official_bytes(source, "test_labels"))
    raw[-1] = (raw[-1] + 1) % 10  # still a valid label, but not the official bytes
    name = DATA_FILES["test_labels"][0]
    write_gz(folder / name, bytes(raw))
    with pytest.raises(D.DataError, match=rf"{name}: SHA-256 mismatch"):
        D.load_dataset(folder)


def test_missing_data_names_the_ways_to_get_it(nowhere):
    with pytest.raises(D.DataError) as caught:
        D.load_dataset(download=False)
    message = str(caught.value)
    assert "not found" in message
    assert str(nowhere / "env") in message and str(nowhere / "system") in message
    assert f"apt-get install {DEBIAN_PACKAGE}" in message
    assert DATA_ENV_VAR in message


def test_failed_download_is_reported(nowhere, monkeypatch):
    def offline():
        raise OSError("Name or service not known")

    monkeypatch.setattr(D, "download_with_keras", offline)
    with pytest.raises(D.DataError, match="Keras download: failed .Name or service not known"):
        D.load_dataset()


def test_cli_reports_missing_data_without_traceback(tmp_path):
    result = run_module(
        "train", "--data-dir", str(tmp_path), "--no-download", "--out", str(tmp_path / "out")
    )
    assert result.returncode == 1
    assert "Fashion-MNIST data not found" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing trained on missing data


@pytest.mark.parametrize(
    ("key", "corrupt", "message"),
    [
        ("test_labels", lambda raw: raw[:-5000], "truncated"),
        ("test_images", lambda raw: struct.pack(">I", 1234) + raw[4:], "wrong magic number 1234"),
        ("test_labels", lambda raw: raw[:4] + struct.pack(">I", 9999) + raw[8:], "holds shape"),
        ("test_labels", lambda raw: raw[:-1] + bytes([12]), "label 12 outside 0-9"),
    ],
    ids=["truncated", "magic", "count", "label-range"],
)
def test_corrupt_files_get_specific_errors(tmp_path, source, key, corrupt, message):
    folder = link_official_files(tmp_path / "data", source)
    write_gz(folder / DATA_FILES[key][0], corrupt(official_bytes(source, key)))
    with pytest.raises(D.DataError, match=message):
        D.load_dataset(folder)


def test_truncated_gzip_stream_is_refused(tmp_path, source):
    folder = link_official_files(tmp_path / "data", source)
    name = DATA_FILES["test_labels"][0]
    raw = (source / name).read_bytes()
    (folder / name).unlink()
    (folder / name).write_bytes(raw[: len(raw) // 2])
    with pytest.raises(D.DataError, match="not a complete gzip file"):
        D.load_dataset(folder)


def test_training_artwork_is_whole_labelled_and_apart_from_the_wild_set():
    images, labels = D.load_art()
    manifest = json.loads((D.ART_FILE.parent / "art.json").read_text())
    assert images.shape == (len(manifest["icons"]) * len(manifest["variants"]), 28, 28)
    assert images.dtype == np.uint8 and labels.dtype == np.uint8
    assert (images.reshape(len(images), -1).max(axis=1) > 100).all()  # an object in each
    np.testing.assert_array_equal(
        labels[:: len(manifest["variants"])], [icon["label"] for icon in manifest["icons"]]
    )
    # The wild set must stay an independent check: none of its icon sets are trained on,
    # nor any of the emoji designs kept back (evaluate/collect_wild.py).
    wild = {source.package.split("/")[-1] for source in SOURCES.values()}
    used = set(manifest["sources"])
    assert used and not used & wild
    assert not [s for s in used if re.search(r"noto|twemoji|fluent|apple|facebook", s)]
    # Every class has artwork: the pullovers, which no set outside the wild set's draws,
    # are the project's own drawings.
    assert set(labels) == set(range(len(CLASS_NAMES)))
    pullover = CLASS_NAMES.index("Pullover")
    assert {icon["set"] for icon in manifest["icons"] if icon["label"] == pullover} == {"drawn"}


def test_unreadable_artwork_is_refused_by_name(tmp_path):
    path = tmp_path / "art.npz"
    path.write_bytes(b"not an npz")
    with pytest.raises(D.DataError, match=r"art\.npz.*python -m evaluate\.collect_art"):
        D.load_art(path)
