"""The model definitions: shapes, parameter counts, sizes and the registry."""

import numpy as np
import pytest

from core.dataset import NUM_CLASSES
from core.layout import DEFAULT_MODEL
from train.models import MODELS, SHIPPED, Augment, Recipe, Schedule, build_cnn, build_mlp, get_spec

WEIGHT_BUDGET = 500 * 1024  # bytes of float32 weights the site may ship per model


def test_mlp_is_the_tutorial_model():
    model = build_mlp()
    assert model.input_shape == (None, 28, 28)
    assert model.output_shape == (None, NUM_CLASSES)
    assert [type(layer).__name__ for layer in model.layers] == ["Flatten", "Dense", "Dense"]
    assert model.layers[1].units == 128
    assert model.layers[1].activation.__name__ == "relu"
    assert model.layers[2].activation.__name__ == "softmax"
    assert model.count_params() == 101_770  # 784*128 + 128 + 128*10 + 10
    recipe = get_spec("mlp").recipe
    assert (recipe.epochs, recipe.batch_size, recipe.learning_rate) == (10, 32, 1e-3)
    assert recipe.augment is Augment.NONE and recipe.schedule is Schedule.CONSTANT
    assert recipe.patience is None


def test_cnn_defaults_build_the_shipped_cnn():
    def shape(model):
        return [(type(layer).__name__, layer.output_shape) for layer in model.layers]

    assert shape(build_cnn()) == shape(get_spec("cnn").build())
    assert "Flatten" in [name for name, _ in shape(build_cnn())]
    with pytest.raises(ValueError, match="unknown head 'avg'; choose one of: flatten, gap"):
        build_cnn(head="avg")


def test_cnn_head_may_have_a_hidden_layer():
    plain, hidden = build_cnn(), build_cnn(hidden=32)
    dense = [layer for layer in hidden.layers if type(layer).__name__ == "Dense"]
    assert [(layer.units, layer.activation.__name__) for layer in dense] == [
        (32, "relu"),
        (NUM_CLASSES, "softmax"),
    ]
    features = 3 * 3 * 128  # the flattened last stage
    extra = features * 32 + 32 + 32 * NUM_CLASSES + NUM_CLASSES - (features + 1) * NUM_CLASSES
    assert hidden.count_params() - plain.count_params() == extra


def test_recipes_take_only_known_schedules_and_augmentations():
    assert Recipe(epochs=1, schedule="cosine", augment="shift").augment is Augment.SHIFT
    with pytest.raises(ValueError, match="unknown augment 'flips'; choose one of: none, shift"):
        Recipe(epochs=1, augment="flips")
    with pytest.raises(ValueError, match="unknown schedule 'step'; choose one of: constant"):
        Recipe(epochs=1, schedule="step")


def test_cnn_fits_the_weight_budget():
    model = build_cnn()
    assert model.input_shape == (None, 28, 28)
    assert model.output_shape == (None, NUM_CLASSES)
    assert model.count_params() * 4 <= WEIGHT_BUDGET
    conv = [layer for layer in model.layers if type(layer).__name__ == "Conv2D"]
    assert [layer.filters for layer in conv] == [32, 64, 128]


@pytest.mark.parametrize("name", list(MODELS))
def test_every_model_maps_images_to_probabilities(name):
    model = get_spec(name).build()
    x = np.random.default_rng(0).random((4, 28, 28), dtype=np.float32)
    probs = model.predict(x, verbose=0)
    assert probs.shape == (4, NUM_CLASSES)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    if get_spec(name).shipped:  # the export falls back to float32 weights if nothing smaller passes
        assert model.count_params() * 4 <= WEIGHT_BUDGET


def test_shipped_models_are_the_default_and_the_tutorial():
    assert SHIPPED == ["mlp", "cnn"]
    assert DEFAULT_MODEL in SHIPPED


def test_unknown_model_lists_valid_names():
    with pytest.raises(ValueError, match="choose one of: mlp, cnn"):
        get_spec("resnet")
