"""Helpers the tests share: running commands and servers, driving the page, reading the site."""

from __future__ import annotations

import io
import os
import re
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
from PIL import Image
from playwright.sync_api import expect

from core.dataset import SEED
from core.paths import ROOT
from export.samples import read_sprite
from web.built import BuiltSite

# Commands ------------------------------------------------------------------------


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
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


# Servers --------------------------------------------------------------------------


def free_port() -> int:
    """Returns a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log, timeout: float = 30) -> None:
    """Waits until something listens on port, or raises with the server's log."""
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
    """Stops a server started by start_server."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    process.log.close()


@contextmanager
def serving(kind: str, site: Path, *flags: str):
    """Serves site with the Flask dev server (given extra flags) or a plain static file
    server; yields its URL."""
    port = free_port()
    if kind == "flask":
        command = [sys.executable, "-m", "web", "--port", str(port), "--site", str(site), *flags]
    else:
        command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
        command += ["--directory", str(site)]
    process = start_server(command, port)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop_server(process)


# The built site -------------------------------------------------------------------


def sample_pixels(site: BuiltSite) -> np.ndarray:
    """The shipped sample images as (n, 784) floats in [0, 1], in sample order."""
    index = site.json("samples/samples.json")
    tiles = [
        read_sprite(sprite, np.array(Image.open(site.path(sprite["file"]))))
        for sprite in index["sprites"]
    ]
    return np.concatenate(tiles).reshape(len(index["indices"]), -1) / 255


def is_quantized(model_json: dict) -> bool:
    """Tells whether a TF.js model stores any weights quantized (uint8 or float16)."""
    return any(
        "quantization" in spec
        for group in model_json["weightsManifest"]
        for spec in group["weights"]
    )


# Pictures -------------------------------------------------------------------------


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def photo_style(image: np.ndarray, size: int = 420, margin: int = 70) -> Image.Image:
    """A dataset image as a product photo: dark object on white, large, with margins."""
    product = Image.fromarray(255 - image).resize((size - 2 * margin,) * 2, Image.LANCZOS)
    photo = Image.new("L", (size, size), 255)
    photo.paste(product, (margin, margin))
    return photo.convert("RGB")


# Models ---------------------------------------------------------------------------


def cnn_with_statistics():
    """Returns the shipped CNN's architecture with random weights, biases and batch-norm
    statistics, so that folding a batch norm into its convolution changes the kernel (and
    the converter keeps the dense layer's bias, as in a trained model)."""
    import tf_keras as keras  # here, so that the page tests' helpers load no TensorFlow

    from train.models import build_cnn

    keras.utils.set_random_seed(SEED)
    model = build_cnn()
    rng = np.random.default_rng(SEED)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            channels = layer.gamma.shape[0]
            layer.set_weights(
                [
                    rng.uniform(0.5, 2.0, channels),  # γ
                    rng.normal(0, 0.1, channels),  # β
                    rng.normal(0, 0.1, channels),  # moving mean
                    rng.uniform(0.1, 2.0, channels),  # moving variance
                ]
            )
        elif isinstance(layer, keras.layers.Dense):
            kernel, bias = layer.get_weights()
            layer.set_weights([kernel, rng.normal(0, 0.1, bias.shape)])
    return model


# The page -------------------------------------------------------------------------


def upload(page, name: str, data: bytes, mime: str = "image/png") -> None:
    page.get_by_test_id("upload").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def open_page(page, url: str) -> None:
    """Opens the page and waits until the model is loaded and the gallery predicted."""
    page.goto(url)
    page.evaluate("fashionMnist.ready")
    expect(page.get_by_test_id("status")).to_have_attribute("data-state", "ready")


def report_cores(page, cores: int) -> None:
    """Makes the page's browser report `cores` logical cores (navigator.hardwareConcurrency)."""
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setHardwareConcurrencyOverride", {"hardwareConcurrency": cores})


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
    """Tells whether a URL stays on this machine (127.0.0.1, data:, blob:, about:)."""
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname == "127.0.0.1"
