"""Every file the page loads is checked (web/src/data.js); each failure gets its own message,
and the rest of the page keeps working where it can."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import draw_stroke, open_page

pytestmark = pytest.mark.e2e

MODEL_JSON = "**/models/cnn/model-*.json"
WEIGHTS = "**/models/cnn/group1-shard1of1-*.bin"


def serve_altered(page, pattern: str, alter) -> None:
    """Serves the files matching pattern with their bytes changed by alter(bytes)."""

    def handle(route):
        response = route.fetch()
        route.fulfill(response=response, body=alter(response.body()))

    page.route(pattern, handle)


def expect_unusable_model(page, *messages: str) -> None:
    """The model failed: a specific banner, no predictions, drawing off, images still shown."""
    error = page.evaluate("fashionMnist.ready.then(() => 'resolved', e => e.message)")
    banner = page.get_by_test_id("error-banner")
    for message in messages:
        assert message in error
        expect(banner).to_contain_text(message)
    expect(page.get_by_test_id("status")).to_have_attribute("data-state", "error")
    expect(page.get_by_test_id("gallery-item")).to_have_count(15)  # the test images show
    expect(page.locator("[data-testid=gallery-item][data-predicted]")).to_have_count(0)
    expect(page.get_by_text("Drawing and uploads are disabled")).to_be_visible()
    expect(page.get_by_test_id("upload")).to_be_disabled()


def flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0xFF])


@pytest.mark.parametrize(
    ("pattern", "alter", "messages"),
    [
        (
            MODEL_JSON,
            lambda b: b"{ this is not json" + b" " * (len(b) - 18),
            ["The cnn model (model.json)", "failed its SHA-256 check"],
        ),
        (
            MODEL_JSON,
            lambda b: b[: len(b) // 2],
            ["The cnn model (model.json)", "truncated or damaged"],
        ),
        (
            WEIGHTS,
            lambda b: b[: len(b) // 2],
            ["weights (group1-shard1of1.bin)", "is {half:,} bytes, expected {size:,}"],
        ),
        (
            WEIGHTS,
            lambda b: b + bytes(1000),
            ["weights (group1-shard1of1.bin)", "is {more:,} bytes, expected {size:,}"],
        ),
        (
            WEIGHTS,
            flip_last_byte,
            ["weights (group1-shard1of1.bin)", "failed its SHA-256 check: the file is corrupted"],
        ),
    ],
    ids=[
        "model-json-malformed",
        "model-json-truncated",
        "weights-truncated",
        "weights-wrong-size",
        "weights-corrupted",
    ],
)
def test_a_damaged_model_is_refused(page, site_url, site, pattern, alter, messages):
    size = site.manifest["models/cnn/group1-shard1of1.bin"]["size"]
    sizes = {"size": size, "half": size // 2, "more": size + 1000}
    serve_altered(page, pattern, alter)
    page.goto(site_url)
    expect_unusable_model(page, *(m.format(**sizes) for m in messages))


@pytest.mark.parametrize("pattern", [MODEL_JSON, WEIGHTS], ids=["model-json", "weights"])
def test_a_missing_model_file_is_named(page, site_url, browser_log, pattern):
    browser_log.expect_error(r"Failed to load resource.*404")
    page.route(pattern, lambda route: route.fulfill(status=404, body="gone"))
    page.goto(site_url)
    expect_unusable_model(page, "answered 404")


def test_missing_sample_images_leave_the_model_working(page, site_url, browser_log):
    browser_log.expect_error(r"Failed to load resource.*404")
    page.route("**/samples/part-0-*.png", lambda route: route.fulfill(status=404, body="gone"))
    open_page(page, site_url)  # the model still loads
    expect(page.get_by_test_id("error-banner")).to_contain_text("Sample images")
    expect(page.get_by_test_id("error-banner")).to_contain_text("answered 404")
    expect(page.get_by_test_id("gallery-item")).to_have_count(0)
    draw_stroke(page, [(0.3, 0.1), (0.3, 0.9), (0.7, 0.9), (0.7, 0.1), (0.3, 0.1)])
    expect(page.get_by_test_id("draw-result")).not_to_have_attribute("data-predicted", "")


def test_a_missing_report_leaves_everything_else_working(page, site_url, browser_log):
    browser_log.expect_error(r"Failed to load resource.*404")
    page.route("**/models/cnn/report-*.json", lambda route: route.fulfill(status=404, body="x"))
    open_page(page, site_url)
    report = page.get_by_test_id("report")
    expect(report).to_contain_text("The training report is not available")
    expect(page.get_by_test_id("error-banner")).to_contain_text("Training report for cnn")
    expect(page.locator("[data-testid=gallery-item][data-predicted]")).to_have_count(15)
    draw_stroke(page, [(0.3, 0.1), (0.3, 0.9), (0.7, 0.9), (0.7, 0.1), (0.3, 0.1)])
    expect(page.get_by_test_id("draw-result")).not_to_have_attribute("data-predicted", "")
