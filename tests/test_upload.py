"""Uploads end to end: picker, drop and paste; photo-style images; every bad input."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.helpers import encode, open_page, photo_style, upload

pytestmark = pytest.mark.e2e


# Images -----------------------------------------------------------------------------


def pick_confident(page, dataset, count=3):
    """Finds test images the page's model classifies with ≥ 95% confidence, one per class."""
    images = dataset.test_images[:200]
    probs = np.array(
        page.evaluate(
            "p => fashionMnist.predict(p, 200).then(r => Array.from(r))",
            (images.reshape(200, -1) / 255).ravel().tolist(),
        )
    ).reshape(200, 10)
    chosen, classes = [], set()
    for i, row in enumerate(probs):
        if row.max() >= 0.95 and row.argmax() not in classes:
            chosen.append((images[i], int(row.argmax())))
            classes.add(row.argmax())
        if len(chosen) == count:
            return chosen
    raise AssertionError("the model is confident about too few test images")


# Helpers ----------------------------------------------------------------------------


def expect_prediction(page, expected: int) -> None:
    result = page.get_by_test_id("draw-result")
    expect(result).to_have_attribute("data-predicted", str(expected))
    expect(result).to_have_attribute("aria-busy", "false")
    expect(page.get_by_test_id("draw-panel").get_by_test_id("prob-bar")).to_have_count(10)


def expect_message(page, text: str) -> None:
    message = page.get_by_test_id("input-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text(text)


def hand_over(page, how: str, name: str, data: bytes, mime: str) -> None:
    """Drops or pastes a file onto the page the way a browser does."""
    page.evaluate(
        """([how, b64, name, mime]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: mime }));
            const init = { bubbles: true, cancelable: true };
            if (how === 'drop') {
                const pad = document.querySelector('[data-testid="draw-canvas"]');
                pad.dispatchEvent(new DragEvent('dragover', { ...init, dataTransfer: transfer }));
                pad.dispatchEvent(new DragEvent('drop', { ...init, dataTransfer: transfer }));
            } else {
                const paste = new ClipboardEvent('paste', { ...init, clipboardData: transfer });
                document.body.dispatchEvent(paste);
            }
        }""",
        [how, base64.b64encode(data).decode(), name, mime],
    )


# Flows ------------------------------------------------------------------------------


def test_photos_classify_like_their_test_images(page, site_url, dataset):
    open_page(page, site_url)
    (shirt, shirt_class), (second, second_class), (third, third_class) = pick_confident(
        page, dataset
    )

    # A PNG photo-style version: an object on white, 420 × 420 pixels.
    upload(page, "product.png", encode(photo_style(shirt), "PNG"))
    expect_prediction(page, shirt_class)
    expect(page.get_by_test_id("upload-view")).to_be_visible()
    preview = page.get_by_test_id("draw-preview").evaluate(
        "c => Array.from(c.getContext('2d').getImageData(0, 0, 28, 28).data)"
    )
    gray = np.array(preview).reshape(28, 28, 4)[..., 0].astype(float)
    # The preprocessing undoes the photo: light object on black, like the test image.
    assert np.abs(gray - shirt).mean() < 20

    # A JPEG, stored sideways with an EXIF tag saying to turn it upright.
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    sideways = photo_style(second).transpose(Image.Transpose.ROTATE_90)
    upload(page, "phone.jpg", encode(sideways, "JPEG", quality=92, exif=exif), "image/jpeg")
    expect_prediction(page, second_class)

    # Drag and drop, and paste.
    hand_over(page, "drop", "dropped.png", encode(photo_style(third), "PNG"), "image/png")
    expect_prediction(page, third_class)
    hand_over(page, "paste", "pasted.png", encode(photo_style(shirt), "PNG"), "image/png")
    expect_prediction(page, shirt_class)

    # Drawing replaces the upload, and Clear resets everything.
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_test_id("upload-view")).to_be_hidden()
    expect(page.get_by_test_id("draw-result")).to_have_attribute("data-predicted", "")


def test_bad_inputs_get_clear_answers(page, site_url, dataset):
    open_page(page, site_url)
    png = encode(photo_style(dataset.test_images[0]), "PNG")
    cases = [
        ("notes.txt", b"just some text, not an image", "text/plain", "is not an image"),
        ("empty.png", b"", "image/png", "is empty (0 bytes)"),
        ("huge.png", png[:64] + bytes(21 * 1024 * 1024), "image/png", "up to 20 MB"),
        (
            "wide.png",
            encode(Image.new("L", (8001, 2), 255), "PNG"),
            "image/png",
            "8,001 × 2 pixels; images up to 8,000 pixels",
        ),
        ("broken.png", png[:60] + bytes(200) + png[-12:], "image/png", "is corrupt"),
        (
            "white.png",
            encode(Image.new("RGB", (200, 200), "white"), "PNG"),
            "image/png",
            "Nothing to classify",
        ),
        (
            "black.png",
            encode(Image.new("RGB", (200, 200), "black"), "PNG"),
            "image/png",
            "Nothing to classify",
        ),
    ]
    for name, data, mime, message in cases:
        upload(page, name, data, mime)
        expect_message(page, message)
        expect(page.get_by_test_id("draw-result")).to_have_attribute("data-predicted", "")
        expect(page.get_by_test_id("draw-result")).to_have_attribute("aria-busy", "false")

    # An animated GIF: its first frame is classified, and the page says so.
    first, second = dataset.test_images[1], dataset.test_images[2]
    expected = page.evaluate(
        "p => fashionMnist.predict(p).then(r => r.indexOf(Math.max(...r)))",
        (first.ravel() / 255).tolist(),
    )
    frames = [photo_style(first).convert("P"), photo_style(second).convert("P")]
    gif = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    upload(page, "animated.gif", gif, "image/gif")
    expect_prediction(page, expected)
    expect_message(page, "first frame")

    # Only a flat picture has nothing to classify: a checkerboard filling the frame does.
    squares = np.kron(np.indices((8, 8)).sum(axis=0) % 2, np.ones((25, 25))) * 255
    upload(page, "checkerboard.png", encode(Image.fromarray(squares.astype(np.uint8)), "PNG"))
    expect(page.get_by_text("Showing checkerboard.png.")).to_be_visible()
    expect(page.get_by_test_id("draw-result")).not_to_have_attribute("data-predicted", "")
    expect(page.get_by_test_id("input-message")).to_be_hidden()

    # After all that the page still works: a drawing is classified.
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_test_id("input-message")).to_be_hidden()
    assert page.evaluate("fashionMnist.predict(new Float32Array(784)).then(r => r.length)") == 10
