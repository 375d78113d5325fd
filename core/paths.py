"""Where the project's folders are, built from this file's location (not the working directory)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = ROOT / "artifacts"  # trained Keras models and their reports (committed)
WEB_DIR = ROOT / "web"
PUBLIC_DIR = WEB_DIR / "public"  # what `python -m export` writes (committed)
DIST_DIR = WEB_DIR / "dist"  # the assembled static site (`make build`)
CASES_DIR = ROOT / "evaluate" / "cases"  # the fixed evaluation set (wild, sketches, non-clothing)
WILD_RESULTS = "wild.json"  # beside a model in ARTIFACTS_DIR: its evaluation-set numbers
