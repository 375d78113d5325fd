"""Rounds a trained model's large kernels onto the uint8 grid TF.js stores weights on.

The export stores each sizeable weight tensor as uint8 only if the page still predicts
like Keras (export/convert.py). A model whose kernels already lie on that grid passes by
construction: the site's uint8 weights are then the model's own, not an approximation.
The converter folds each batch norm into the convolution before it, so it is the folded
kernel that must lie on the grid.
"""

from __future__ import annotations

import numpy as np
import tf_keras as keras
from tensorflowjs.quantization import dequantize_weights, quantize_weights

from core.tolerances import UINT8_MIN_SHARE

layers = keras.layers


def on_grid(values: np.ndarray) -> np.ndarray:
    """Returns values rounded as the converter stores them as uint8 and TF.js reads them."""
    quantized, metadata = quantize_weights(values.astype(np.float32), np.uint8)
    return dequantize_weights(quantized, metadata).astype(np.float32)


def batch_norm_after(model: keras.Model, layer: layers.Layer) -> layers.Layer | None:
    """Returns the batch norm that takes `layer`'s output, if any."""
    return next(
        (
            other
            for other in model.layers
            if isinstance(other, layers.BatchNormalization) and other.input is layer.output
        ),
        None,
    )


def folding_scale(norm: layers.BatchNormalization) -> np.ndarray:
    """Returns the per-channel factor the converter multiplies the kernel by: γ / √(σ² + ε)."""
    gamma, _beta, _mean, variance = norm.get_weights()
    return gamma / np.sqrt(variance + norm.epsilon)


def sizeable_kernels(model: keras.Model) -> list[layers.Layer]:
    """Returns the conv and dense layers whose kernels hold ≥ UINT8_MIN_SHARE of the weights."""
    total = model.count_params()
    return [
        layer
        for layer in model.layers
        if isinstance(layer, (layers.Conv2D, layers.Dense))
        and layer.kernel.shape.num_elements() >= UINT8_MIN_SHARE * total
    ]


def snap(model: keras.Model) -> list[str]:
    """Puts each sizeable kernel, as the converter folds it, on the uint8 grid, in place.

    Returns the names of the layers changed. Batch norms keep their statistics; the kernel
    is divided back by their scale, so folding it again gives the grid's values.
    """
    changed = []
    for layer in sizeable_kernels(model):
        kernel, *rest = layer.get_weights()
        norm = batch_norm_after(model, layer)
        if norm is None:
            kernel = on_grid(kernel)
        else:
            scale = folding_scale(norm)  # (channels,), broadcast over the kernel's last axis
            folded = on_grid(kernel * scale)
            kernel = np.divide(folded, scale, out=np.zeros_like(folded), where=scale != 0)
        layer.set_weights([kernel, *rest])
        changed.append(layer.name)
    return changed
