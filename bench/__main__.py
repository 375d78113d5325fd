"""Command line: python -m bench."""

import argparse
import sys
from pathlib import Path

from bench.benchmark import run
from core.console import run_safely
from core.flags import add_site_flag
from core.paths import ROOT


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark the built site in headless Chromium against Keras and a plain "
        "TF.js page, side by side, train the tutorial's model in both, and run Lighthouse.",
    )
    add_site_flag(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "BENCHMARKS.md",
        help="where to write the report (default: BENCHMARKS.md in the repo)",
    )
    parser.add_argument(
        "--models",
        nargs="+",
        default=None,
        metavar="NAME",
        help="models of the site to measure; the first is the one the verdict is about "
        "(default: all of them, the page's default model first)",
    )
    args = parser.parse_args()
    return run_safely(run, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
