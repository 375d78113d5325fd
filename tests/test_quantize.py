"""Tests rounding the large kernels onto TF.js's uint8 grid, as the converter folds them."""

import numpy as np
import tf_keras as keras

from core.dataset import SEED
from core.tolerances import FLOAT32_TOLERANCE
from export import convert
from tests.helpers import cnn_with_statistics
from train import quantize
from train.data import scale


def folded_kernels(model: keras.Model) -> dict[str, np.ndarray]:
    """Returns each sizeable kernel as the converter stores it: with its batch norm folded in."""
    found = {}
    for layer in quantize.sizeable_kernels(model):
        kernel = layer.get_weights()[0]
        norm = quantize.batch_norm_after(model, layer)
        found[layer.name] = kernel if norm is None else kernel * quantize.folding_scale(norm)
    return found


def test_the_grid_has_255_steps_and_rounding_onto_it_twice_changes_nothing():
    values = np.random.default_rng(SEED).normal(0, 0.1, 5000).astype(np.float32)
    rounded = quantize.on_grid(values)
    assert len(np.unique(rounded)) <= 256
    step = (values.max() - values.min()) / 255
    assert np.abs(rounded - values).max() <= step / 2 + 1e-7
    np.testing.assert_array_equal(quantize.on_grid(rounded), rounded)


def test_snap_puts_the_folded_kernels_on_the_grid_and_leaves_the_small_ones():
    model = cnn_with_statistics()
    first = model.layers[2]  # the first convolution: 0.3% of the weights
    first_kernel = first.get_weights()[0]
    assert isinstance(first, keras.layers.Conv2D)

    changed = quantize.snap(model)

    assert changed == [layer.name for layer in quantize.sizeable_kernels(model)]
    assert len(changed) == 3 and first.name not in changed  # two convolutions and the dense
    for name, folded in folded_kernels(model).items():
        np.testing.assert_allclose(quantize.on_grid(folded), folded, atol=1e-6, err_msg=name)
    np.testing.assert_array_equal(first.get_weights()[0], first_kernel)


def test_the_converters_uint8_weights_of_a_snapped_model_are_its_own(dataset, tmp_path):
    model = cnn_with_statistics()
    names = quantize.snap(model)
    images = dataset.test_images[:64]
    keras_probs = model.predict(scale(images), verbose=0)
    model_json = convert.convert(model, tmp_path / "f32", convert.FLOAT32)
    tensors = convert.sizeable_tensors(model_json)
    assert len(tensors) == len(names)
    quantized = convert.convert(model, tmp_path / "u8", convert.uint8_for(tensors, convert.FLOAT32))
    probs = convert.tfjs_predict(quantized, images)
    assert np.abs(probs - keras_probs).max() <= FLOAT32_TOLERANCE
