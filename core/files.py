"""Writes folders atomically, so an interrupted run never leaves half an artifact in place,
and fingerprints a TF.js model's weights."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.console import UserError

_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swaps two paths in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_dir(new: Path, dest: Path) -> None:
    """Puts folder `new` at `dest`, replacing what was there without a moment of absence."""
    if not dest.exists():
        new.rename(dest)
    elif _exchange(new, dest):
        shutil.rmtree(new)  # after the swap, `new` holds the old content
    else:
        # Fallback: two renames. A crash between them leaves `dest` recoverable as `old`.
        old = dest.with_name(f".{dest.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
        new.rename(dest)
        shutil.rmtree(old)


class WriteError(UserError):
    """Raised when a folder cannot be written (disk full, read-only, no permission)."""


@contextmanager
def staged_dir(dest: Path) -> Iterator[Path]:
    """Yields an empty staging folder beside `dest`; on success it replaces `dest`.

    On any error or interrupt the staging folder is deleted and `dest` is untouched;
    an error of the file system (a full disk, a read-only folder) becomes a WriteError
    that says so.
    """
    stage = None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        for stale in dest.parent.glob(f".{dest.name}.tmp-*"):  # left by a killed run
            shutil.rmtree(stale, ignore_errors=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
        yield stage
        os.chmod(stage, 0o755)  # mkdtemp makes it 0700; a served site must be readable
        replace_dir(stage, dest)
    except OSError as err:
        where = f" ({err.filename})" if err.filename else ""
        raise WriteError(
            f"could not write {dest}: {err.strerror or err}{where}. {dest} was left as it was."
        ) from err
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Writes a file through a temporary sibling, so readers see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def write_json(path: Path, data: object) -> None:
    """Writes compact JSON atomically, creating the folder."""
    write_atomic(path, json.dumps(data, separators=(",", ":")).encode())


def weights_digest(model_json: dict, read_bytes: Callable[[str], bytes]) -> str:
    """Returns the SHA-256 of a TF.js model's weight files, read in its manifest's order.

    read_bytes(name) reads a file named in model.json's weightsManifest; the digest tells
    whether two sites (or a site and a record of measurements) hold the same weights.
    """
    digest = hashlib.sha256()
    for group in model_json["weightsManifest"]:
        for name in group["paths"]:
            digest.update(read_bytes(name))
    return digest.hexdigest()
