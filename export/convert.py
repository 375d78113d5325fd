"""Converts a Keras model to a TF.js layers model and checks that the result matches."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import tensorflow as tf
import tf_keras as keras

MODEL_JSON = "model.json"
# Largest difference between Keras and the converted model that we accept; both
# are float32 and the conversion copies weights bit for bit, so any real bug is far above.
PARITY_TOLERANCE = 1e-5


class ConversionError(Exception):
    """Raised when the converted model does not reproduce the Keras model."""


def tfjs_version() -> str:
    """Returns the installed tensorflowjs version."""
    import tensorflowjs

    return tensorflowjs.__version__


def convert(model: keras.Model, out_dir: Path) -> Path:
    """Writes model.json and its weight shards into out_dir and returns model.json's path."""
    import tensorflowjs

    # The converter round-trips through HDF5, and reloading a compiled model warns
    # that its metrics are not built yet: true, and irrelevant for inference.
    tf.get_logger().setLevel("ERROR")
    tensorflowjs.converters.save_keras_model(model, str(out_dir))
    # The page only predicts: drop the optimizer and loss settings a freshly trained
    # model carries, so that a re-export of the saved model writes the same file.
    path = out_dir / MODEL_JSON
    converted = json.loads(path.read_text())
    converted["modelTopology"].pop("training_config", None)
    path.write_text(json.dumps(converted))
    return path


def verify(model: keras.Model, model_json: Path, images: np.ndarray) -> float:
    """Loads the converted model back and returns its max probability difference to Keras.

    `images` is a float32 batch (n, 28, 28) in [0, 1]. Raises ConversionError above tolerance.
    """
    import tensorflowjs

    reloaded = tensorflowjs.converters.load_keras_model(str(model_json))
    expected = model.predict(images, verbose=0)
    found = reloaded.predict(images, verbose=0)
    diff = float(np.max(np.abs(expected - found)))
    if diff > PARITY_TOLERANCE:
        raise ConversionError(
            f"{model_json}: converted model differs from Keras by {diff:.2e} "
            f"(tolerance {PARITY_TOLERANCE:.0e})"
        )
    return diff
