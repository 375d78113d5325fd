"""How the browser's weights are stored, and how closely they must reproduce Keras.

The export enforces these bounds on the whole test set; the end-to-end tests check the
page against the same bounds (docs/models.md).
"""

FLOAT32_TOLERANCE = 1e-4  # max |Δ probability| for float32 weights
QUANTIZED_TOLERANCE = 0.03  # max |Δ probability| for quantized (uint8/float16) weights
MIN_ARGMAX_AGREEMENT = 0.999  # share of test images whose predicted class must not change
UINT8_MIN_SHARE = 0.01  # smaller tensors are never tried as uint8: it would save little
