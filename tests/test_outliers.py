"""Non-clothing pictures for outlier exposure (train/outliers.py) and their use in training."""

import json
import subprocess

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.dataset import FILL_LEVEL, PAGE_FILL
from core.paths import WEB_DIR
from train import outliers, training

# Runs the page's own fill (web/src/preprocess.js) on pictures given as JSON on stdin.
PAGE_FILL_JS = """
import { fillEnclosed } from %s;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { pictures, size, fill } = JSON.parse(input);
const filled = pictures.map((levels) => {
  const gray = Float32Array.from(levels);
  fillEnclosed(gray, size, size, fill);
  return Array.from(gray);
});
process.stdout.write(JSON.stringify(filled));
"""


@pytest.mark.parametrize("doodles", [False, True])
def test_outliers_are_reproducible_pictures_that_fill_the_frame(doodles):
    pictures = outliers.make(40, seed=7, doodles=doodles)
    assert pictures.shape == (40, 28, 28) and pictures.dtype == np.uint8
    np.testing.assert_array_equal(pictures, outliers.make(40, seed=7, doodles=doodles))
    assert not np.array_equal(pictures, outliers.make(40, seed=8, doodles=doodles))
    for picture in pictures:
        rows, cols = np.nonzero(picture > 0)
        # Trimmed and scaled like every input of the page: the longest edge spans the frame.
        assert max(np.ptp(rows), np.ptp(cols)) >= 25
    assert len({picture.tobytes() for picture in pictures}) == 40


def test_doodles_are_other_pictures_than_the_plain_outliers():
    assert not np.array_equal(outliers.make(40, seed=7), outliers.make(40, seed=7, doodles=True))


def canvas_pictures() -> list[Image.Image]:
    """A ring, an open arc, a fine grid (a texture, no outline), a faint ring, two doodles.

    The doodles are turned, as make() turns some, so their edges hold levels in between.
    """
    ring, arc, grid, faint = (Image.new("L", (outliers.CANVAS,) * 2) for _ in range(4))
    box = (20, 20, 92, 92)
    ImageDraw.Draw(ring).ellipse(box, outline=255, width=6)
    ImageDraw.Draw(arc).arc(box, 30, 330, fill=255, width=6)
    ImageDraw.Draw(faint).ellipse(box, outline=PAGE_FILL["ink"], width=6)  # no ink: not above
    for x in range(0, outliers.CANVAS, 3):  # ink two pixels in three: little is enclosed
        ImageDraw.Draw(grid).line([(x, 0), (x, outliers.CANVAS)], fill=255, width=2)
        ImageDraw.Draw(grid).line([(0, x), (outliers.CANVAS, x)], fill=255, width=2)
    rng = np.random.default_rng(0)
    doodles = [outliers.doodle(rng).rotate(angle, resample=Image.BILINEAR) for angle in (17, 63)]
    return [ring, arc, grid, faint, *doodles]


def test_outliers_are_filled_as_the_page_fills_closed_outlines():
    pictures = canvas_pictures()
    filled = [np.asarray(outliers.fill_enclosed(picture)) for picture in pictures]
    centre = outliers.CANVAS // 2
    assert filled[0][centre, centre] == FILL_LEVEL  # inside the ring
    assert filled[0][2, 2] == 0  # outside it
    for unchanged in (1, 2, 3):  # an open arc, a texture, a faint ring
        np.testing.assert_array_equal(filled[unchanged], np.asarray(pictures[unchanged]))

    # The page's own fill, on the same pictures, gives the same levels.
    module = json.dumps((WEB_DIR / "src" / "preprocess.js").as_uri())
    request = {
        "pictures": [np.asarray(p).ravel().tolist() for p in pictures],
        "size": outliers.CANVAS,
        "fill": PAGE_FILL,
    }
    page = subprocess.run(
        ["node", "--input-type=module", "-e", PAGE_FILL_JS % module],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    )
    for ours, theirs in zip(filled, json.loads(page.stdout), strict=True):
        np.testing.assert_array_equal(ours.ravel(), theirs)


def test_outliers_join_the_training_set_with_even_targets(dataset):
    images = dataset.train_images[:200] / 255
    labels = dataset.train_labels[:200]
    x, y = training.with_outliers(images, training.one_hot(labels), share=0.25, seed=0)
    assert x.shape == (250, 28, 28) and y.shape == (250, 10)
    np.testing.assert_array_equal(y[:200].argmax(axis=1), labels)
    assert (y[:200].max(axis=1) == 1).all()
    np.testing.assert_allclose(y[200:], 0.1)
    assert x[200:].max() <= 1 and x[200:].max() > 0.9  # scaled like the garments
