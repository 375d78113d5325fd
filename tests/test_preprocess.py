"""The preprocessing pipeline, through window.fashionMnist.preprocess, and the sketch set."""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import expect

from core.dataset import CLASS_NAMES, IMAGE_SHAPE
from tests.helpers import draw_stroke, open_page
from tests.sketches import SKETCHES

pytestmark = pytest.mark.e2e

# The sketch set scores 16 of 22 (73%) with the page's defaults and the default CNN
# (docs/models.md, "Sketches"); two sketches may flip with the browser's rasterizer,
# more is a regression.
SKETCH_ACCURACY_FLOOR = 14 / 22

# Runs preprocess on a canvas, ImageData, ImageBitmap or <img> made from gray levels.
PREPROCESS = """async ([gray, width, height, kind]) => {
    const image = new ImageData(width, height);
    gray.forEach((v, i) => image.data.set([v, v, v, 255], i * 4));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d').putImageData(image, 0, 0);
    let source = canvas;
    if (kind === 'imagedata') source = image;
    if (kind === 'bitmap') source = await createImageBitmap(canvas);
    if (kind === 'img') {
        source = new Image();
        source.src = canvas.toDataURL();
        await source.decode();
    }
    return Array.from(fashionMnist.preprocess(source));
}"""


def run_preprocess(page, gray: np.ndarray, kind: str = "canvas") -> np.ndarray:
    height, width = gray.shape
    out = page.evaluate(PREPROCESS, [gray.ravel().tolist(), width, height, kind])
    return np.array(out).reshape(IMAGE_SHAPE)


def test_preprocess_follows_the_dataset_pipeline(page, site_url, dataset):
    open_page(page, site_url)
    image = dataset.test_images[0]  # an ankle boot, light on black, already 28 × 28

    # A dataset image passes through nearly unchanged, from every kind of source.
    for kind in ("canvas", "imagedata", "bitmap", "img"):
        out = run_preprocess(page, image, kind)
        assert out.dtype == np.float64 and out.min() >= 0 and out.max() <= 1
        assert np.abs(out * 255 - image).mean() < 3, kind

    # A product photo, dark on white, small and off centre in a large frame, comes back
    # as the dataset image: negated, trimmed, scaled up and centred.
    photo = np.full((300, 400), 255, dtype=np.uint8)
    photo[40:152, 230:342] = 255 - np.kron(image, np.ones((4, 4), dtype=np.uint8))
    out = run_preprocess(page, photo)
    assert np.abs(out * 255 - image).mean() < 12

    # A blank picture has nothing to classify; a wrong argument says what it expected.
    for value in (0, 255):
        error = page.evaluate(
            """v => { const c = document.createElement('canvas'); c.width = c.height = 50;
                      const x = c.getContext('2d'); x.fillStyle = `rgb(${v},${v},${v})`;
                      x.fillRect(0, 0, 50, 50);
                      try { fashionMnist.preprocess(c); return 'no error'; }
                      catch (e) { return e.message; } }""",
            value,
        )
        assert error.startswith("Nothing to classify")
    error = page.evaluate(
        "() => { try { fashionMnist.preprocess('x') } catch (e) { return e.message } }"
    )
    assert "expected a canvas, ImageData, ImageBitmap or HTMLImageElement" in error


def draw_sketch(page, strokes) -> int:
    """Clears the pad, draws a sketch stroke by stroke, and returns the predicted class."""
    page.get_by_role("button", name="Clear").click()
    for stroke in strokes:
        draw_stroke(page, stroke, steps=4)
    result = page.get_by_test_id("draw-result")
    expect(result).not_to_have_attribute("data-predicted", "")
    return int(result.get_attribute("data-predicted"))


def test_sketches_are_classified_as_intended(page, site_url):
    open_page(page, site_url)
    hits = {}
    for label, name, strokes in SKETCHES:
        predicted = draw_sketch(page, strokes)
        hits[name] = predicted == label
        print(f"{name:22s} {CLASS_NAMES[label]:12s} → {CLASS_NAMES[predicted]}")
    accuracy = sum(hits.values()) / len(hits)
    print(f"sketch accuracy: {accuracy:.0%} of {len(hits)}")
    assert len(SKETCHES) >= 20 and {label for label, _, _ in SKETCHES} == set(range(10))
    # Recorded in docs/models.md; a regression below it fails here.
    assert accuracy >= SKETCH_ACCURACY_FLOOR
    right = {label for label, name, _ in SKETCHES if hits[name]}
    assert len(right) >= 5, f"only classes {sorted(right)} were recognised"
