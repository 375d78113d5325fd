"""Non-clothing pictures for outlier exposure (train/outliers.py) and their use in training."""

import numpy as np

from train import outliers, training


def test_outliers_are_reproducible_pictures_that_fill_the_frame():
    pictures = outliers.make(40, seed=7)
    assert pictures.shape == (40, 28, 28) and pictures.dtype == np.uint8
    np.testing.assert_array_equal(pictures, outliers.make(40, seed=7))
    assert not np.array_equal(pictures, outliers.make(40, seed=8))
    for picture in pictures:
        rows, cols = np.nonzero(picture > 0)
        # Trimmed and scaled like every input of the page: the longest edge spans the frame.
        assert max(np.ptp(rows), np.ptp(cols)) >= 25
    assert len({picture.tobytes() for picture in pictures}) == 40


def test_outliers_join_the_training_set_with_even_targets(dataset):
    images = dataset.train_images[:200] / 255
    labels = dataset.train_labels[:200]
    x, y = training.with_outliers(images, training.one_hot(labels), share=0.25, seed=0)
    assert x.shape == (250, 28, 28) and y.shape == (250, 10)
    np.testing.assert_array_equal(y[:200].argmax(axis=1), labels)
    assert (y[:200].max(axis=1) == 1).all()
    np.testing.assert_allclose(y[200:], 0.1)
    assert x[200:].max() <= 1 and x[200:].max() > 0.9  # scaled like the garments
