"""Measures predictions side by side: a page in headless Chromium (first view, one image,
batches) and Keras on the same images.

A page is measured through a hook on `window` with the contract's
`predict(pixels, n) → Promise<Float32Array>`: `fashionMnist` on the site, `peer` on the
plain TF.js page. Timings inside a page come from `performance.now()`; medians throughout.
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import Request, urlopen

import numpy as np

from bench.results import FirstView, Results
from core.dataset import IMAGE_SHAPE
from core.paths import ARTIFACTS_DIR

WARM_UP = 20
RUNS = 200
BATCH = 1000
PAGE_LOADS = 5  # first-view timings are the median of this many fresh visits
BACKENDS = ["wasm", "webgl", "cpu"]
# WASM threads measured. TF.js runs one thread per two logical cores the browser reports,
# so the benchmark makes Chromium report twice as many cores as the threads it wants.
THREADS = [1, 2, 4]
IMAGES_URL = "__bench__/t10k.bin"  # the test images, answered by the benchmark itself
FIRST_PREDICTION = "first-gallery-prediction"  # the performance mark both pages set

LATENCY_JS = """async ([hook, warmUp, runs]) => {
    const api = window[hook];
    const image = new Float32Array(784).map((_, i) => (i % 97) / 97);
    for (let i = 0; i < warmUp; i++) await api.predict(image);
    const times = [];
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await api.predict(image);
        times.push(performance.now() - start);
    }
    return times;
}"""

THROUGHPUT_JS = """async ([hook, url, n, batch]) => {
    const api = window[hook];
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const pixels = Float32Array.from(bytes, (v) => v / 255);
    await api.predict(pixels.subarray(0, batch * 784), batch); // warm-up
    const start = performance.now();
    for (let first = 0; first < n; first += batch) {
        const count = Math.min(batch, n - first);
        await api.predict(pixels.subarray(first * 784, (first + count) * 784), count);
    }
    return performance.now() - start;
}"""

FIRST_VIEW_JS = """(name) => {
    const [mark] = performance.getEntriesByName(name);
    return [mark.startTime, [location.href, ...performance
        .getEntriesByType('resource')
        .filter((r) => r.responseEnd <= mark.startTime).map((r) => r.name)]];
}"""


# Open a page ---------------------------------------------------------------------------


def open_page(browser, url: str, images: np.ndarray | None = None, cores: int | None = None):
    """Opens url in a fresh context (no cache, no service worker); returns (context, page).

    `images` are answered at IMAGES_URL; `cores` is the number of logical cores the
    browser reports (navigator.hardwareConcurrency), set through DevTools before loading.
    """
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    if images is not None:
        page.route(f"**/{IMAGES_URL}", lambda route: route.fulfill(body=images.tobytes()))
    if cores is not None:
        session = context.new_cdp_session(page)
        session.send("Emulation.setHardwareConcurrencyOverride", {"hardwareConcurrency": cores})
    page.goto(url)
    return context, page


# First view -----------------------------------------------------------------------------


def first_view(browser, url: str) -> tuple[list[float], list[str]]:
    """Times fresh visits up to the first gallery prediction; returns (times, URLs fetched)."""
    times = []
    for _ in range(PAGE_LOADS):
        context, page = open_page(browser, url)
        page.wait_for_function(
            "name => performance.getEntriesByName(name).length > 0", arg=FIRST_PREDICTION
        )
        mark, fetched = page.evaluate(FIRST_VIEW_JS, FIRST_PREDICTION)
        times.append(mark)
        context.close()
    return times, sorted(set(fetched))


def sent_bytes(urls: list[str], encoding: str) -> int:
    """Returns the bytes a server sends for urls to a client accepting only `encoding`."""
    total = 0
    for url in urls:
        with urlopen(Request(url, headers={"Accept-Encoding": encoding})) as response:
            total += len(response.read())  # urllib never decodes: these are the wire bytes
    return total


def measure_first_view(browser, url: str, folder: Path, brotli: bool) -> FirstView:
    """Measures a page's first view; its files' bytes come from `folder`, where it is served
    from, raw and as gzip -9, and as sent with brotli when `brotli` (the server compresses)."""
    times, urls = first_view(browser, url)
    files = [folder / (urlparse(u).path.lstrip("/") or "index.html") for u in urls]
    return FirstView(
        prediction_ms=times,
        files=len(files),
        raw=sum(f.stat().st_size for f in files),
        gzip=sum(len(gzip.compress(f.read_bytes(), 9)) for f in files),
        brotli=sent_bytes(urls, "br") if brotli else 0,
    )


# Speed ---------------------------------------------------------------------------------


def page_speed(page, hook: str, count: int) -> dict:
    """Returns {latency_ms, per_second}: one image's median latency and batch throughput."""
    times = page.evaluate(LATENCY_JS, [hook, WARM_UP, RUNS])
    elapsed = page.evaluate(THROUGHPUT_JS, [hook, IMAGES_URL, count, BATCH])
    return {"latency_ms": statistics.median(times), "per_second": count / (elapsed / 1000)}


def wait_for_backend(page, backend: str) -> None:
    """Waits until the site runs `backend` and its status says ready."""
    page.wait_for_function(
        "b => fashionMnist.backend === b && "
        "document.querySelector('[data-testid=status]').dataset.state === 'ready'",
        arg=backend,
    )


def browser_speed(browser, url: str, images: np.ndarray, models: list[str], results: Results):
    """Measures single-image latency and batch throughput for each model and backend."""
    context, page = open_page(browser, url, images)
    page.evaluate("fashionMnist.ready")
    for backend in BACKENDS:
        page.get_by_test_id("backend-select").select_option(backend)
        wait_for_backend(page, backend)
        for model in models:
            page.evaluate("name => fashionMnist.setModel(name)", model)
            print(f"  browser: {model} on {backend}…", flush=True)
            results.browser[(model, backend)] = page_speed(page, "fashionMnist", len(images))
    context.close()


def thread_speed(browser, url: str, images: np.ndarray, models: list[str], results: Results):
    """Measures each model on WASM with each number of THREADS; records the threads it ran."""
    for threads in THREADS:
        context, page = open_page(browser, url, images, cores=2 * threads)
        page.evaluate("fashionMnist.ready")
        wait_for_backend(page, "wasm")
        running = page.evaluate("fashionMnist.threads")
        for model in models:
            page.evaluate("name => fashionMnist.setModel(name)", model)
            print(f"  browser: {model} on wasm, {running} thread(s)…", flush=True)
            found = page_speed(page, "fashionMnist", len(images))
            results.threads[(model, threads)] = {**found, "threads": running}
        context.close()


# Keras --------------------------------------------------------------------------------


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
