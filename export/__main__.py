"""Command line: python -m export [--reuse]."""

import argparse
import sys
from pathlib import Path

from export.site import export_site
from train import constants as C
from train.__main__ import positive_int
from train.console import run_safely
from train.models import MODELS, SHIPPED


def main() -> int:
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
        help=f"models to export; the page starts with {C.DEFAULT_MODEL} if included, else with "
        f"the first (default: {' '.join(SHIPPED)}; choices: {', '.join(MODELS)})",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the trained models in --artifacts instead of training them again",
    )
    parser.add_argument(
        "--epochs",
        type=positive_int,
        default=None,
        help="epochs per model (default: each model's own)",
    )
    parser.add_argument(
        "--train-limit",
        type=positive_int,
        default=None,
        metavar="N",
        help="train on the first N training images only (quick runs and tests)",
    )
    parser.add_argument("--seed", type=int, default=C.SEED, help=f"random seed (default: {C.SEED})")
    parser.add_argument(
        "--out",
        type=Path,
        default=C.PUBLIC_DIR,
        help=f"folder for the site's model and data files (default: {C.PUBLIC_DIR})",
    )
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=C.ARTIFACTS_DIR,
        help=f"folder for the trained Keras models (default: {C.ARTIFACTS_DIR})",
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
    return run_safely(export_site, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
