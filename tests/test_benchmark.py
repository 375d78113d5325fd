"""The benchmark's report (bench/benchmark.py): every sentence follows the numbers."""

import pytest

from bench import benchmark
from core.console import UserError


def results(wasm_ms: float, wasm_rate: float) -> benchmark.Results:
    """A run where Keras takes 5 ms per image and does 10,000 images a second."""
    found = benchmark.Results(first_prediction_ms=[250.0, 300.0, 350.0])
    found.keras["cnn"] = {"latency_ms": 5.0, "per_second": 10_000.0}
    found.browser[("cnn", "wasm")] = {"latency_ms": wasm_ms, "per_second": wasm_rate}
    found.browser[("cnn", "webgl")] = {"latency_ms": 9.0, "per_second": 500.0}
    found.browser[("cnn", "cpu")] = {"latency_ms": 20.0, "per_second": 100.0}
    return found


def test_findings_change_with_the_numbers():
    fast = benchmark.findings(results(wasm_ms=1.0, wasm_rate=20_000.0), ["cnn"])
    assert fast == [
        "- cnn, one image: the page is fastest on wasm, 5.0× faster than Keras; slowest on cpu.",
        "- cnn, 10,000 images: the page is fastest on wasm, 2.0× faster than Keras; "
        "slowest on cpu.",
    ]
    slow = benchmark.findings(results(wasm_ms=10.0, wasm_rate=2_500.0), ["cnn"])
    assert "fastest on webgl, 1.8× slower than Keras" in slow[0]
    assert "fastest on wasm, 4.0× slower than Keras" in slow[1]


def test_verdicts_say_met_or_missed_by_the_goals():
    met = benchmark.verdicts(results(wasm_ms=1.0, wasm_rate=20_000.0), "cnn")
    missed = benchmark.verdicts(results(wasm_ms=10.0, wasm_rate=2_500.0), "cnn")
    assert met[0].endswith("0.20, met.") and met[1].endswith("2.00, met.")
    assert missed[0].endswith("2.00, missed.") and missed[1].endswith("0.25, missed.")
    assert "300 ms, met" in met[2]  # the median of three fresh loads


def test_models_come_from_the_built_site(site_dir):
    assert benchmark.site_models(site_dir, None) == ["cnn", "mlp"]  # the default first
    assert benchmark.site_models(site_dir, ["mlp"]) == ["mlp"]
    with pytest.raises(UserError, match="the site has no model resnet; it has: mlp, cnn"):
        benchmark.site_models(site_dir, ["resnet"])
