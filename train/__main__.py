"""Command line: python -m train --model mlp."""

import argparse
import sys
from pathlib import Path

from core.console import run_safely
from core.flags import add_data_flags, add_training_flags
from core.layout import DEFAULT_MODEL
from core.paths import ARTIFACTS_DIR
from train.models import MODELS
from train.training import train_and_save


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m train", description="Train a Fashion-MNIST classifier with Keras."
    )
    parser.add_argument(
        "--model",
        choices=list(MODELS),
        default=DEFAULT_MODEL,
        help=f"which model to train (default: {DEFAULT_MODEL})",
    )
    add_training_flags(
        parser, "maximum number of epochs (default: the model's own: 10 for mlp, 30 for cnn)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ARTIFACTS_DIR,
        help=f"folder for trained models (default: {ARTIFACTS_DIR})",
    )
    add_data_flags(parser)
    args = parser.parse_args()
    return run_safely(train_and_save, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
