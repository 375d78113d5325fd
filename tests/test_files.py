"""Atomic folder replacement: a failed step leaves what was there."""

import errno
import os
import tempfile

import pytest

from core.files import WriteError, replace_dir, staged_dir


def test_staged_dir_replaces_on_success(tmp_path):
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    with staged_dir(dest) as stage:
        (stage / "new.txt").write_text("new")
    assert sorted(p.name for p in dest.iterdir()) == ["new.txt"]
    assert list(tmp_path.iterdir()) == [dest]  # no staging folder left behind


def test_staged_dir_keeps_old_content_on_error(tmp_path):
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    with pytest.raises(KeyboardInterrupt), staged_dir(dest) as stage:
        (stage / "half.txt").write_text("half")
        raise KeyboardInterrupt
    assert (dest / "old.txt").read_text() == "old"
    assert not (dest / "half.txt").exists()
    assert list(tmp_path.iterdir()) == [dest]


def test_replace_dir_creates_missing_destination(tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    (new / "a").write_text("a")
    replace_dir(new, tmp_path / "dest")
    assert (tmp_path / "dest" / "a").read_text() == "a"
    assert not new.exists()


def test_stale_staging_folders_are_cleaned(tmp_path):
    dest = tmp_path / "site"
    stale = tmp_path / ".site.tmp-killed"
    stale.mkdir()
    with staged_dir(dest) as stage:
        (stage / "x").write_text("x")
    assert not stale.exists()


def test_a_full_disk_leaves_the_old_folder_and_says_so(tmp_path):
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    full = pytest.raises(WriteError, match="No space left on device.*was left as it was")
    with full, staged_dir(dest) as stage:
        (stage / "a.txt").write_text("a")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(stage / "b.bin"))
    assert [p.name for p in dest.iterdir()] == ["old.txt"]
    assert list(tmp_path.iterdir()) == [dest]


def test_a_read_only_folder_is_reported(tmp_path, monkeypatch):
    def read_only(**kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    refused = pytest.raises(WriteError, match=f"could not write {tmp_path / 'site'}: Read-only")
    with refused, staged_dir(tmp_path / "site"):
        pass
