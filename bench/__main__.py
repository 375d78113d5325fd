"""Command line: python -m bench."""

import argparse
import sys
from pathlib import Path

from bench.benchmark import run
from train import constants as C
from train.console import run_safely
from train.flags import add_site_flag
from train.models import SHIPPED


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the built site in headless Chromium against Keras, side by side.",
    )
    add_site_flag(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=C.ROOT / "BENCHMARKS.md",
        help="where to write the report (default: BENCHMARKS.md in the repo)",
    )
    parser.add_argument(
        "--models",
        nargs="+",
        choices=SHIPPED,
        default=[C.DEFAULT_MODEL, *(m for m in SHIPPED if m != C.DEFAULT_MODEL)],
        help="models to measure, the first is the one the verdict is about (default: cnn mlp)",
    )
    args = parser.parse_args()
    return run_safely(run, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
