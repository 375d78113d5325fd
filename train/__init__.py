"""Fashion-MNIST training: data loading, model definitions and the training loop."""

import os
import warnings

# tfjs 4.22 cannot load layers models converted from Keras 3, so the whole
# project trains with the Keras 2 API (tf_keras). This must be set before
# TensorFlow is first imported anywhere.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
# Hide TensorFlow's C++ log chatter; real failures still raise Python exceptions.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# tensorflowjs imports tensorflow_decision_forests, whose welcome banner imports
# IPython (not installed) whenever stdout is not a terminal, e.g. under pytest.
os.environ.setdefault("TFDF_DISABLE_WELCOME_MESSAGE", "1")

# The project saves HDF5 on purpose (it can drop the optimizer state, and the
# tensorflowjs converter writes it internally); Keras' nudge away from it is noise.
warnings.filterwarnings("ignore", message="You are saving your model as an HDF5 file")
