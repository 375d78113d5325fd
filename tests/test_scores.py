"""The scores for saying "not sure" that evaluate.scores compares."""

import numpy as np
import pytest

from core.console import UserError
from evaluate.run import CASES_DIR
from evaluate.scores import Scorer, compare, flag_rates, logsumexp


@pytest.fixture
def scorer():
    """A scorer fitted to two tight clusters of 2-d features, one per class."""
    rng = np.random.default_rng(0)
    centres = np.array([[4.0, 0.0], [0.0, 4.0]])
    labels = np.repeat([0, 1], 200)
    features = centres[labels] + rng.normal(0, 0.3, (400, 2))
    return Scorer(features, labels, temperature=2.0)


def test_scores_follow_their_definitions(scorer):
    logits = np.array([[3.0, 1.0], [0.5, 0.4]])
    features = np.array([[4.0, 0.0], [2.0, 2.0]])
    found = scorer(features, logits)
    z = logits / 2.0
    np.testing.assert_allclose(found["max-softmax"], np.exp(z).max(1) / np.exp(z).sum(1))
    np.testing.assert_allclose(found["energy"], 2.0 * np.log(np.exp(z).sum(1)))
    np.testing.assert_allclose(found["top logit over the mean"], [1.0, 0.05])
    # A class mean is as close as can be; a point between the classes is farther from both.
    assert found["cosine to a class mean"][0] > 0.99 > found["cosine to a class mean"][1]
    assert found["Mahalanobis to a class mean"][0] > found["Mahalanobis to a class mean"][1]


def test_logsumexp_does_not_overflow():
    np.testing.assert_allclose(logsumexp(np.array([[1000.0, 1000.0]])), [1000 + np.log(2)])


def test_thresholds_flag_the_share_of_validation():
    validation = {"score": np.arange(100.0)}
    inputs = {"set": {"score": np.array([0.5, 3.5, 50.0, 99.0])}}
    # The 4% threshold lies at 3.96: the two inputs below it are flagged.
    assert flag_rates(validation, inputs, 0.04) == {"score": {"set": 0.5}}
    assert flag_rates(validation, inputs, 0.01) == {"score": {"set": 0.25}}


def test_refuses_a_missing_site_or_model_before_opening_the_page(site_dir, tmp_path):
    with pytest.raises(UserError, match="has no index.html. Build the site first"):
        compare(tmp_path, ["cnn"], tmp_path, CASES_DIR)
    with pytest.raises(UserError, match=r"no trained model at .*nosuch \(model.h5 missing\)"):
        compare(site_dir, ["nosuch"], tmp_path, CASES_DIR)
