"""Defines the models the site can ship, by name.

Every builder returns a compiled Keras 2 (tf_keras) model whose input is a
(batch, 28, 28) float image in [0, 1] and whose output is (batch, 10) softmax
probabilities, so the browser feeds every model the same tensor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tf_keras as keras

from train import constants as C


@dataclass(frozen=True)
class ModelSpec:
    """Describes how to build and train one model."""

    build: Callable[[], keras.Model]
    epochs: int
    batch_size: int
    description: str


def build_mlp() -> keras.Model:
    """Builds the Keras tutorial's model: Flatten → Dense(128, relu) → Dense(10, softmax)."""
    model = keras.Sequential(
        [
            keras.layers.Flatten(input_shape=C.IMAGE_SHAPE),  # (b, 28, 28) → (b, 784)
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(C.NUM_CLASSES, activation="softmax"),
        ],
        name="mlp",
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    return model


MODELS: dict[str, ModelSpec] = {
    "mlp": ModelSpec(
        build=build_mlp,
        epochs=10,
        batch_size=32,  # Keras' default, as in the tutorial
        description="The Keras tutorial's dense network (101,770 parameters)",
    ),
}


def get_spec(name: str) -> ModelSpec:
    """Returns a model's spec, or raises ValueError listing the valid names."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of: {', '.join(MODELS)}")
    return MODELS[name]
