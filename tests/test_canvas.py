"""The drawing pad and the page by keyboard and by touch, on a phone-sized screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.helpers import open_page

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True}


def touch_stroke(page, points) -> None:
    """Draws one finger stroke through points given as fractions of the drawing canvas."""
    canvas = page.get_by_test_id("draw-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    session = page.context.new_cdp_session(page)

    def touch(kind, point=None):
        touch_points = []
        if point:
            x, y = box["x"] + point[0] * box["width"], box["y"] + point[1] * box["height"]
            touch_points = [{"x": x, "y": y}]
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touch_points})

    touch("touchStart", points[0])
    for a, b in zip(points, points[1:], strict=False):
        for t in (0.25, 0.5, 0.75, 1.0):
            touch("touchMove", (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    touch("touchEnd")
    session.detach()


@pytest.mark.browser_context_args(**PHONE)
def test_phone_layout_and_touch_drawing(page, site_url):
    open_page(page, site_url)
    # Nothing is wider than the 360-pixel screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for testid in ("gallery", "draw-canvas", "report", "model-select"):
        box = page.get_by_test_id(testid).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, testid

    touch_stroke(page, [(0.3, 0.1), (0.3, 0.9), (0.7, 0.9), (0.7, 0.1), (0.3, 0.1)])
    result = page.get_by_test_id("draw-result")
    expect(result).not_to_have_attribute("data-predicted", "")
    expect(result).to_have_attribute("aria-busy", "false")
    expect(page.get_by_test_id("draw-panel").get_by_test_id("prob-bar")).to_have_count(10)
    assert page.evaluate("window.scrollX") == 0  # the stroke drew, it did not pan the page


def focused(page) -> str:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return e.dataset.testid || e.getAttribute('aria-label') || e.textContent.trim();
        }"""
    )


def test_keyboard_operation(page, site_url):
    open_page(page, site_url)
    # Tab reaches every control, in page order.
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(focused(page))
    for control in (
        "model-select",
        "gallery-filter",
        "resample",
        "draw-canvas",
        "clear",
        "fill-toggle",
        "upload",
    ):
        assert control in seen, f"{control} is not reachable by Tab: {seen}"
    assert any(name.startswith("Enlarge test image") for name in seen)

    # A gallery image opens with Enter and closes with Escape.
    page.get_by_role("button", name="Enlarge test image").first.focus()
    page.keyboard.press("Enter")
    detail = page.get_by_test_id("detail")
    expect(detail).to_be_visible()
    page.keyboard.press("Escape")
    expect(detail).to_be_hidden()

    # The model changes from the keyboard.
    page.get_by_test_id("model-select").focus()
    page.keyboard.press("ArrowUp")  # cnn → mlp
    expect(page.get_by_test_id("status")).to_contain_text("model mlp")

    # Drawing with the keyboard: Space puts the pen down, arrows draw, Space lifts it.
    page.get_by_test_id("draw-canvas").focus()
    page.keyboard.press("Space")
    for key in ["ArrowDown"] * 6 + ["ArrowRight"] * 4 + ["ArrowUp"] * 6:
        page.keyboard.press(key)
    page.keyboard.press("Space")
    result = page.get_by_test_id("draw-result")
    expect(result).not_to_have_attribute("data-predicted", "")
    expect(result).to_have_attribute("aria-busy", "false")
    # The prediction is announced once drawing pauses.
    name = page.evaluate("fashionMnist.classNames")[int(result.get_attribute("data-predicted"))]
    expect(page.get_by_test_id("announcer")).to_contain_text(f"Prediction: {name}")
    page.keyboard.press("Tab")  # leaves the canvas: Tab is not swallowed by the pad
    assert focused(page) != "draw-canvas"
