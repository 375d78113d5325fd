"""The train panel end to end: a visitor trains the tutorial's model in the page, watches
it learn, stops it, and uses the result; bad settings and bad downloads are refused."""

from __future__ import annotations

import json
import shutil

import pytest
from playwright.sync_api import expect

from core.layout import SITE_TRAINING
from core.paths import PUBLIC_DIR
from tests.helpers import build_site, open_page, serving

pytestmark = pytest.mark.e2e

TRAINING = 120_000  # ms: a few epochs of the tutorial's model, with room for a busy machine
LONG_TASK_LIMIT = 100  # ms: no task on the page's main thread may be longer during training

# Collects the main thread's long tasks (over 50 ms) from the start.
WATCH_LONG_TASKS = """
window.longTasks = [];
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) window.longTasks.push([task.startTime, task.duration]);
}).observe({ type: 'longtask', buffered: true });
"""


def settings(page, **values: str) -> None:
    """Types the panel's settings: epochs, batch_size, learning_rate."""
    for key, value in values.items():
        page.get_by_test_id(f"train-{key.replace('_', '-')}").fill(value)


def test_visitor_trains_watches_and_uses_the_model(page, site_url, site):
    page.add_init_script(WATCH_LONG_TASKS)
    open_page(page, site_url)
    shipped = page.evaluate("fashionMnist.model.name")
    before = page.evaluate("fashionMnist.memory().numTensors")
    panel = page.get_by_test_id("train-panel")
    progress = page.get_by_test_id("train-progress")
    expect(progress).to_have_attribute("data-state", "idle")
    # The defaults are the tutorial's, from the site's config.
    config = site.json("config.json")["training"]
    expect(page.get_by_test_id("train-epochs")).to_have_value(str(config["epochs"]))
    expect(page.get_by_test_id("train-batch-size")).to_have_value(str(config["batchSize"]))

    # The tutorial's steps: the Keras lines beside the TF.js lines that do the same.
    panel.get_by_text("The tutorial's steps in Keras").click()
    expect(panel.locator("pre").first).to_contain_text("tf.keras.layers.Dense(128")
    expect(panel.locator("pre").last).to_contain_text("tf.layers.dense({units: 128")

    settings(page, epochs="2")
    started = page.evaluate("performance.now()")
    page.get_by_test_id("train-start").click()
    expect(page.get_by_test_id("train-stop")).to_be_enabled()
    expect(progress).to_have_attribute("data-state", "done", timeout=TRAINING)
    ended = page.evaluate("performance.now()")

    # The live view: both curves, the last epoch's validation numbers, a full bar.
    expect(progress).to_have_attribute("data-epoch", "2")
    expect(progress).to_have_attribute("data-epochs", "2")
    assert 0.5 < float(progress.get_attribute("data-accuracy")) <= 1
    assert 0 < float(progress.get_attribute("data-loss")) < 2
    expect(panel.get_by_role("img", name="Loss")).to_be_visible()
    expect(panel.get_by_role("img", name="Accuracy")).to_be_visible()
    expect(progress.locator("progress")).to_have_attribute("value", "1")

    # Evaluated on the test images: the confusion matrix counts all 10,000 of them.
    matrix = page.get_by_test_id("train-confusion")
    counts = [int(c) for c in matrix.locator("tbody td").all_inner_texts()]
    assert len(counts) == 100 and sum(counts) == 10_000
    right = sum(counts[i * 11] for i in range(10))
    accuracy = page.evaluate("fashionMnist.model.testAccuracy")
    assert accuracy == pytest.approx(right / 10_000)
    assert accuracy > 0.75  # two epochs of the tutorial's model
    # On this browser's two cores the worker trains on one WASM thread, and says so.
    expect(panel.locator(".headline")).to_contain_text("on WASM, 1 thread).")

    # The trained model is offered in the selector, in use, and the gallery uses it.
    assert page.evaluate("fashionMnist.model.name") == "trained-1"
    assert "trained-1" in page.evaluate("fashionMnist.models")
    expect(page.get_by_test_id("model-select")).to_have_value("trained-1")
    expect(page.locator("#model-info")).to_contain_text("trained in this browser")
    item = page.get_by_test_id("gallery-item").first
    bars = item.get_by_test_id("prob-bar")
    probs = [float(p) for p in bars.evaluate_all("bars => bars.map((b) => b.dataset.prob)")]
    assert int(item.get_attribute("data-predicted")) == probs.index(max(probs))

    # The page stayed responsive while training ran beside it.
    long_tasks = [d for start, d in page.evaluate("window.longTasks") if started <= start <= ended]
    assert max(long_tasks, default=0) <= LONG_TASK_LIMIT, long_tasks

    # Back to the shipped model: no tensors were left behind.
    page.get_by_test_id("model-select").select_option(shipped)
    expect(page.get_by_test_id("status")).to_have_attribute("data-state", "ready")
    assert page.evaluate("fashionMnist.model.name") == shipped
    assert page.evaluate("fashionMnist.memory().numTensors") == before


def test_training_threads_where_the_page_does(threaded_page, site_url):
    open_page(threaded_page, site_url)
    assert threaded_page.evaluate("fashionMnist.threads") == 2
    result = threaded_page.evaluate("fashionMnist.train({ epochs: 1 })")
    assert result["threads"] == 2
    assert result["testAccuracy"] > 0.75  # one epoch of the tutorial's model
    headline = threaded_page.get_by_test_id("train-panel").locator(".headline")
    expect(headline).to_contain_text("on WASM, 2 threads).")


def test_stop_keeps_the_weights_reached(page, site_url):
    open_page(page, site_url)
    settings(page, epochs="50")
    page.get_by_test_id("train-start").click()
    progress = page.get_by_test_id("train-progress")
    expect(progress).to_have_attribute("data-epoch", "1", timeout=TRAINING)
    page.get_by_test_id("train-stop").click()
    expect(progress).to_have_attribute("data-state", "stopped", timeout=TRAINING)
    epochs = int(progress.get_attribute("data-epoch"))
    assert 1 <= epochs < 50
    expect(progress).to_contain_text(f"Stopped after {epochs} of 50 epochs")
    # The weights reached are a usable model, in use now.
    assert page.evaluate("fashionMnist.model.name") == "trained-1"
    assert page.evaluate("fashionMnist.model.testAccuracy") > 0.7
    expect(page.get_by_test_id("error-banner")).to_be_hidden()

    # Through the contract, a stop rejects, saying the model so far is kept.
    message = page.evaluate(
        """async () => {
            const run = fashionMnist.train({ epochs: 50 });
            const progress = document.querySelector('[data-testid="train-progress"]');
            const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
            while (progress.dataset.state !== 'training') await tick();
            document.querySelector('[data-testid="train-stop"]').click();
            return run.then(() => 'resolved', (err) => err.message);
        }"""
    )
    assert "stopped" in message and "trained-2" in message
    assert "trained-2" in page.evaluate("fashionMnist.models")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("epochs", "0", "Epochs must be a whole number from 1 to"),
        ("epochs", "2.5", "Epochs must be a whole number from 1 to"),
        ("batch_size", "-32", "Batch size must be a whole number from 1 to"),
        ("batch_size", "1000000", "Batch size must be a whole number from 1 to"),
        ("learning_rate", "fast", 'Learning rate must be a number, got "fast"'),
        ("learning_rate", "0", "Learning rate must be above 0"),
    ],
)
def test_bad_settings_are_refused(page, site_url, field, value, message):
    open_page(page, site_url)
    settings(page, **{field: value})
    page.get_by_test_id("train-start").click()
    expect(page.get_by_test_id("train-message")).to_contain_text(message)
    expect(page.get_by_test_id("train-progress")).to_have_attribute("data-state", "idle")
    # The contract's train refuses the same settings with the same message.
    key = {"batch_size": "batchSize", "learning_rate": "learningRate"}.get(field, field)
    number = value if field != "learning_rate" or value == "0" else json.dumps(value)
    refused = page.evaluate(
        f"fashionMnist.train({{ {key}: {number} }}).then(() => 'trained', (e) => e.message)"
    )
    assert message in refused


def test_a_damaged_download_stops_training_and_keeps_the_model(page, site_url, site):
    open_page(page, site_url)
    shipped = page.evaluate("fashionMnist.model.name")
    damaged = site.manifest["training/train-0.png"]["url"]

    def corrupt(route):
        body = bytearray(route.fetch().body())
        body[len(body) // 2] ^= 0xFF
        route.fulfill(body=bytes(body), content_type="image/png")

    page.route(f"**/{damaged}", corrupt)
    page.get_by_test_id("train-start").click()
    progress = page.get_by_test_id("train-progress")
    expect(progress).to_have_attribute("data-state", "error", timeout=TRAINING)
    expect(progress).to_contain_text("failed its SHA-256 check")
    expect(page.get_by_test_id("error-banner")).to_contain_text("The model in use has not changed")
    assert page.evaluate("fashionMnist.model.name") == shipped
    assert page.evaluate("fashionMnist.models") == [
        m["name"] for m in site.json("config.json")["models"]
    ]


def test_a_site_built_without_the_dataset_says_it_cannot_train(page, tmp_path):
    public = tmp_path / "public"
    shutil.copytree(PUBLIC_DIR, public, ignore=shutil.ignore_patterns(SITE_TRAINING))
    build_site(public, tmp_path / "dist")
    with serving("flask", tmp_path / "dist") as url:
        open_page(page, url)
        expect(page.get_by_test_id("train-message")).to_contain_text(
            "built without the training images"
        )
        expect(page.get_by_test_id("train-start")).to_be_disabled()
        refused = page.evaluate("fashionMnist.train().then(() => 'trained', (e) => e.message)")
        assert "built without the training images" in refused
