"""The benchmark (bench/): its report follows the numbers, the peer page predicts like
Keras, and Lighthouse's report is read as it is."""

import copy
import json

import numpy as np
import pytest

from bench import benchmark, report
from bench.lighthouse import CATEGORIES, median_run, summarize
from bench.peer import GALLERY_SIZE, HOOK, build_peer
from bench.results import GOALS, FirstView, Results, TrainingRun
from bench.serving import serving_folder
from bench.training import epoch_rates, next_epochs, time_to
from core.console import UserError
from core.paths import ARTIFACTS_DIR, ROOT
from core.tolerances import FLOAT32_TOLERANCE

LIGHTHOUSE_SAMPLE = ROOT / "bench" / "testdata" / "lighthouse.json"


def epochs(seconds: list[float], accuracies: list[float]) -> list[dict]:
    """Epoch records as the training measurements make them."""
    return [
        {"epoch": k + 1, "seconds": s, "accuracy": a, "test_accuracy": a - 0.01}
        for k, (s, a) in enumerate(zip(seconds, accuracies, strict=True))
    ]


def results(wasm_ms: float, wasm_rate: float, lighthouse: dict | None = None) -> Results:
    """A run where Keras takes 5 ms per image and does 10,000 images a second."""
    found = Results(
        first_view=FirstView([250.0, 300.0, 350.0], 10, 900_000, 350_000, 290_000),
        peer_view=FirstView([900.0, 1000.0, 1100.0], 6, 1_900_000, 700_000),
        peer={"backend": "webgl", "latency_ms": 20.0, "per_second": 100.0},
        page_training=TrainingRun(epochs([4.0, 8.0, 12.0], [0.84, 0.86, 0.87]), 0.86, 13.0),
        page_training_checks=[TrainingRun(epochs([4.0, 8.0], [0.83, 0.85]), 0.84, 9.0)],
        page_training_threaded=TrainingRun(
            epochs([2.0, 4.0, 6.0], [0.84, 0.86, 0.87]), 0.86, 7.0, 2
        ),
        keras_training=TrainingRun(epochs([1.0, 2.0, 3.0], [0.85, 0.86, 0.88]), 0.87, 3.0),
        teach_seconds=[0.5, 0.9, 0.7],
        lighthouse=lighthouse,
        lighthouse_error="" if lighthouse else "it exited with code 1: no Chrome",
    )
    found.keras["cnn"] = {"latency_ms": 5.0, "per_second": 10_000.0}
    found.browser[("cnn", "wasm")] = {"latency_ms": wasm_ms, "per_second": wasm_rate}
    found.browser[("cnn", "webgl")] = {"latency_ms": 9.0, "per_second": 500.0}
    found.browser[("cnn", "cpu")] = {"latency_ms": 20.0, "per_second": 100.0}
    for threads in (1, 2, 4):
        found.threads[("cnn", threads)] = {
            "latency_ms": wasm_ms,
            "per_second": wasm_rate * threads,
            "threads": threads,
        }
    found.machine = {key: "x" for key in ("date", "cpu", "cores", "memory", "os", "python")}
    found.machine.update(tensorflow="2", chromium="1", webgl="none", load="1.00", load_start="2")
    return found


@pytest.fixture(scope="module")
def lighthouse_report() -> dict:
    """A real Lighthouse 13 JSON report of the site, trimmed to its categories' audits."""
    return json.loads(LIGHTHOUSE_SAMPLE.read_text())


# The report ------------------------------------------------------------------------------


def test_findings_change_with_the_numbers():
    fast = report.findings(results(wasm_ms=1.0, wasm_rate=20_000.0), ["cnn"])
    assert fast == [
        "- cnn, one image: the page is fastest on wasm, 5.0× faster than Keras; slowest on cpu.",
        "- cnn, 10,000 images: the page is fastest on wasm, 2.0× faster than Keras; "
        "slowest on cpu.",
    ]
    slow = report.findings(results(wasm_ms=10.0, wasm_rate=2_500.0), ["cnn"])
    assert "fastest on webgl, 1.8× slower than Keras" in slow[0]
    assert "fastest on wasm, 4.0× slower than Keras" in slow[1]


def test_verdicts_say_met_or_missed_by_the_goals():
    met = report.verdicts(results(wasm_ms=1.0, wasm_rate=20_000.0), "cnn")
    missed = report.verdicts(results(wasm_ms=10.0, wasm_rate=1_000.0), "cnn")
    assert met[0].endswith("0.20, met.") and met[1].endswith("2.00, met.")
    assert met[2].endswith("4.00, met.")  # 2 threads: twice the rate
    assert missed[0].endswith("2.00, missed.") and missed[1].endswith("0.10, missed.")
    assert missed[2].endswith("0.20, missed.")
    assert "300 ms, met" in met[3]  # the median of three fresh loads
    assert "290,000 bytes, met" in met[4] and "350,000 bytes, met" in met[5]
    assert met[6].endswith("0.50, missed.")  # 350,000 ÷ 700,000 gzip bytes
    assert met[7].endswith("0.30, met.")  # 300 ÷ 1,000 ms
    # The check run (2 epochs) fell short of 85%; the full run reached it in 12 s.
    assert met[8].endswith("86.00% after 3 epochs, 12.0 s, met.")
    assert met[9].startswith("- Teaching one example")
    assert met[10] == "- Lighthouse: not measured (it exited with code 1: no Chrome), missed."


def test_training_verdict_misses_when_no_run_reaches_the_goal():
    found = results(wasm_ms=1.0, wasm_rate=20_000.0)
    found.page_training.test_accuracy = GOALS["training_accuracy"] - 0.001
    assert report.training_verdict(found).endswith("no run reached it, missed.")
    found.page_training_checks[0].test_accuracy = GOALS["training_accuracy"]
    assert report.training_verdict(found).endswith("after 2 epochs, 8.0 s, met.")


def test_teach_verdict_judges_the_slowest_example():
    found = results(wasm_ms=1.0, wasm_rate=20_000.0)
    assert report.teach_verdict(found).endswith("slowest of 3 0.90 s, met.")
    found.teach_seconds.append(GOALS["teach_seconds"] + 0.01)
    assert report.teach_verdict(found).endswith("3.01 s, missed.")


def test_lighthouse_verdicts_hold_the_goals_at_their_bounds(lighthouse_report):
    summary = summarize(lighthouse_report)
    summary["scores"].update({"Performance": 95, "Accessibility": 99, "Best practices": 100})
    summary["metrics"]["Cumulative Layout Shift"]["value"] = 0.1
    lines = report.lighthouse_verdicts(results(1.0, 20_000.0, median_run([summary])))
    assert lines[0] == (
        "- Lighthouse runs: 1; the lines below are the run with the median Performance."
    )
    assert [line.rsplit(", ", 1)[1] for line in lines[1:]] == ["met.", "missed.", "met.", "met."]
    summary["metrics"]["Cumulative Layout Shift"]["value"] = 0.11
    lines = report.lighthouse_verdicts(results(1.0, 20_000.0, median_run([summary])))
    assert lines[4].endswith("missed.")


def test_markdown_has_every_section_and_says_when_lighthouse_did_not_run(lighthouse_report):
    without = report.markdown(results(wasm_ms=1.0, wasm_rate=20_000.0), ["cnn"])
    for heading in ("## Verdict", "## First view", "## Speed", "## Training speed"):
        assert heading in without
    assert "Lighthouse did not run: it exited with code 1: no Chrome." in without
    assert "more than 8.0 s and at most 12.0 s of training" in without
    summary = summarize(lighthouse_report)
    found = results(1.0, 20_000.0, median_run([summary]))
    with_it = report.markdown(found, ["cnn"])
    assert "Lighthouse did not run" not in with_it
    assert all(f"- {title}" in with_it for title in summary["failing"])
    assert f"It ran 1 times: Performance {summary['scores']['Performance']}, in run" in with_it
    found.lighthouse_error = "2 of 5 runs failed; the last: LighthouseError: it ran over 300 s"
    assert f"({found.lighthouse_error}.)" in report.markdown(found, ["cnn"])


def test_training_threads_compare_with_the_one_thread_run():
    found = results(wasm_ms=1.0, wasm_rate=20_000.0)
    text = " ".join(report.training_section(found))
    # 20,000 images in 4 s per epoch on one thread, in 2 s with threads: twice as fast.
    assert "`fashionMnist.train` said 2 ran; the run above: 1" in text
    assert "5,000 (5,000–5,000) on one thread: 2.00×" in text
    found.page_training_threaded = TrainingRun()
    assert "the threaded training run did not take place" in " ".join(
        report.training_section(found)
    )


def test_models_come_from_the_built_site(site_dir):
    assert benchmark.site_models(site_dir, None) == ["cnn", "mlp"]  # the default first
    assert benchmark.site_models(site_dir, ["mlp"]) == ["mlp"]
    with pytest.raises(UserError, match="the site has no model resnet; it has: mlp, cnn"):
        benchmark.site_models(site_dir, ["resnet"])


# Training ---------------------------------------------------------------------------------


def test_training_rates_and_time_to_the_goal():
    run = TrainingRun(epochs([2.0, 6.0, 7.0], [0.80, 0.85, 0.90]))
    assert epoch_rates(run, 1000) == [500.0, 250.0, 1000.0]
    assert time_to(run)["epoch"] == 2  # the goal's accuracy exactly counts
    assert time_to(run, "test_accuracy")["epoch"] == 3
    assert time_to(TrainingRun(epochs([1.0], [0.5]))) is None


def test_check_runs_narrow_down_the_epochs_that_reach_the_goal():
    def run(count: int, test_accuracy: float) -> TrainingRun:
        return TrainingRun(epochs([float(k) for k in range(count)], [0.9] * count), test_accuracy)

    goal = GOALS["training_accuracy"]
    assert next_epochs([run(10, goal)], 3) == 3  # first where the validation accuracy said
    assert next_epochs([run(10, goal), run(3, goal - 0.01)], 3) == 6  # then halfway
    assert next_epochs([run(10, goal), run(3, goal), run(2, goal - 0.01)], 3) is None
    assert next_epochs([run(10, goal - 0.01)], 3) is None  # nothing reached it
    assert next_epochs([run(10, goal)], None) == 5


# Lighthouse ---------------------------------------------------------------------------------


def test_lighthouse_summary_reads_scores_metrics_and_failing_audits(lighthouse_report):
    summary = summarize(lighthouse_report)
    categories = lighthouse_report["categories"]
    assert summary["scores"] == {
        title: round(categories[key]["score"] * 100) for key, title in CATEGORIES.items()
    }
    cls = lighthouse_report["audits"]["cumulative-layout-shift"]["numericValue"]
    assert summary["metrics"]["Cumulative Layout Shift"]["value"] == cls
    assert all("\xa0" not in metric["display"] for metric in summary["metrics"].values())
    contrast = lighthouse_report["audits"]["color-contrast"]
    assert (f"Accessibility: {contrast['title']}" in summary["failing"]) == (contrast["score"] < 1)
    # Metrics are reported as metrics, never as failing audits.
    assert not any("Largest Contentful Paint" in title for title in summary["failing"])


def test_the_median_lighthouse_run_is_kept_with_every_score(lighthouse_report):
    runs = []
    for score in (91, 86, 98, 95, 97):
        summary = summarize(lighthouse_report)
        summary["scores"]["Performance"] = score
        summary["metrics"]["Total Blocking Time"]["value"] = 1000 - score  # marks the run
        runs.append(summary)
    kept = median_run(runs)
    assert kept["scores"]["Performance"] == 95
    assert kept["metrics"]["Total Blocking Time"]["value"] == 905  # that run's own metrics
    assert kept["performance_runs"] == [91, 86, 98, 95, 97]
    assert median_run(runs[:2])["scores"]["Performance"] == 86  # the lower middle of two


def test_lighthouse_summary_follows_the_report(lighthouse_report):
    changed = copy.deepcopy(lighthouse_report)
    for audit in changed["audits"].values():
        if audit["score"] is not None:
            audit["score"] = 1
    changed["categories"]["seo"]["score"] = 0.5
    summary = summarize(changed)
    assert summary["failing"] == []
    assert summary["scores"]["SEO"] == 50


# The peer page ------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.slow
def test_peer_page_predicts_the_first_gallery_like_keras(site, site_dir, dataset, tmp_path, page):
    from train.training import load_run, predict_proba

    folder = build_peer(site_dir, "cnn", tmp_path / "peer")
    with serving_folder(folder) as url:
        page.goto(url)
        page.wait_for_function(f"window.{HOOK} !== undefined", timeout=30_000)
        assert page.evaluate("performance.getEntriesByName('first-gallery-prediction').length")
        indices = site.json("samples/samples.json")["indices"][:GALLERY_SIZE]
        pixels = (dataset.test_images[indices] / 255).astype(np.float32)
        found = page.evaluate(
            f"async ([p, n]) => Array.from(await {HOOK}.predict(p, n))",
            [pixels.ravel().tolist(), GALLERY_SIZE],
        )
        shown = page.locator("#predictions li").count()
    keras_model, _ = load_run(ARTIFACTS_DIR / "cnn")
    expected = predict_proba(keras_model, dataset.test_images[indices])
    assert shown == GALLERY_SIZE
    np.testing.assert_allclose(np.reshape(found, (-1, 10)), expected, atol=FLOAT32_TOLERANCE)
