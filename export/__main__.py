"""Command line: python -m export [--reuse]."""

import argparse
import sys
from pathlib import Path

from core.console import run_safely
from core.flags import add_data_flags, add_training_flags
from core.layout import DEFAULT_MODEL
from core.paths import ARTIFACTS_DIR, PUBLIC_DIR
from export.site import export_site
from train.models import MODELS, SHIPPED


def parser() -> argparse.ArgumentParser:
    """Returns the command line's parser."""
    parser = argparse.ArgumentParser(
        prog="python -m export",
        description="Train (or reuse) the models and export them, with sample test images, "
        "as the static site's model and data files.",
    )
    parser.add_argument(
        "--models",
        nargs="+",
        choices=list(MODELS),
        default=SHIPPED,
        metavar="NAME",
        help=f"models to export; the page starts with {DEFAULT_MODEL} if included, else with "
        f"the first (default: {' '.join(SHIPPED)}; choices: {', '.join(MODELS)})",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the trained models in --artifacts instead of training them again",
    )
    add_training_flags(parser, "epochs per model (default: each model's own)")
    parser.add_argument(
        "--out",
        type=Path,
        default=PUBLIC_DIR,
        help=f"folder for the site's model and data files (default: {PUBLIC_DIR})",
    )
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=ARTIFACTS_DIR,
        help=f"folder for the trained Keras models (default: {ARTIFACTS_DIR})",
    )
    add_data_flags(parser)
    return parser


def main() -> int:
    args = parser().parse_args()
    return run_safely(export_site, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
