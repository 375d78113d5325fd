"""How closely the browser's converted model must reproduce Keras for the export to ship it.

The export enforces these bounds on the whole test set; the end-to-end tests check the
page against the same bounds (docs/models.md).
"""

FLOAT32_TOLERANCE = 1e-4  # max |Δ probability| for float32 weights
QUANTIZED_TOLERANCE = 0.03  # max |Δ probability| for quantized (uint8/float16) weights
MIN_ARGMAX_AGREEMENT = 0.999  # share of test images whose predicted class must not change
