"""Measures how far a model's confidence can be trusted, on validation data only.

Temperature scaling (Guo et al., 2017) divides the model's log-probabilities by one
number T, fitted to the held-out validation images, so that "90% sure" comes true
about 90% of the time. The page then calls an input "not sure" when even the
calibrated confidence is below the level that only UNSURE_SHARE of the validation
images fall under. The test set plays no part in either choice.
"""

from __future__ import annotations

import numpy as np

UNSURE_SHARE = 0.04  # share of validation images the page may call "not sure"
BINS = 10  # confidence bins of the reliability diagram and the calibration error
TEMPERATURES = np.exp(np.linspace(np.log(0.25), np.log(8), 400))  # the search grid


def with_temperature(probs: np.ndarray, temperature: float) -> np.ndarray:
    """Returns softmax(log(probs) / T): the same ranking, sharper (T < 1) or softer (T > 1)."""
    logits = np.log(np.clip(probs, 1e-12, 1)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=1, keepdims=True)


def nll(probs: np.ndarray, labels: np.ndarray) -> float:
    """Returns the mean negative log-likelihood of the true labels."""
    return float(-np.log(np.clip(probs[np.arange(len(labels)), labels], 1e-12, 1)).mean())


def fit_temperature(probs: np.ndarray, labels: np.ndarray) -> float:
    """Returns the T that minimises the negative log-likelihood of the true labels."""
    losses = [nll(with_temperature(probs, t), labels) for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(losses))])


def reliability(probs: np.ndarray, labels: np.ndarray) -> list[dict]:
    """Returns, per confidence bin, its images' mean confidence, accuracy and count."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    index = np.minimum((confidence * BINS).astype(int), BINS - 1)
    return [
        {
            "confidence": float(confidence[index == b].mean()) if (index == b).any() else None,
            "accuracy": float(correct[index == b].mean()) if (index == b).any() else None,
            "count": int((index == b).sum()),
        }
        for b in range(BINS)
    ]


def calibration_error(probs: np.ndarray, labels: np.ndarray) -> float:
    """Returns the expected calibration error: the count-weighted gap of each bin."""
    bins = reliability(probs, labels)
    total = sum(b["count"] for b in bins)
    return float(
        sum(b["count"] * abs(b["confidence"] - b["accuracy"]) for b in bins if b["count"]) / total
    )


def calibrate(probs: np.ndarray, labels: np.ndarray) -> dict:
    """Fits the temperature and the "not sure" level to validation probabilities (n, 10).

    Returns what the page needs (temperature, minConfidence) and what the report shows
    (the calibration error and reliability diagram before and after).
    """
    temperature = fit_temperature(probs, labels)
    scaled = with_temperature(probs, temperature)
    return {
        "temperature": temperature,
        "minConfidence": float(np.quantile(scaled.max(axis=1), UNSURE_SHARE)),
        "validationSize": int(len(labels)),
        "errorBefore": calibration_error(probs, labels),
        "errorAfter": calibration_error(scaled, labels),
        "reliabilityBefore": reliability(probs, labels),
        "reliabilityAfter": reliability(scaled, labels),
    }
