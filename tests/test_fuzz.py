"""Random and adversarial input for window.fashionMnist.predict and preprocess.

The page must never throw an uncaught error (the `page` fixture fails on any), predict
must always answer with a promise, and every bad input must get a clear rejection.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import open_page

pytestmark = pytest.mark.e2e

PIXELS = 784
DEFAULT = "default"  # n left out: predict's default of 1

CALL_PREDICT = """async ([pixels, n, useDefault]) => {
    let promise;
    try {
        promise = useDefault ? fashionMnist.predict(pixels) : fashionMnist.predict(pixels, n);
    } catch (e) {
        return { threw: String(e) };
    }
    if (!(promise instanceof Promise)) return { notPromise: true };
    try {
        const r = await promise;
        return { ok: true, type: r.constructor.name, length: r.length,
                 inRange: r.every((v) => v >= 0 && v <= 1) };
    } catch (e) {
        return { rejected: true, isError: e instanceof Error, message: String(e && e.message) };
    }
}"""

# One page serves every example (hence function_scoped_fixture); an image is 784 values
# (large_base_example); a fixed seed keeps CI's examples the same from run to run.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
        HealthCheck.too_slow,
    ],
)

weird = (
    st.none()
    | st.booleans()
    | st.text(max_size=4)
    | st.just({})
    | st.lists(st.integers(-2, 2), max_size=3)
)
numbers = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-3, 3)
pixel_lists = (
    st.lists(st.floats(0, 1), min_size=PIXELS, max_size=PIXELS)  # one valid image
    | st.lists(st.floats(0, 1), min_size=2 * PIXELS, max_size=2 * PIXELS)  # two
    | st.lists(numbers, max_size=PIXELS + 20)  # odd lengths and values
    | st.lists(numbers | weird, min_size=PIXELS, max_size=PIXELS)  # bad entries
    | weird
)
counts = (
    st.just(DEFAULT)
    | st.integers(-3, 3)
    | st.sampled_from([10**9, -(10**9), 0.5, 1.0, 2.0])
    | st.floats(allow_nan=True, allow_infinity=True)
    | weird
)


def is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def valid(pixels, n) -> bool:
    """The contract: n whole and ≥ 1, n × 784 numbers in [0, 1]."""
    n = 1 if n == DEFAULT else n
    if not is_number(n) or not math.isfinite(n) or n < 1 or not float(n).is_integer():
        return False
    if not isinstance(pixels, list) or len(pixels) != int(n) * PIXELS:
        return False
    return all(is_number(v) and math.isfinite(v) and 0 <= v <= 1 for v in pixels)


@pytest.fixture
def ready_page(page, site_url):
    open_page(page, site_url)
    return page


@SETTINGS
@given(pixels=pixel_lists, n=counts)
def test_predict_answers_every_input_with_a_promise(ready_page, pixels, n):
    outcome = ready_page.evaluate(CALL_PREDICT, [pixels, None if n == DEFAULT else n, n == DEFAULT])
    assert "threw" not in outcome and "notPromise" not in outcome, outcome
    if valid(pixels, n):
        count = 1 if n == DEFAULT else int(n)
        assert outcome == {
            "ok": True,
            "type": "Float32Array",
            "length": count * 10,
            "inRange": True,
        }
    else:
        assert outcome.get("rejected") and outcome["isError"], outcome
        assert len(outcome["message"]) > 10, outcome  # says what is wrong


def test_predict_handles_a_huge_batch_and_refuses_absurd_ones(ready_page):
    big = ready_page.evaluate(
        "fashionMnist.predict(new Float32Array(5000 * 784).fill(0.5), 5000).then(r => r.length)"
    )
    assert big == 5000 * 10
    absurd = ready_page.evaluate(
        "fashionMnist.predict(new Float32Array(784), 1e9).then(() => 'ok', e => e.message)"
    )
    assert "expected 1000000000 × 784" in absurd


CALL_PREPROCESS = """async ({kind, width, height, shade, box}) => {
    let source;
    if (kind === 'string') source = 'not a picture';
    else if (kind === 'number') source = 42;
    else if (kind === 'null') source = null;
    else if (kind === 'object') source = { width, height };
    else if (kind === 'img') source = new Image();  // never loaded
    else {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d');
        context.fillStyle = `rgb(${shade}, ${shade}, ${shade})`;
        context.fillRect(0, 0, width, height);
        context.fillStyle = `rgb(${255 - shade}, ${(shade * 7) % 256}, 40)`;
        context.fillRect(box[0] * width, box[1] * height, box[2] * width, box[3] * height);
        source = canvas;
        if (kind === 'imagedata' && width && height) {
            source = context.getImageData(0, 0, width, height);
        }
        if (kind === 'bitmap' && width && height) source = await createImageBitmap(canvas);
    }
    try {
        const out = fashionMnist.preprocess(source);
        return { ok: true, type: out.constructor.name, length: out.length,
                 inRange: out.every((v) => v >= 0 && v <= 1) };
    } catch (e) {
        return { threw: true, isError: e instanceof Error, message: String(e && e.message) };
    }
}"""


@SETTINGS
@given(
    kind=st.sampled_from(
        ["canvas", "imagedata", "bitmap", "img", "string", "number", "null", "object"]
    ),
    width=st.integers(0, 1200),
    height=st.integers(0, 1200),
    shade=st.integers(0, 255),
    box=st.tuples(*[st.floats(0, 1)] * 4),
)
def test_preprocess_returns_pixels_or_says_why_not(ready_page, kind, width, height, shade, box):
    args = {"kind": kind, "width": width, "height": height, "shade": shade, "box": box}
    outcome = ready_page.evaluate(CALL_PREPROCESS, args)
    if outcome.get("ok"):
        assert outcome == {"ok": True, "type": "Float32Array", "length": PIXELS, "inRange": True}
        assert kind in ("canvas", "imagedata", "bitmap")
    else:
        assert outcome["isError"] and len(outcome["message"]) > 10, outcome
