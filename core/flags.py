"""Command-line flags shared by python -m train, export, web and bench."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.dataset import DATA_ENV_VAR, SEED, SYSTEM_DATA_DIR
from core.paths import DIST_DIR


def positive_int(text: str) -> int:
    """Parses a whole number above zero."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_training_flags(parser: argparse.ArgumentParser, epochs_help: str) -> None:
    """Adds --epochs, --train-limit and --seed."""
    parser.add_argument("--epochs", type=positive_int, default=None, help=epochs_help)
    parser.add_argument(
        "--train-limit",
        type=positive_int,
        default=None,
        metavar="N",
        help="train on the first N training images only (quick runs and tests)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default: {SEED})")


def add_data_flags(parser: argparse.ArgumentParser) -> None:
    """Adds --data-dir and --no-download."""
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder with the four .gz files (default: search ${DATA_ENV_VAR}, "
        f"{SYSTEM_DATA_DIR}, the Keras cache, then download)",
    )
    parser.add_argument(
        "--no-download",
        dest="download",
        action="store_false",
        help="never download the data; fail if it is not on disk",
    )


def add_site_flag(parser: argparse.ArgumentParser) -> None:
    """Adds --site, the folder of the built site."""
    parser.add_argument(
        "--site",
        type=Path,
        default=DIST_DIR,
        help=f"folder of the built site (default: {DIST_DIR})",
    )
