"""Export: turns trained Keras models into the static site's model and data files."""

import train  # noqa: F401  (sets the Keras 2 / TensorFlow environment first)
