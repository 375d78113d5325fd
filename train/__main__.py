"""Command line: python -m train --model mlp."""

import argparse
import sys
from pathlib import Path

from train import constants as C
from train.console import run_safely
from train.models import MODELS
from train.training import train_and_save


def positive_int(text: str) -> int:
    """Parses a whole number above zero."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m train", description="Train a Fashion-MNIST classifier with Keras."
    )
    parser.add_argument(
        "--model",
        choices=list(MODELS),
        default=C.DEFAULT_MODEL,
        help=f"which model to train (default: {C.DEFAULT_MODEL})",
    )
    parser.add_argument(
        "--epochs",
        type=positive_int,
        default=None,
        help="maximum number of epochs (default: the model's own: 10 for mlp, 30 for cnn)",
    )
    parser.add_argument(
        "--train-limit",
        type=positive_int,
        default=None,
        metavar="N",
        help="train on the first N training images only (quick experiments)",
    )
    parser.add_argument("--seed", type=int, default=C.SEED, help=f"random seed (default: {C.SEED})")
    parser.add_argument(
        "--out",
        type=Path,
        default=C.ARTIFACTS_DIR,
        help=f"folder for trained models (default: {C.ARTIFACTS_DIR})",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder with the four .gz files (default: search ${C.DATA_ENV_VAR}, "
        f"{C.SYSTEM_DATA_DIR}, the Keras cache, then download)",
    )
    parser.add_argument(
        "--no-download",
        dest="download",
        action="store_false",
        help="never download the data; fail if it is not on disk",
    )
    args = parser.parse_args()
    return run_safely(train_and_save, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
