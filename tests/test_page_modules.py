"""The page's JavaScript keeps its shape: small modules, one place for state in each,
and rendering modules that hold none (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "web" / "src"
MODULES = sorted(p for p in SRC.rglob("*.js") if "tfjs" not in p.relative_to(SRC).parts)
RENDERING = ["ui.js", "bars.js", "gallery-view.js", "report.js", "charts.js"]  # DOM out, no state
TOP_LEVEL_STATE = re.compile(r"^(?:export\s+)?(?:let|var)\s", re.MULTILINE)  # unindented

MAX_MAIN_LINES = 200
MAX_LINES = 300


def lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def top_level_state(path: Path) -> list[str]:
    return TOP_LEVEL_STATE.findall(path.read_text())


def test_the_modules_are_found():
    names = {p.name for p in MODULES}
    assert {"main.js", "api.js", "gallery.js", "input.js", "switching.js", *RENDERING} <= names


def test_main_only_starts_and_wires():
    assert lines(SRC / "main.js") <= MAX_MAIN_LINES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_module_is_small(path):
    assert lines(path) <= MAX_LINES, f"{path.name} has {lines(path)} lines; split it by concern"


@pytest.mark.parametrize("name", RENDERING)
def test_rendering_modules_hold_no_state(name):
    assert not top_level_state(SRC / name), f"{name} renders; it must not keep state"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_state_lives_in_one_place(path):
    found = top_level_state(path)
    assert len(found) <= 1, f"{path.name} keeps state in {len(found)} top-level variables"
