"""Command line: python -m pagemodel ~/Downloads/fashion-mnist-trained.json."""

import argparse
import sys
from pathlib import Path

from core.console import run_safely
from core.flags import add_data_flags
from pagemodel.load import evaluate_download


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pagemodel",
        description="Load a model trained or taught in the page (its TF.js download) into "
        "Keras and evaluate it on the official Fashion-MNIST test set.",
    )
    parser.add_argument(
        "path",
        type=Path,
        help="the downloaded .json file of a trained or taught model; its .weights.bin file "
        "must be beside it",
    )
    add_data_flags(parser)
    args = parser.parse_args()
    return run_safely(evaluate_download, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
