"""Calibration (export/calibrate.py): temperature scaling and the "not sure" level."""

import numpy as np
import pytest

from export import calibrate


def overconfident(n: int = 20_000, temperature: float = 2.0, seed: int = 0):
    """Probabilities from logits whose true scale is 1/temperature of what they claim.

    Labels are drawn from the true (softer) distribution, so fitting recovers the
    temperature.
    """
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 3, (n, 10))
    true = np.exp(logits / temperature)
    true /= true.sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(10, p=row) for row in true])
    claimed = np.exp(logits - logits.max(axis=1, keepdims=True))
    return claimed / claimed.sum(axis=1, keepdims=True), labels, true


def test_temperature_scaling_keeps_the_ranking():
    probs, _, _ = overconfident(100)
    for t in (0.5, 1.0, 3.0):
        scaled = calibrate.with_temperature(probs, t)
        np.testing.assert_allclose(scaled.sum(axis=1), 1, rtol=1e-6)
        assert (scaled.argmax(axis=1) == probs.argmax(axis=1)).all()
    np.testing.assert_allclose(calibrate.with_temperature(probs, 1.0), probs, atol=1e-9)


def test_fitting_recovers_the_temperature_and_cuts_the_error():
    probs, labels, true = overconfident()
    found = calibrate.calibrate(probs, labels)
    assert found["temperature"] == pytest.approx(2.0, rel=0.05)
    assert found["errorAfter"] < found["errorBefore"] / 3
    assert found["errorAfter"] == pytest.approx(calibrate.calibration_error(true, labels), abs=0.01)


def test_the_not_sure_level_flags_the_chosen_share_of_validation_images():
    probs, labels, _ = overconfident()
    found = calibrate.calibrate(probs, labels)
    scaled = calibrate.with_temperature(probs, found["temperature"])
    flagged = (scaled.max(axis=1) < found["minConfidence"]).mean()
    assert flagged == pytest.approx(calibrate.UNSURE_SHARE, abs=0.002)


def test_reliability_bins_count_every_image():
    probs, labels, _ = overconfident(500)
    bins = calibrate.reliability(probs, labels)
    assert len(bins) == calibrate.BINS and sum(b["count"] for b in bins) == 500
    for i, b in enumerate(bins):
        if b["count"]:
            assert i / calibrate.BINS <= b["confidence"] <= (i + 1) / calibrate.BINS
            assert 0 <= b["accuracy"] <= 1
        else:
            assert b["confidence"] is None and b["accuracy"] is None
