"""The training augmentation for what visitors bring (train/augment.py)."""

import numpy as np
import pytest

from train import augment
from train.models import Augment, Recipe


@pytest.fixture(scope="module")
def images(dataset):
    """32 test images as the model sees them: (32, 28, 28, 1) floats in [0, 1]."""
    return (dataset.test_images[:32] / 255).astype(np.float32)[..., None]


@pytest.mark.parametrize("mode", list(Augment))
def test_augmentation_runs_only_while_training(images, mode):
    out = images
    for layer in augment.steps(Recipe(epochs=1, augment=mode)):
        assert np.array_equal(layer(images, training=False).numpy(), images)
        out = layer(out, training=True)
    out = np.asarray(out)
    assert out.shape == images.shape and out.min() >= 0 and out.max() <= 1 + 1e-6
    if mode is not Augment.NONE:
        assert not np.allclose(out, images)


def test_sketch_keeps_the_outline_and_fills_the_inside_flat(images):
    sketches = augment.Sketch(1.0)(images, training=True).numpy()
    thinner = 0
    for image, sketch in zip(images, sketches, strict=True):
        obj = image > augment.INK
        edge = sketch > 0.99  # the strokes are full white
        assert edge.any()
        thinner += edge.sum() < obj.sum()  # an outline, not the garment (but thin sandals)
        assert not (sketch > 0.01)[~_grown(obj)].any()  # nothing outside the object
        inside = sketch[obj & ~edge]
        assert np.ptp(inside) < 1e-6  # one flat level, black or a gray fill
    assert thinner >= 0.75 * len(images)
    filled = [s for s in sketches if ((s > 0.01) & (s < 0.99)).sum() > 20]
    assert 0 < len(filled) < len(sketches)  # some are filled with gray, some are not


def _grown(mask: np.ndarray) -> np.ndarray:
    """Grows a boolean mask by the widest stroke (3 pixels) in every direction."""
    grown = mask.copy()
    for dy in range(-3, 4):
        for dx in range(-3, 4):
            grown |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
    return grown


def test_pale_dims_and_erase_blanks_a_rectangle(images):
    pale = augment.Pale(1.0)(images, training=True).numpy()
    ratio = pale.max(axis=(1, 2, 3)) / images.max(axis=(1, 2, 3))
    assert ((ratio >= 0.2 - 1e-6) & (ratio <= 0.7 + 1e-6)).all()
    erased = augment.Erase(1.0)(images, training=True).numpy()
    changed = erased != images
    assert changed.any() and (erased[changed] == 0).all()  # blanked, nothing else
