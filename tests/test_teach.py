"""Teaching the model in the page: a visitor corrects a wrong answer, the model learns it
without forgetting the rest, and what was taught is kept, listed and can be forgotten."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from playwright.sync_api import expect

from evaluate.sketches import place
from tests.helpers import draw_stroke, open_page
from tests.sketches import SKETCHES

pytestmark = pytest.mark.e2e

TEACHING = 30_000  # ms: one example is learnt in about a second; room for a busy machine
# Four drawings of the same sketch: the first three are taught, the fourth tells.
VARIANTS = [(0.8, (0.5, 0.5)), (0.7, (0.42, 0.45)), (0.9, (0.55, 0.52)), (0.65, (0.58, 0.56))]


def draw(page, strokes) -> int:
    """Clears the pad, draws a sketch and returns the class the page predicts."""
    page.get_by_test_id("clear").click()
    for stroke in strokes:
        draw_stroke(page, stroke)
    return int(page.get_by_test_id("draw-result").get_attribute("data-predicted"))


def teach(page, label: int) -> None:
    """Says through the panel that the input on show is class `label`; waits until learnt."""
    note = page.locator(".teach-note")
    page.evaluate("document.querySelector('.teach-note').textContent = ''")
    page.get_by_test_id("teach-select").select_option(str(label))
    expect(note).to_contain_text("Taught:", timeout=TEACHING)


def test_a_sketch_taught_three_times_is_right_the_fourth(page, site_url):
    open_page(page, site_url)
    before = page.evaluate("fashionMnist.memory().numTensors")
    # A sketch the shipped model gets wrong, drawn the fourth way.
    for label, _, strokes in SKETCHES:
        variants = [place(strokes, scale, centre) for scale, centre in VARIANTS]
        wrong = draw(page, variants[3])
        if wrong != label:
            break
    else:
        pytest.fail("the shipped model gets every sketch right: nothing to teach")

    for variant in variants[:3]:
        draw(page, variant)
        teach(page, label)
    note = page.locator(".teach-note")
    expect(note).to_contain_text(f"Taught: {page.evaluate('fashionMnist.classNames')[label]}")
    expect(note).to_contain_text("Before:")
    assert draw(page, variants[3]) == label, "still wrong after teaching"
    taught = page.get_by_test_id("taught-list").get_by_role("listitem")
    expect(taught).to_have_count(3)
    assert page.evaluate("fashionMnist.taught()") == [{"label": label}] * 3

    # Kept across visits: after a reload the model knows it again.
    open_page(page, site_url)
    expect(taught).to_have_count(3)
    assert draw(page, variants[3]) == label

    # One removed, then all forgotten: the model is as shipped again, with no tensor left.
    page.get_by_role("button", name="Remove taught example 1").click()
    expect(taught).to_have_count(2)
    page.get_by_test_id("forget-all").click()
    expect(taught).to_have_count(0)
    expect(note).to_contain_text("Forgot every taught example")
    assert page.evaluate("fashionMnist.taught()") == []
    assert draw(page, variants[3]) == wrong
    assert page.evaluate("fashionMnist.memory().numTensors") == before
    open_page(page, site_url)
    expect(taught).to_have_count(0)


def test_ten_taught_sketches_cost_the_test_images_at_most_a_point(page, site_url, site, dataset):
    # Scored on the test images the page does not rehearse with (its shipped samples).
    shipped = set(site.json("samples/samples.json")["indices"])
    held = np.array([i for i in range(len(dataset.test_labels)) if i not in shipped])
    images = base64.b64encode(dataset.test_images[held].tobytes()).decode()

    def accuracy() -> float:
        predicted = page.evaluate(
            """async (b64) => {
                const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
                const n = bytes.length / 784;
                const pixels = Float32Array.from(bytes, (v) => v / 255);
                const probs = await fashionMnist.predict(pixels, n);
                const classes = [];
                for (let i = 0; i < n; i++) {
                    const row = probs.subarray(i * 10, (i + 1) * 10);
                    classes.push(row.indexOf(Math.max(...row)));
                }
                return classes;
            }""",
            images,
        )
        return float((np.array(predicted) == dataset.test_labels[held]).mean())

    open_page(page, site_url)
    shipped_accuracy = accuracy()
    for label, _, strokes in SKETCHES[:10]:
        draw(page, strokes)
        teach(page, label)
    assert len(page.evaluate("fashionMnist.taught()")) == 10
    assert accuracy() >= shipped_accuracy - 0.01
    page.evaluate("fashionMnist.forget()")
    assert accuracy() == shipped_accuracy


def test_unreadable_stored_examples_are_ignored_with_a_note(page, site_url):
    open_page(page, site_url)
    pixels = [0.0] * 784
    pixels[400] = 1.0
    page.evaluate("(p) => fashionMnist.teach(p, 3)", pixels)
    # Another version's records, or damaged ones, beside the good one.
    page.evaluate(
        """() => new Promise((resolve, reject) => {
            const request = indexedDB.open('fashion-mnist');
            request.onsuccess = () => {
                const transaction = request.result.transaction('taught', 'readwrite');
                const store = transaction.objectStore('taught');
                store.add({ pixels: 'not pixels', label: 3 });
                store.add({ pixels: new Float32Array(784), label: 12 });
                store.add(null);
                transaction.oncomplete = () => { request.result.close(); resolve(); };
                transaction.onerror = () => reject(transaction.error);
            };
        })"""
    )
    open_page(page, site_url)
    expect(page.locator(".teach-note")).to_contain_text(
        "3 stored taught examples were unreadable and ignored"
    )
    assert page.evaluate("fashionMnist.taught()") == [{"label": 3}]
    expect(page.get_by_test_id("error-banner")).to_be_hidden()

    # Bad examples through the contract are refused, and nothing is kept of them.
    for bad in ("fashionMnist.teach(new Array(784).fill(0), 10)", "fashionMnist.teach([0.5], 1)"):
        message = page.evaluate(f"{bad}.then(() => 'taught', (e) => e.message)")
        assert message != "taught"
    assert page.evaluate("fashionMnist.taught()") == [{"label": 3}]
