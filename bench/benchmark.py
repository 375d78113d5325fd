"""Runs the whole benchmark in one go, side by side on one machine, and writes
BENCHMARKS.md: the page in headless Chromium on loopback (first view, predictions on
every backend and with WASM threads, training), the plain TF.js peer page, Keras on the
same images, and Lighthouse. Every comparison is a ratio of two numbers measured
minutes apart on the same machine.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import inference, peer, report, training
from bench.chromium import launch_options
from bench.lighthouse import RUNS, LighthouseError, median_run, run_lighthouse, summarize
from bench.machine import WEBGL_RENDERER_JS, describe_machine, load_average
from bench.results import Results
from bench.serving import serving, serving_folder
from core.console import UserError
from core.layout import SITE_CONFIG
from web.built import BuiltSite


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


def lighthouse(url: str, results: Results) -> None:
    """Runs Lighthouse on url RUNS times and keeps the median run; records why runs failed."""
    summaries, errors = [], []
    for run in range(1, RUNS + 1):
        print(f"  lighthouse, run {run} of {RUNS}…", flush=True)
        try:
            summaries.append(summarize(run_lighthouse(url)))
        except (LighthouseError, KeyError, ValueError) as err:
            errors.append(f"{type(err).__name__}: {err}")
            print(f"  lighthouse failed: {errors[-1]}", flush=True)
    if summaries:
        results.lighthouse = median_run(summaries)
    if errors:
        results.lighthouse_error = f"{len(errors)} of {RUNS} runs failed; the last: {errors[-1]}"


def in_browser(playwright, site: Path, peer_dir: Path, images, labels, models, results: Results):
    """Measures the page, its training and the peer in Chromium, then Lighthouse."""
    try:
        browser = playwright.chromium.launch(**launch_options(playwright))
    except RuntimeError as err:
        raise UserError(str(err)) from None
    with serving(site) as url, serving_folder(peer_dir) as peer_url:
        print("  first view: the page…", flush=True)
        results.first_view = inference.measure_first_view(browser, url, site, brotli=True)
        print("  first view: the peer…", flush=True)
        peer.measure_peer(browser, peer_url, peer_dir, images[: peer.PEER_IMAGES], results)
        inference.browser_speed(browser, url, images, models, results)
        inference.thread_speed(browser, url, images, models, results)
        results.page_training, results.page_training_checks = training.page_training(browser, url)
        results.page_training_threaded = training.page_training_threaded(
            browser, url, report.THREADED
        )
        results.teach_seconds = training.page_teaching(browser, url, images, labels)
        page = browser.new_page()
        webgl = page.evaluate(WEBGL_RENDERER_JS)
        version = browser.version
        browser.close()
        lighthouse(url, results)
    return version, webgl


def run(site: Path, out: Path, models: list[str] | None = None) -> Results:
    """Runs every measurement and writes the report to `out`."""
    from playwright.sync_api import sync_playwright

    from train.data import load_dataset

    models = site_models(site, models)
    data = load_dataset(download=False)
    images = data.test_images.reshape(len(data.test_images), -1)
    results = Results()
    load_start = load_average()
    print(f"Benchmarking {', '.join(models)} in the built site against Keras (minutes)…")
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as folder:
        print("  building the peer page…", flush=True)
        peer_dir = peer.build_peer(site, models[0], Path(folder))
        with sync_playwright() as playwright:
            version, webgl = in_browser(
                playwright, site, peer_dir, images, data.test_labels, models, results
            )
    inference.keras_speed(data.test_images, models, results)
    results.keras_training = training.keras_training(data)
    results.machine = {**describe_machine(version, webgl), "load_start": load_start}
    text = report.markdown(results, models)
    print()
    print("\n".join(report.table(results, models)))
    print()
    print("\n".join(report.verdicts(results, models[0])))
    out.write_text(text)
    print(f"\nWrote {out}")
    return results
