"""Measures the page against Keras, side by side in one run, and writes BENCHMARKS.md.

In headless Chromium on loopback: the time from navigation to the first gallery
prediction and the bytes fetched until then; for each TF.js backend, the latency of
one image (median of 200 after warm-up) and the throughput on the 10,000 test images.
In the same run, Keras: the latency of `model(x)` for one image and `predict`'s
throughput on the same images. Timings are medians, and every comparison is a ratio
of two numbers measured minutes apart on the same machine.
"""

from __future__ import annotations

import gzip
import logging
import os
import platform
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from bench.chromium import launch_options
from core.console import UserError
from core.dataset import IMAGE_SHAPE
from core.layout import SITE_CONFIG
from core.paths import ARTIFACTS_DIR
from web.built import BuiltSite

WARM_UP = 20
RUNS = 200
BATCH = 1000
PAGE_LOADS = 5  # first-view timings are the median of this many fresh visits
BACKENDS = ["wasm", "webgl", "cpu"]
GOALS = {"latency": 1.0, "throughput": 0.5, "first_prediction_ms": 1500}


@dataclass
class Results:
    """Everything one benchmark run measured."""

    first_prediction_ms: list[float] = field(default_factory=list)
    first_view_raw: int = 0
    first_view_gzip: int = 0
    first_view_files: int = 0
    browser: dict = field(default_factory=dict)  # (model, backend) → {latency_ms, per_second}
    keras: dict = field(default_factory=dict)  # model → {latency_ms, per_second}
    machine: dict = field(default_factory=dict)


# Serve ------------------------------------------------------------------------------


@contextmanager
def serving(site: Path):
    """Serves the built site with the dev server on a free loopback port; yields its URL."""
    from werkzeug.serving import make_server

    from web.server import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    if not (site / "index.html").is_file():
        raise UserError(f"{site} has no index.html. Build the site first: make build")
    server = make_server("127.0.0.1", 0, create_app({"SITE_DIR": site}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


# Measure in the browser --------------------------------------------------------------

LATENCY_JS = """async ([warmUp, runs]) => {
    const image = new Float32Array(784).map((_, i) => (i % 97) / 97);
    for (let i = 0; i < warmUp; i++) await fashionMnist.predict(image);
    const times = [];
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await fashionMnist.predict(image);
        times.push(performance.now() - start);
    }
    return times;
}"""

THROUGHPUT_JS = """async ([url, n, batch]) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const pixels = Float32Array.from(bytes, (v) => v / 255);
    await fashionMnist.predict(pixels.subarray(0, batch * 784), batch); // warm-up
    const start = performance.now();
    for (let first = 0; first < n; first += batch) {
        const count = Math.min(batch, n - first);
        await fashionMnist.predict(pixels.subarray(first * 784, (first + count) * 784), count);
    }
    return performance.now() - start;
}"""


def first_view(browser, url: str, site: Path, results: Results) -> None:
    """Times fresh visits up to the first gallery prediction and sums the bytes they fetch."""
    for _ in range(PAGE_LOADS):
        context = browser.new_context(service_workers="block")  # a first visit every time
        page = context.new_page()
        page.goto(url)
        page.evaluate("fashionMnist.ready")
        mark, fetched = page.evaluate(
            """() => {
                const [mark] = performance.getEntriesByName('first-gallery-prediction');
                return [mark.startTime, [location.href, ...performance
                    .getEntriesByType('resource')
                    .filter((r) => r.responseEnd <= mark.startTime).map((r) => r.name)]];
            }"""
        )
        results.first_prediction_ms.append(mark)
        context.close()
    files = [site / (urlparse(u).path.lstrip("/") or "index.html") for u in set(fetched)]
    results.first_view_files = len(files)
    results.first_view_raw = sum(f.stat().st_size for f in files)
    results.first_view_gzip = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def browser_speed(browser, url: str, images: np.ndarray, models: list[str], results: Results):
    """Measures single-image latency and batch throughput for each model and backend."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.route("**/__bench__/t10k.bin", lambda route: route.fulfill(body=images.tobytes()))
    page.goto(url)
    page.evaluate("fashionMnist.ready")
    for backend in BACKENDS:
        page.get_by_test_id("backend-select").select_option(backend)
        page.wait_for_function(
            "b => fashionMnist.backend === b && "
            "document.querySelector('[data-testid=status]').dataset.state === 'ready'",
            arg=backend,
        )
        for model in models:
            page.evaluate("name => fashionMnist.setModel(name)", model)
            print(f"  browser: {model} on {backend}…", flush=True)
            times = page.evaluate(LATENCY_JS, [WARM_UP, RUNS])
            elapsed = page.evaluate(THROUGHPUT_JS, ["__bench__/t10k.bin", len(images), BATCH])
            results.browser[(model, backend)] = {
                "latency_ms": statistics.median(times),
                "per_second": len(images) / (elapsed / 1000),
            }
    context.close()


# Measure Keras --------------------------------------------------------------------------


def keras_speed(images: np.ndarray, models: list[str], results: Results) -> None:
    """Measures Keras on the same images: `model(x)` for one image, `predict` for all."""
    from train.data import scale
    from train.training import load_run

    x = scale(images.reshape(-1, *IMAGE_SHAPE))
    one = x[:1]
    for model_name in models:
        print(f"  keras: {model_name}…", flush=True)
        model, _ = load_run(ARTIFACTS_DIR / model_name)
        for _ in range(WARM_UP):
            model(one, training=False)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            model(one, training=False).numpy()
            times.append((time.perf_counter() - start) * 1000)
        model.predict(x[:BATCH], batch_size=BATCH, verbose=0)  # warm-up
        start = time.perf_counter()
        model.predict(x, batch_size=BATCH, verbose=0)
        elapsed = time.perf_counter() - start
        results.keras[model_name] = {
            "latency_ms": statistics.median(times),
            "per_second": len(x) / elapsed,
        }


# Describe → report ----------------------------------------------------------------------


def describe_machine(browser_version: str, webgl: str) -> dict:
    """Returns what the numbers depend on: CPU, cores, memory, software versions, date."""
    import tensorflow as tf

    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "chromium": browser_version,
        "webgl": webgl,
    }


def table(results: Results, models: list[str]) -> list[str]:
    """Renders the side-by-side table as Markdown lines."""
    lines = [
        "| model | runtime | one image (median of 200) | vs Keras | 10,000 images | vs Keras |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for model in models:
        keras = results.keras[model]
        lines.append(
            f"| {model} | Keras (TensorFlow, CPU) | {keras['latency_ms']:.2f} ms | 1 | "
            f"{keras['per_second']:,.0f} /s | 1 |"
        )
        for backend in BACKENDS:
            found = results.browser[(model, backend)]
            lines.append(
                f"| {model} | TF.js {backend} | {found['latency_ms']:.2f} ms | "
                f"{found['latency_ms'] / keras['latency_ms']:.2f} | "
                f"{found['per_second']:,.0f} /s | {found['per_second'] / keras['per_second']:.2f} |"
            )
    return lines


def verdicts(results: Results, model: str) -> list[str]:
    """Compares the default model on WASM with the goals; says where it falls short."""
    wasm, keras = results.browser[(model, "wasm")], results.keras[model]
    latency = wasm["latency_ms"] / keras["latency_ms"]
    throughput = wasm["per_second"] / keras["per_second"]
    first = statistics.median(results.first_prediction_ms)

    def mark(ok):
        return "met" if ok else "missed"

    return [
        f"- Browser single-image latency / Keras (goal ≤ {GOALS['latency']:g}): "
        f"{latency:.2f}, {mark(latency <= GOALS['latency'])}.",
        f"- Browser batch throughput / Keras (goal ≥ {GOALS['throughput']:g}): "
        f"{throughput:.2f}, {mark(throughput >= GOALS['throughput'])}.",
        f"- First gallery prediction (goal ≤ {GOALS['first_prediction_ms']:,} ms): "
        f"{first:,.0f} ms, {mark(first <= GOALS['first_prediction_ms'])}.",
        f"- Fetched until then: {results.first_view_files} files, "
        f"{results.first_view_gzip:,} bytes gzip -9 (goal ≤ 400,000), "
        f"{results.first_view_raw:,} bytes raw.",
    ]


def speed_words(ratio: float) -> str:
    """Says a speed ratio (above 1: faster) in words: "3.2× faster", "1.5× slower"."""
    return f"{ratio:.1f}× faster" if ratio >= 1 else f"{1 / ratio:.1f}× slower"


def findings(results: Results, models: list[str]) -> list[str]:
    """Reads the run's numbers back as sentences, so the text changes when the numbers do."""
    lines = []
    for model in models:
        keras = results.keras[model]
        by_latency = sorted(BACKENDS, key=lambda b: results.browser[(model, b)]["latency_ms"])
        by_rate = sorted(BACKENDS, key=lambda b: -results.browser[(model, b)]["per_second"])
        fastest = results.browser[(model, by_latency[0])]
        best = results.browser[(model, by_rate[0])]
        lines += [
            f"- {model}, one image: the page is fastest on {by_latency[0]}, "
            f"{speed_words(keras['latency_ms'] / fastest['latency_ms'])} than Keras; "
            f"slowest on {by_latency[-1]}.",
            f"- {model}, 10,000 images: the page is fastest on {by_rate[0]}, "
            f"{speed_words(best['per_second'] / keras['per_second'])} than Keras; "
            f"slowest on {by_rate[-1]}.",
        ]
    return lines


def markdown(results: Results, models: list[str]) -> str:
    """Renders BENCHMARKS.md."""
    m = results.machine
    first = results.first_prediction_ms
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); every number below comes from one run,",
        "browser and Keras side by side, on this machine:",
        "",
        f"- {m['date']}; {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}",
        f"- Chromium {m['chromium']} (headless, loopback; WebGL renderer: {m['webgl']}), "
        f"Python {m['python']}, TensorFlow {m['tensorflow']}",
        "",
        f"## Verdict ({models[0]}, the default model, on WASM)",
        "",
        *verdicts(results, models[0]),
        "",
        "## First view",
        "",
        f"Time from navigation start to the first gallery prediction, {PAGE_LOADS} fresh "
        f"visits (no cache, no service worker): median {statistics.median(first):,.0f} ms "
        f"(min {min(first):,.0f}, max {max(first):,.0f}). Bytes: every file fetched until "
        "then, measured on disk as they are (raw) and as `gzip -9` output, which is what "
        "a compressing static host sends.",
        "",
        "## Speed",
        "",
        f"One image: `fashionMnist.predict` in the page, timed inside the page, median of "
        f"{RUNS} after {WARM_UP} warm-up calls; Keras: `model(x)`. 10,000 images: the official "
        f"test set in batches of {BATCH}; Keras: `model.predict(x, batch_size={BATCH})`. "
        "Ratios are browser ÷ Keras (latency: lower is better; throughput: higher is better).",
        "",
        *table(results, models),
        "",
        "## What the numbers say",
        "",
        *findings(results, models),
        "",
        "What shapes them: Keras pays TensorFlow's eager-mode overhead on every `model(x)`",
        "call and runs oneDNN's native kernels on all cores for batches; the page's WASM",
        "backend runs on one thread with 128-bit SIMD (threads need cross-origin isolation);",
        "WebGL runs on the renderer named above (SwiftShader is a software renderer).",
        "",
    ]
    return "\n".join(lines)


# The whole run ----------------------------------------------------------------------------


WEBGL_RENDERER_JS = """() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
    return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : 'none';
}"""


def site_models(site: Path, wanted: list[str] | None) -> list[str]:
    """Returns the models to measure: `wanted`, or all the site has with its default first."""
    if not (site / "index.html").is_file():
        raise UserError(f"{site} has no index.html. Build the site first: make build")
    config = BuiltSite(site).json(SITE_CONFIG)
    names = [entry["name"] for entry in config["models"]]
    unknown = [name for name in wanted or [] if name not in names]
    if unknown:
        raise UserError(f"the site has no model {', '.join(unknown)}; it has: {', '.join(names)}")
    default = config["defaultModel"]
    return wanted or [default, *(name for name in names if name != default)]


def run(site: Path, out: Path, models: list[str] | None = None) -> Results:
    """Runs every measurement and writes the report to `out`."""
    from playwright.sync_api import sync_playwright

    from train.data import load_dataset

    models = site_models(site, models)
    images = load_dataset(download=False).test_images
    results = Results()
    print(f"Benchmarking {', '.join(models)} in the built site against Keras (minutes)…")
    with serving(site) as url, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(**launch_options(playwright))
        except RuntimeError as err:
            raise UserError(str(err)) from None
        print("  first view…", flush=True)
        first_view(browser, url, site, results)
        browser_speed(browser, url, images.reshape(len(images), -1), models, results)
        page = browser.new_page()
        webgl = page.evaluate(WEBGL_RENDERER_JS)
        results.machine = describe_machine(browser.version, webgl)
        browser.close()
    keras_speed(images, models, results)
    report = markdown(results, models)
    print()
    print("\n".join(table(results, models)))
    print()
    print("\n".join([*verdicts(results, models[0]), *findings(results, models)]))
    out.write_text(report)
    print(f"\nWrote {out}")
    return results
