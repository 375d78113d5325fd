"""Command line: python -m train --model mlp."""

import argparse
import sys
from pathlib import Path

from train import constants as C
from train.console import run_safely
from train.flags import add_data_flags, add_training_flags
from train.models import MODELS
from train.training import train_and_save


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m train", description="Train a Fashion-MNIST classifier with Keras."
    )
    parser.add_argument(
        "--model", choices=list(MODELS), default=C.DEFAULT_MODEL,
        help=f"which model to train (default: {C.DEFAULT_MODEL})",
    )  # fmt: skip
    add_training_flags(
        parser, "maximum number of epochs (default: the model's own: 10 for mlp, 30 for cnn)"
    )
    parser.add_argument(
        "--out", type=Path, default=C.ARTIFACTS_DIR,
        help=f"folder for trained models (default: {C.ARTIFACTS_DIR})",
    )  # fmt: skip
    add_data_flags(parser)
    args = parser.parse_args()
    return run_safely(train_and_save, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
