"""Command line: python -m export [--reuse]."""

import argparse
import sys
from pathlib import Path

from export.site import export_site
from train import constants as C
from train.console import run_safely
from train.flags import add_data_flags, add_training_flags
from train.models import MODELS, SHIPPED


def parser() -> argparse.ArgumentParser:
    """Returns the command line's parser."""
    parser = argparse.ArgumentParser(
        prog="python -m export",
        description="Train (or reuse) the models and export them, with sample test images, "
        "as the static site's model and data files.",
    )
    parser.add_argument(
        "--models", nargs="+", choices=list(MODELS), default=SHIPPED, metavar="NAME",
        help=f"models to export; the page starts with {C.DEFAULT_MODEL} if included, else with "
        f"the first (default: {' '.join(SHIPPED)}; choices: {', '.join(MODELS)})",
    )  # fmt: skip
    parser.add_argument(
        "--reuse", action="store_true",
        help="reuse the trained models in --artifacts instead of training them again",
    )  # fmt: skip
    add_training_flags(parser, "epochs per model (default: each model's own)")
    parser.add_argument(
        "--out", type=Path, default=C.PUBLIC_DIR,
        help=f"folder for the site's model and data files (default: {C.PUBLIC_DIR})",
    )  # fmt: skip
    parser.add_argument(
        "--artifacts", type=Path, default=C.ARTIFACTS_DIR,
        help=f"folder for the trained Keras models (default: {C.ARTIFACTS_DIR})",
    )  # fmt: skip
    add_data_flags(parser)
    return parser


def main() -> int:
    args = parser().parse_args()
    return run_safely(export_site, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
