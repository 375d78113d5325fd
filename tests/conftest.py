"""Fixtures: the real dataset, tiny real runs, real servers and a guarded browser page."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from bench.chromium import launch_options
from core.layout import SITE_MODELS
from core.paths import ARTIFACTS_DIR, DIST_DIR, PUBLIC_DIR
from tests.helpers import BrowserLog, is_local, report_cores, run_module, serving
from web.built import BuiltSite

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
    tiny = ["--train-limit", "300", "--epochs", "1", "--no-download"]
    result = run_module("export", *tiny, "--out", str(public), "--artifacts", str(artifacts))
    assert result.returncode == 0, result.stderr
    yield public, artifacts, result
    shutil.rmtree(root, ignore_errors=True)


# The built site -------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site, web/dist (`make test` builds it first)."""
    if not (DIST_DIR / "index.html").is_file():
        pytest.fail(f"{DIST_DIR} is not built; run `make build` (or `npm run build`) first")
    return DIST_DIR


@pytest.fixture(scope="session")
def site(site_dir) -> BuiltSite:
    """The built site web/dist, read through its manifest."""
    return BuiltSite(site_dir)


@pytest.fixture(scope="session")
def references(site, dataset):
    """references(model) → (Keras, TF.js) probabilities (n, 10) for the shipped samples.

    Keras': the saved model in artifacts/. TF.js's: the site's model run in Node by the
    page's own model module (as the export checks it), so the page must match it exactly.
    """
    from export.convert import tfjs_predict
    from train.training import load_run, predict_proba

    images = dataset.test_images[site.json("samples/samples.json")["indices"]]

    @cache
    def probabilities(model: str) -> tuple[np.ndarray, np.ndarray]:
        keras_model, _ = load_run(ARTIFACTS_DIR / model)
        # web/dist holds web/public's files under hashed names; the model reads its
        # shards by their plain names, so it runs from web/public.
        tfjs = tfjs_predict(PUBLIC_DIR / SITE_MODELS / model / "model.json", images)
        return predict_proba(keras_model, images), tfjs

    return probabilities


# Servers --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(site_dir):
    """URL of web/dist served by the Flask dev server."""
    with serving("flask", site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def static_url(site_dir):
    """URL of web/dist served by a plain static file server (`python -m http.server`)."""
    with serving("static", site_dir) as url:
        yield url


@pytest.fixture(params=["flask", "static"])
def any_server_url(request):
    """The smoke set's URL: web/dist served by the Flask dev server, then by a static one."""
    return request.getfixturevalue("site_url" if request.param == "flask" else "static_url")


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


@pytest.fixture
def browser_log() -> BrowserLog:
    """Console errors and outside requests of the test's page."""
    return BrowserLog()


def watch(page, log: BrowserLog) -> None:
    """Records a page's console errors, page errors and requests leaving 127.0.0.1 in log."""
    page.on("request", lambda r: None if is_local(r.url) else log.external.append(r.url))
    page.on(
        "console",
        lambda m: log.errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: log.errors.append(f"page error: {e}"))


def check(log: BrowserLog) -> None:
    """Fails the test if its pages logged errors or sent requests away from 127.0.0.1."""
    assert not log.external, f"requests left 127.0.0.1: {log.external}"
    assert not log.unexpected_errors(), log.unexpected_errors()


@pytest.fixture
def page(page, browser_log):
    """Playwright's page, failing the test on console errors or requests leaving 127.0.0.1."""
    watch(page, browser_log)
    yield page
    check(browser_log)


# TF.js runs one WASM thread per two logical cores, and this machine has two: a browser
# that reports four runs two threads, one per real core.
THREADED_CORES = 4


@pytest.fixture
def threaded_page(page):
    """The guarded page, in a browser that reports enough cores for two WASM threads."""
    report_cores(page, THREADED_CORES)
    return page


@pytest.fixture
def page_without_service_workers(browser, browser_context_args, browser_log):
    """A guarded page whose browser allows no service workers (like some private windows),
    reporting enough cores for two WASM threads."""
    context = browser.new_context(**browser_context_args, service_workers="block")
    try:
        page = context.new_page()
        report_cores(page, THREADED_CORES)
        watch(page, browser_log)
        yield page
    finally:
        context.close()
    check(browser_log)
