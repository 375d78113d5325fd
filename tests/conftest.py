"""Shared fixtures: the real dataset, tiny real runs, real servers and a guarded browser page."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from bench.chromium import launch_options
from train import constants as C

ROOT = C.ROOT


# Data and trainings ---------------------------------------------------------------


@pytest.fixture(scope="session")
def dataset():
    """The real, checksum-verified Fashion-MNIST (never downloaded by the tests)."""
    from train.data import load_dataset

    return load_dataset(download=False)


@pytest.fixture(scope="session")
def tiny_export(tmp_path_factory):
    """A real export of a tiny training (300 images, 1 epoch) into a temporary folder."""
    root = tmp_path_factory.mktemp("tiny-export")
    public, artifacts = root / "public", root / "artifacts"
    result = run_module(
        "export", "--train-limit", "300", "--epochs", "1",
        "--out", str(public), "--artifacts", str(artifacts), "--no-download",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    yield public, artifacts, result
    shutil.rmtree(root, ignore_errors=True)


def run_module(module: str, *args: str, env: dict | None = None, timeout: float = 600):
    """Runs `python -m module args` from the repo root and returns the completed process."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def interrupt_when(args: list[str], marker: str, sig=signal.SIGINT, timeout: float = 120):
    """Runs `python -m args`, sends a signal (Ctrl-C's SIGINT by default) once a stdout line
    starts with marker, and returns (exit code, stderr)."""
    process = subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # lines arrive as they are printed
        # A shell's background job ignores SIGINT, and children inherit that; a terminal
        # user's Ctrl-C is what this simulates, so restore the default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    for line in process.stdout:
        if line.startswith(marker):
            break
    time.sleep(1)
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=timeout)
    return process.returncode, stderr


def build_site(public: Path, out: Path) -> None:
    """Assembles a site from an exported public folder with the project's own build script."""
    result = subprocess.run(
        ["npm", "run", "--silent", "build", "--", "--public", str(public), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


# Servers --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited early: {log.read().decode(errors='replace')}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"server did not listen on port {port} within {timeout}s")


def start_server(command: list[str], port: int):
    """Starts a server process, waits until it listens, and returns it."""
    # Its log (a line per request) goes to a file: a pipe nobody reads would fill up
    # and block the server.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop_server)
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    wait_for_port(port, process, log)
    return process


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    process.log.close()


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site, web/dist (`make test` builds it first)."""
    if not (C.DIST_DIR / "index.html").is_file():
        pytest.fail(f"{C.DIST_DIR} is not built; run `make build` (or `npm run build`) first")
    return C.DIST_DIR


class BuiltSite:
    """Reads a built site's files by their logical names, through its manifest."""

    def __init__(self, root: Path):
        self.root = root
        html = (root / "index.html").read_text()
        name = re.search(r'<meta name="site-manifest" content="([^"]+)"', html).group(1)
        self.manifest = json.loads((root / name).read_text())["files"]

    def path(self, logical: str) -> Path:
        return self.root / self.manifest[logical]["url"]

    def json(self, logical: str):
        return json.loads(self.path(logical).read_text())

    def sample_probs(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """Keras' and TF.js's probabilities for the shipped sample images, in sample order."""
        probs = self.json(f"models/{model}/sample-probs.json")
        return np.array(probs["keras"]), np.array(probs["tfjs"])

    def sample_pixels(self) -> np.ndarray:
        """The shipped sample images as (n, 784) floats in [0, 1], in sample order."""
        index = self.json("samples/samples.json")
        tiles, tile, columns = [], index["tile"], index["columns"]
        for sprite in index["sprites"]:
            sheet = np.array(Image.open(self.path(sprite["file"])), dtype=np.float32) / 255
            for i in range(sprite["count"]):
                r, c = divmod(i, columns)
                tiles.append(sheet[r * tile : (r + 1) * tile, c * tile : (c + 1) * tile].ravel())
        return np.stack(tiles)


@pytest.fixture(scope="session")
def site(site_dir) -> BuiltSite:
    """The built site web/dist, read through its manifest."""
    return BuiltSite(site_dir)


@contextmanager
def serving(kind: str, site: Path, *flags: str):
    """Serves site with the Flask dev server (given extra flags) or a plain static file server;
    yields its URL."""
    port = free_port()
    if kind == "flask":
        command = [sys.executable, "-m", "web", "--port", str(port), "--site", str(site), *flags]
    else:
        command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                   "--directory", str(site)]  # fmt: skip
    process = start_server(command, port)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop_server(process)


@pytest.fixture(scope="session", params=["flask", "static"])
def site_url(request, site_dir):
    """URL of web/dist served by the Flask dev server, then by a plain static server."""
    with serving(request.param, site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def flask_url(site_dir):
    """URL of web/dist served by the Flask dev server only (for the slow tests)."""
    with serving("flask", site_dir) as url:
        yield url


# Browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, playwright):
    """Uses Playwright's own Chromium when installed, otherwise the system's."""
    try:
        options = launch_options(playwright)
    except RuntimeError as err:
        pytest.fail(str(err))
    return {
        **browser_type_launch_args,
        **options,
        "args": [*browser_type_launch_args.get("args", []), *options["args"]],
    }


def open_page(page, url: str) -> None:
    """Opens the page and waits until the model is loaded and the gallery predicted."""
    page.goto(url)
    page.evaluate("fashionMnist.ready")
    expect(page.get_by_test_id("status")).to_have_attribute("data-state", "ready")


def draw_stroke(page, points: list[tuple[float, float]], steps: int = 8) -> None:
    """Draws one stroke through points given as fractions (0-1) of the drawing canvas.

    Returns once the page has shown the prediction for the finished stroke.
    """
    canvas = page.get_by_test_id("draw-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()

    def at(point):
        return box["x"] + point[0] * box["width"], box["y"] + point[1] * box["height"]

    page.mouse.move(*at(points[0]))
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*at(point), steps=steps)
    page.mouse.up()
    expect(page.get_by_test_id("draw-result")).to_have_attribute("aria-busy", "false")


@dataclass
class BrowserLog:
    """Collects console errors, page errors and requests that leave 127.0.0.1."""

    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    expected: list[re.Pattern] = field(default_factory=list)

    def expect_error(self, pattern: str) -> None:
        """Allows console errors matching pattern (for tests that cause failures)."""
        self.expected.append(re.compile(pattern))

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.expected)]


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname == "127.0.0.1"


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def page(page, browser_log):
    """Playwright's page, failing the test on console errors or requests leaving 127.0.0.1."""
    page.on("request", lambda r: None if is_local(r.url) else browser_log.external.append(r.url))
    page.on(
        "console",
        lambda m: browser_log.errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: browser_log.errors.append(f"page error: {e}"))
    yield page
    assert not browser_log.external, f"requests left 127.0.0.1: {browser_log.external}"
    assert not browser_log.unexpected_errors(), browser_log.unexpected_errors()
