"""The service worker (web/src/sw.js): a second visit works offline; a failed one is harmless;
on a host without isolation headers it isolates the page after one reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import draw_stroke, open_page, serving

pytestmark = pytest.mark.e2e


def test_second_visit_works_offline(page, any_server_url):
    open_page(page, any_server_url)
    # The first visit installs the worker, which caches the whole site.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    try:
        open_page(page, any_server_url)  # served by the worker from its cache
        expect(page.locator("[data-testid=gallery-item][data-predicted]")).to_have_count(15)
        draw_stroke(page, [(0.3, 0.1), (0.3, 0.9), (0.7, 0.9), (0.7, 0.1), (0.3, 0.1)])
        expect(page.get_by_test_id("draw-result")).not_to_have_attribute("data-predicted", "")
        # The other model and the rest of the samples were cached too.
        page.evaluate("fashionMnist.setModel('mlp')")
        assert page.evaluate("fashionMnist.model.name") == "mlp"
    finally:
        page.context.set_offline(False)


def test_failed_registration_leaves_the_page_working(page, site_dir, browser_log):
    browser_log.expect_error(
        r"bad HTTP response code \(404\) was received when fetching the script"
    )
    # The worker's script is fetched for the browser context, not by the page itself.
    page.context.route("**/sw.js", lambda route: route.fulfill(status=404, body="gone"))
    # An origin of its own: this Chromium lets a worker registered for an origin in one
    # browser context control that origin's pages in the next context too.
    with serving("flask", site_dir) as url:
        open_page(page, url)
        expect(page.locator("[data-testid=gallery-item][data-predicted]")).to_have_count(15)
        assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
        assert page.evaluate("navigator.serviceWorker.controller") is None
        expect(page.get_by_test_id("error-banner")).to_be_hidden()


STATE = "[crossOriginIsolated, fashionMnist.threads]"


def release_worker(page, held: list) -> None:
    """Lets the service worker's script, held by a route, load once the page asks for it."""
    for _ in range(100):  # the page registers its worker once it is ready
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the page registered no service worker"
    held[0].continue_()


def test_a_static_host_is_isolated_after_exactly_one_reload(threaded_page, site_dir):
    page = threaded_page
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    # The worker's script waits until the first visit is checked: the reload follows it.
    held = []
    page.context.route("**/sw.js", lambda route: held.append(route))
    # An origin of its own, where no worker of an earlier test is installed.
    with serving("static", site_dir) as url:
        page.goto(url)  # `ready` waits for the worker, and so for the reload
        expect(page.get_by_test_id("status")).to_contain_text("backend wasm · 1 thread")
        assert page.evaluate(STATE) == [False, 1]  # the first visit: no headers, one thread
        release_worker(page, held)

        page.wait_for_function("performance.getEntriesByType('navigation')[0].type === 'reload'")
        page.evaluate("fashionMnist.ready")
        assert page.evaluate(STATE) == [True, 2]  # isolated by the worker's headers
        expect(page.get_by_test_id("status")).to_contain_text("backend wasm · 2 threads")
        assert page.evaluate("navigator.serviceWorker.controller !== null")
        page.wait_for_timeout(1000)  # time enough for another reload, were there one
        assert loads == [url, url]

        page.context.set_offline(True)  # the worker's cached page is isolated too
        try:
            open_page(page, url)
            assert page.evaluate(STATE) == [True, 2]
        finally:
            page.context.set_offline(False)


def test_a_visitor_who_has_begun_drawing_is_not_reloaded(threaded_page, site_dir):
    """The isolation reload waits for no one: once the visitor has drawn, it is skipped."""
    page = threaded_page
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    held = []
    page.context.route("**/sw.js", lambda route: held.append(route))
    with serving("static", site_dir) as url:
        page.goto(url)
        expect(page.get_by_test_id("status")).to_have_attribute("data-state", "ready")
        draw_stroke(page, [(0.3, 0.3), (0.7, 0.7)])
        drawn = page.get_by_test_id("draw-result").get_attribute("data-predicted")
        assert drawn != ""
        release_worker(page, held)
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.evaluate("fashionMnist.ready")
        page.wait_for_timeout(1000)  # time enough for the reload, were there one
        assert loads == [url]
        expect(page.get_by_test_id("draw-result")).to_have_attribute("data-predicted", drawn)
        assert page.evaluate(STATE) == [False, 1]  # isolated from the next visit on


def test_a_tab_that_reloaded_once_stays_single_threaded(threaded_page, site_dir):
    """A browser whose worker cannot isolate the page: the tab reloads no second time."""
    page = threaded_page
    page.add_init_script("sessionStorage.setItem('fashion-mnist-isolation-reload', '1')")
    loads = []
    page.on("load", lambda _: loads.append(page.url))
    with serving("static", site_dir) as url:
        open_page(page, url)
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_timeout(1000)
        assert loads == [url]
        assert page.evaluate(STATE) == [False, 1]
        expect(page.get_by_test_id("error-banner")).to_be_hidden()
