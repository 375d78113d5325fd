"""The service worker (web/src/sw.js): a second visit works offline; a failed one is harmless."""

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
