"""Command line: python -m evaluate."""

import argparse
import sys
from pathlib import Path

from core.console import run_safely
from core.flags import add_site_flag, positive_int
from core.paths import ARTIFACTS_DIR
from evaluate.run import DOCS, SETS, add_cases_flag, evaluate


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluate",
        description="Score the built page on the fixed evaluation sets (wild pictures, "
        "sketches, out-of-distribution pictures) in headless Chromium, and write the "
        "numbers into docs/models.md.",
    )
    add_site_flag(parser)
    parser.add_argument(
        "--models",
        nargs="+",
        default=None,
        metavar="NAME",
        help="models of the site to score (default: all of them, the page's default first)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DOCS,
        help="Markdown file whose wild-eval section is replaced (default: docs/models.md)",
    )
    parser.add_argument(
        "--no-write",
        dest="write",
        action="store_false",
        help="print the numbers only; leave the Markdown file as it is",
    )
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=ARTIFACTS_DIR,
        help="folder of the trained models, where each model's numbers are written for its "
        "training report (default: artifacts)",
    )
    add_cases_flag(parser)
    parser.add_argument(
        "--sets",
        nargs="+",
        choices=SETS,
        default=SETS,
        help="which sets to run (default: all three)",
    )
    parser.add_argument(
        "--limit",
        type=positive_int,
        default=None,
        metavar="N",
        help="only the first N cases of each set, for a quick check; writes nothing",
    )
    args = parser.parse_args()
    return run_safely(evaluate, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
