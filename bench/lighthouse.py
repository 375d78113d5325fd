"""Runs Lighthouse (npm `lighthouse`, its default mobile preset) on the page as
`python -m web` serves it, in the system's Chromium, and reads its scores, metrics and
failing audits from the JSON report. No network is needed: an audit that tries to
reach one just fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.chromium import SYSTEM_CHROMIUM
from core.paths import ROOT

CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
TIMEOUT_S = 300
# Runs per benchmark: Lighthouse scales the main-thread work it observes on this shared,
# noisy machine, so one run's Performance score can move by ten points.
RUNS = 5
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
METRICS = {
    "first-contentful-paint": "First Contentful Paint",
    "largest-contentful-paint": "Largest Contentful Paint",
    "total-blocking-time": "Total Blocking Time",
    "cumulative-layout-shift": "Cumulative Layout Shift",
    "speed-index": "Speed Index",
}
# Audits that pass or fail; the others only inform (or do not apply).
SCORED_MODES = {"binary", "numeric", "metricSavings"}


class LighthouseError(Exception):
    """Raised when Lighthouse gives no report; the message says why."""


def run_lighthouse(url: str) -> dict:
    """Runs Lighthouse on url and returns its JSON report, or raises LighthouseError."""
    node = shutil.which("node")
    if node is None or not CLI.is_file():
        raise LighthouseError(f"needs node and {CLI.relative_to(ROOT)} (npm ci)")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        out = Path(folder) / "report.json"
        command = [
            node,
            str(CLI),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            # Chromium refuses to sandbox as root; headless, as everything else here.
            "--chrome-flags=--headless=new --no-sandbox",
        ]
        env = {**os.environ, "CHROME_PATH": str(SYSTEM_CHROMIUM)}
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            raise LighthouseError(f"it ran over {TIMEOUT_S} s") from None
        if done.returncode != 0 or not out.is_file():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise LighthouseError(f"it exited with code {done.returncode}: {last}")
        report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise LighthouseError(report["runtimeError"].get("message", "a runtime error"))
    return report


def median_run(summaries: list[dict]) -> dict:
    """Returns the summary of the run with the median Performance score (the lower of the
    two middle ones for an even count), with every run's score in run order added as
    `performance_runs`."""
    ranked = sorted(summaries, key=lambda summary: summary["scores"]["Performance"])
    middle = ranked[(len(ranked) - 1) // 2]
    return {**middle, "performance_runs": [s["scores"]["Performance"] for s in summaries]}


def summarize(report: dict) -> dict:
    """Returns {version, form_factor, scores, metrics, failing} from a Lighthouse report.

    scores: category title → 0–100; metrics: title → {value, display} (value in ms, CLS
    unitless); failing: "Category: audit title" of every scored audit below full marks
    in the four categories, metrics excepted (they are reported as such).
    """
    audits = report["audits"]
    failing = []
    for key, title in CATEGORIES.items():
        for ref in report["categories"][key]["auditRefs"]:
            audit = audits[ref["id"]]
            scored = audit["scoreDisplayMode"] in SCORED_MODES and audit["score"] is not None
            if ref.get("group") != "metrics" and scored and audit["score"] < 1:
                failing.append(f"{title}: {audit['title']}")
    return {
        "version": report["lighthouseVersion"],
        "form_factor": report["configSettings"]["formFactor"],
        "scores": {
            title: round(report["categories"][key]["score"] * 100)
            for key, title in CATEGORIES.items()
        },
        "metrics": {
            title: {
                "value": audits[key]["numericValue"],
                "display": audits[key]["displayValue"].replace("\xa0", " "),  # no-break spaces
            }
            for key, title in METRICS.items()
        },
        "failing": failing,
    }
