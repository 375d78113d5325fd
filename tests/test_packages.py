"""The Python packages' structure: imports follow the data, and serving stays light."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from core.paths import ROOT

# The data flows dataset → train → artifacts/ → export → web/public → web/dist → page;
# each package may import itself, the shared core, and what lies upstream of it. The
# benchmark measures the page against Keras, so it may read both ends.
UPSTREAM = {
    "core": set(),
    "train": {"core"},
    "export": {"core", "train"},
    "web": {"core"},
    "bench": {"core", "train", "web"},
    "evaluate": {"core", "train", "export", "web", "bench"},  # scores.py: the export's calibration
    "pagemodel": {"core", "train"},  # the page's download, back into Keras
}
PACKAGES = set(UPSTREAM) | {"tests"}
TENSORFLOW = {"tensorflow", "tf_keras", "keras", "tensorflowjs", "train", "export"}
TRAINING_STACK = TENSORFLOW | {"numpy", "matplotlib"}


def imported_roots(path) -> set[str]:
    """Returns the top-level names a Python file imports, at any depth of its code."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(UPSTREAM))
def test_imports_follow_the_data(package):
    allowed = UPSTREAM[package] | {package}
    for path in sorted((ROOT / package).rglob("*.py")):
        wrong = (imported_roots(path) & PACKAGES) - allowed
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_the_core_and_the_server_need_no_training_stack():
    for package in ("core", "web"):
        for path in sorted((ROOT / package).rglob("*.py")):
            heavy = imported_roots(path) & (TRAINING_STACK - {"train", "export"})
            assert not heavy, f"{path.relative_to(ROOT)} imports {sorted(heavy)}"
    core_imports = set().union(*(imported_roots(p) for p in (ROOT / "core").rglob("*.py")))
    assert core_imports - {"core"} <= sys.stdlib_module_names | {"__future__"}


# Runs `python -m MODULE --help` and prints every module it imported.
LOADED_BY_HELP = """
import runpy, sys
sys.argv = [sys.argv[1], "--help"]
try:
    runpy.run_module(sys.argv[0], run_name="__main__")
except SystemExit:
    pass
print("\\n".join(sys.modules), file=sys.stderr)
"""


# `make serve` runs these with the serving install, which has no TensorFlow; the
# train panel's images are written by the export's light part, from the dataset loader.
@pytest.mark.parametrize(
    ("module", "light"),
    [("web", set()), ("bench", set()), ("export.training_data", {"train", "export"})],
)
def test_help_loads_no_tensorflow(module, light):
    result = subprocess.run(
        [sys.executable, "-c", LOADED_BY_HELP, module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert f"python -m {module}" in result.stdout  # the help was printed
    loaded = {name.split(".")[0] for name in result.stderr.split()}
    assert "argparse" in loaded  # the module list was printed
    assert not loaded & (TENSORFLOW - light), sorted(loaded & (TENSORFLOW - light))


def test_serving_loads_no_tensorflow():
    code = (
        "import sys, web.__main__, web.server; "
        "web.server.create_app(); print('\\n'.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = {name.split(".")[0] for name in result.stdout.split()}
    assert "flask" in loaded
    assert not loaded & TRAINING_STACK, sorted(loaded & TRAINING_STACK)


def test_test_files_share_helpers_not_each_other():
    """Fixtures reach tests through pytest; shared code comes from tests/helpers.py."""
    allowed = {"tests.helpers", "tests.sketches"}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests"):
                assert node.module in allowed, f"{path.name} imports {node.module}"
