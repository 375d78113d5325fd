"""The page's TF.js (web/src/model.js): backends, fallbacks, and no leaked tensors."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import expect

from tests.helpers import draw_stroke, open_page

pytestmark = pytest.mark.e2e

PREDICT_SAMPLES = """async (n) => {
    const pixels = new Float32Array(n * 784).map((_, i) => (i % 97) / 97);
    return Array.from(await fashionMnist.predict(pixels, n));
}"""


def switch_backend(page, name: str) -> None:
    page.get_by_test_id("backend-select").select_option(name)
    status = page.get_by_test_id("status")
    expect(status).to_contain_text(f"backend {name}")
    expect(status).to_have_attribute("data-state", "ready")


def test_backends_agree_and_the_choice_is_remembered(page, site_url):
    open_page(page, site_url)
    assert page.evaluate("fashionMnist.backend") == "wasm"  # the default
    expect(page.get_by_test_id("backend-select")).to_have_value("wasm")
    reference = np.array(page.evaluate(PREDICT_SAMPLES, 20))

    for name in ("cpu", "webgl"):
        switch_backend(page, name)
        assert page.evaluate("fashionMnist.backend") == name
        np.testing.assert_allclose(page.evaluate(PREDICT_SAMPLES, 20), reference, atol=1e-4)
        expect(page.locator("[data-testid=gallery-item][data-predicted]")).to_have_count(15)

    # The next visit starts with the visitor's choice.
    switch_backend(page, "cpu")
    open_page(page, site_url)
    assert page.evaluate("fashionMnist.backend") == "cpu"
    expect(page.get_by_test_id("backend-select")).to_have_value("cpu")


def test_without_webassembly_or_webgl_the_page_falls_back_to_cpu(page, site_url):
    page.add_init_script(
        """delete globalThis.WebAssembly;
           const getContext = HTMLCanvasElement.prototype.getContext;
           HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
               return /webgl/.test(kind) ? null : getContext.call(this, kind, ...rest);
           };
           const offscreen = OffscreenCanvas.prototype.getContext;
           OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
               return /webgl/.test(kind) ? null : offscreen.call(this, kind, ...rest);
           };"""
    )
    open_page(page, site_url)
    assert page.evaluate("fashionMnist.backend") == "cpu"
    status = page.get_by_test_id("status")
    expect(status).to_contain_text("backend cpu")
    expect(status).to_contain_text("wasm (this browser has no WebAssembly)")
    expect(status).to_contain_text("webgl")
    expect(page.locator("[data-testid=gallery-item][data-predicted]")).to_have_count(15)


def test_500_predictions_leak_no_tensors(page, site_url):
    open_page(page, site_url)
    baseline = page.evaluate("fashionMnist.memory().numTensors")
    predictions = 0
    for round_ in range(10):
        # A drawing: every stroke is predicted while it is drawn, then explained.
        draw_stroke(page, [(0.3, 0.1), (0.3 + 0.04 * round_, 0.9), (0.7, 0.9), (0.7, 0.1)])
        page.get_by_role("button", name="Clear").click()
        # Gallery resamples, and a switch to the other model and back.
        for _ in range(3):
            page.get_by_role("button", name="New sample").click()
            expect(page.get_by_test_id("gallery")).to_have_attribute("aria-busy", "false")
        page.evaluate("fashionMnist.setModel('mlp').then(() => fashionMnist.setModel('cnn'))")
        # Direct calls through the contract.
        page.evaluate(
            """async () => { for (let i = 0; i < 45; i++) {
                await fashionMnist.predict(new Float32Array(784).fill(i / 45)); } }"""
        )
        predictions += 1 + 3 + 2 + 45  # at least; every stroke and re-prediction adds more
    assert predictions >= 500
    expect(page.get_by_test_id("draw-result")).to_have_attribute("aria-busy", "false")
    page.wait_for_timeout(1000)  # the drawing's explanation runs after a pause
    assert page.evaluate("fashionMnist.memory().numTensors") == baseline


WASM_FETCHED = """performance.getEntriesByType('resource').map((r) => r.name)
    .filter((name) => name.endsWith('.wasm')).map((name) => name.split('/').pop())"""


def check_threads(page, threads: int, binary: str) -> None:
    """Checks the threads the page reports, in its status and its contract, and its binary."""
    assert page.evaluate("fashionMnist.threads") == threads
    expect(page.get_by_test_id("status")).to_contain_text(
        f"backend wasm · {threads} thread{'s' if threads > 1 else ''}"
    )
    assert [name.rsplit("-", 1)[0] for name in page.evaluate(WASM_FETCHED)] == [binary]
    expect(page.get_by_test_id("error-banner")).to_be_hidden()


def test_threads_run_under_the_servers_isolation_headers(threaded_page, site_url):
    # Also under its Content-Security-Policy: the page fails on a console error.
    open_page(threaded_page, site_url)
    assert threaded_page.evaluate("crossOriginIsolated")
    check_threads(threaded_page, 2, "tfjs-backend-wasm-threaded-simd")


def test_without_its_threaded_loader_the_page_runs_one_thread_and_says_why(
    threaded_page, site_url, browser_log
):
    browser_log.expect_error(r"Failed to load resource|threaded-simd")
    threaded_page.route("**/chunks/tfjs-backend-wasm-threaded-simd-*.js", lambda r: r.abort())
    open_page(threaded_page, site_url)
    check_threads(threaded_page, 1, "tfjs-backend-wasm-simd")
    expect(threaded_page.get_by_test_id("status")).to_contain_text(
        "not available: WASM threads (their loader could not load"
    )


def test_two_logical_cores_run_one_thread(page, site_url):
    """TF.js would use one thread of two logical cores, so the page skips the threaded build."""
    open_page(page, site_url)
    assert page.evaluate("crossOriginIsolated && navigator.hardwareConcurrency") == 2
    check_threads(page, 1, "tfjs-backend-wasm-simd")


def test_without_service_workers_a_static_host_runs_one_thread(
    page_without_service_workers, static_url
):
    page = page_without_service_workers
    open_page(page, static_url)
    assert page.evaluate("crossOriginIsolated") is False
    check_threads(page, 1, "tfjs-backend-wasm-simd")
    expect(page.locator("[data-testid=gallery-item][data-predicted]")).to_have_count(15)


def test_threaded_predictions_equal_single_threaded_ones(
    threaded_page, page_without_service_workers, site_url, static_url
):
    open_page(threaded_page, site_url)
    open_page(page_without_service_workers, static_url)
    assert threaded_page.evaluate("fashionMnist.threads") == 2
    assert page_without_service_workers.evaluate("fashionMnist.threads") == 1
    threaded = np.array(threaded_page.evaluate(PREDICT_SAMPLES, 200))
    single = np.array(page_without_service_workers.evaluate(PREDICT_SAMPLES, 200))
    np.testing.assert_allclose(threaded, single, atol=1e-5)
