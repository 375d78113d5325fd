"""The model definitions: shapes, parameter counts and the registry."""

import numpy as np
import pytest

from train import constants as C
from train.models import MODELS, build_mlp, get_spec


def test_mlp_is_the_tutorial_model():
    model = build_mlp()
    assert model.input_shape == (None, 28, 28)
    assert model.output_shape == (None, C.NUM_CLASSES)
    assert [type(layer).__name__ for layer in model.layers] == ["Flatten", "Dense", "Dense"]
    assert model.layers[1].units == 128
    assert model.layers[1].activation.__name__ == "relu"
    assert model.layers[2].activation.__name__ == "softmax"
    assert model.count_params() == 101_770  # 784*128 + 128 + 128*10 + 10
    assert get_spec("mlp").epochs == 10
    assert model.optimizer.__class__.__name__ == "Adam"
    assert model.loss.__class__.__name__ == "SparseCategoricalCrossentropy"


@pytest.mark.parametrize("name", list(MODELS))
def test_every_model_maps_images_to_probabilities(name):
    model = get_spec(name).build()
    x = np.random.default_rng(0).random((4, 28, 28), dtype=np.float32)
    probs = model.predict(x, verbose=0)
    assert probs.shape == (4, C.NUM_CLASSES)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)


def test_unknown_model_lists_valid_names():
    with pytest.raises(ValueError, match="choose one of: mlp"):
        get_spec("resnet")
