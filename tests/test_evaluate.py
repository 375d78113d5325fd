"""The evaluation sets (evaluate/) and `python -m evaluate`: the sets' coverage, the
refusal of broken case files, and a tiny run through the page."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from core.dataset import CLASS_NAMES, NUM_CLASSES
from core.files import weights_digest
from core.layout import SITE_CONFIG, SITE_MODELS
from core.paths import ARTIFACTS_DIR, PUBLIC_DIR, ROOT, WEB_DIR, WILD_RESULTS
from evaluate.collect_art import ART_DIR, DRAWN
from evaluate.collect_wild import MARGIN, SIZE
from evaluate.garment_art import garments
from evaluate.run import (
    CASES_DIR,
    DEFAULT_FILL,
    MARKERS,
    OOD_KINDS,
    ModelRun,
    answers,
    load_cases,
    replace_section,
    score_model,
    write_results,
)
from evaluate.sketches import BASES, SKETCHES, STYLES, bounds
from tests.helpers import encode, open_page, photo_style, run_module

RATIO = re.compile(r"(\d[\d,]*) / (\d[\d,]*) \((\d+\.\d)%\)")


# The sets -----------------------------------------------------------------------------


class BrushOptions(HTMLParser):
    """Collects the labels of the page's brush <select> options."""

    def __init__(self):
        super().__init__()
        self.inside, self.labels = False, []

    def handle_starttag(self, tag, attrs):
        self.inside |= tag == "select" and ("data-testid", "brush") in attrs

    def handle_endtag(self, tag):
        self.inside &= tag != "select"

    def handle_data(self, data):
        if self.inside and data.strip():
            self.labels.append(data.strip())


def test_the_sketches_cover_every_class_in_every_style():
    assert len(SKETCHES) >= 60
    assert len({s.name for s in SKETCHES}) == len(SKETCHES)
    per_class = Counter(s.label for s in SKETCHES)
    assert set(per_class) == set(range(NUM_CLASSES)) and min(per_class.values()) >= 5
    wanted = {"outline", "hatched", "scribbled", "thick brush", "rotated", "small off-centre"}
    assert wanted <= set(STYLES)
    for style in STYLES:
        assert {s.label for s in SKETCHES if s.style == style} == set(range(NUM_CLASSES)), style

    parser = BrushOptions()
    parser.feed((WEB_DIR / "static" / "index.html").read_text())
    assert {s.brush for s in SKETCHES} == set(parser.labels) == {"thin", "medium", "thick"}

    for sketch in SKETCHES:
        assert all(len(stroke) >= 2 for stroke in sketch.strokes), sketch.name
        left, top, right, bottom = bounds(sketch.strokes)
        assert min(left, top) >= 0 and max(right, bottom) <= 1, sketch.name
        outline = sketch.strokes[0]
        assert outline[0] == outline[-1], f"{sketch.name}: the first stroke is not closed"
        if sketch.style == "small off-centre":
            assert max(right - left, bottom - top) <= 0.5, sketch.name
            centre = ((left + right) / 2, (top + bottom) / 2)
            assert max(abs(centre[0] - 0.5), abs(centre[1] - 0.5)) >= 0.15, sketch.name


def test_shading_adds_strokes_inside_the_outline():
    for sketch in SKETCHES:
        if sketch.style not in ("hatched", "scribbled"):
            continue
        base = BASES[sketch.label][sketch.name.rsplit(", ", 1)[0]]
        assert sketch.strokes[: len(base)] == base, sketch.name
        shading = sketch.strokes[len(base) :]
        assert len(shading) >= 1 and sum(map(len, shading)) >= 6, sketch.name
        left, top, right, bottom = bounds(sketch.strokes[:1])
        for x, y in (p for stroke in shading for p in stroke):
            assert left <= x <= right and top <= y <= bottom, sketch.name


def test_the_drawn_garments_are_distinct_well_formed_drawings():
    drawn = garments()
    assert set(drawn) <= set(CLASS_NAMES) and "Pullover" in drawn
    every = [item for items in drawn.values() for item in items]
    assert len({name for name, _ in every}) == len({svg for _, (svg, _, _) in every}) == len(every)
    for name, (svg, width, height) in every:
        root = ElementTree.fromstring(svg)  # well-formed, or this raises
        assert (
            root.find(".//{http://www.w3.org/2000/svg}polygon") is not None
            or root.find(".//{http://www.w3.org/2000/svg}path") is not None
        ), name
        assert max(width, height) == pytest.approx(SIZE - 2 * MARGIN)  # sized as the icons
    # The committed artwork holds exactly these drawings (python -m evaluate.collect_art).
    manifest = json.loads((ART_DIR / "art.json").read_text())
    icons = manifest["icons"]
    committed = [(icon["label"], icon["icon"]) for icon in icons if icon["set"] == DRAWN]
    assert committed == [
        (CLASS_NAMES.index(label), name) for label, items in drawn.items() for name, _ in items
    ]


def test_the_ood_set_is_complete_and_licensed():
    manifest = json.loads((CASES_DIR / "ood.json").read_text())
    cases = load_cases(CASES_DIR, "ood")  # every file present and a whole PNG
    assert len(cases) >= 20
    kinds = Counter(case.group for case in cases)
    assert len(kinds) >= 4 and set(kinds) <= set(OOD_KINDS)
    for entry in manifest["cases"]:
        assert manifest["sources"][entry["source"]]["licence"], entry


# Refusals -----------------------------------------------------------------------------


def make_cases(tmp_path, dataset, wild: int = 3, ood: int = 2):
    """A small cases folder: `wild` photo-style test images and the first `ood` OOD pictures."""
    cases = tmp_path / "cases"
    (cases / "wild").mkdir(parents=True)
    (cases / "ood").mkdir()
    entries = []
    for i in range(wild):
        name = f"wild/test-{i}.png"
        (cases / name).write_bytes(encode(photo_style(dataset.test_images[i]), "PNG"))
        entries.append({"file": name, "label": int(dataset.test_labels[i]), "style": "colour"})
    (cases / "wild.json").write_text(json.dumps({"sources": {}, "cases": entries}))
    manifest = json.loads((CASES_DIR / "ood.json").read_text())
    manifest["cases"] = manifest["cases"][:ood]
    for entry in manifest["cases"]:
        shutil.copy(CASES_DIR / entry["file"], cases / entry["file"])
    (cases / "ood.json").write_text(json.dumps(manifest))
    return cases


def break_png(cases, name):
    """Cuts a case file short: a corrupt PNG."""
    data = (cases / name).read_bytes()
    (cases / name).write_bytes(data[: len(data) // 2])


BROKEN = {
    "a missing file": (lambda c: (c / "wild/test-1.png").unlink(), "test-1.png is missing"),
    "a corrupt PNG": (lambda c: break_png(c, "wild/test-2.png"), "test-2.png is a corrupt PNG"),
    "not a PNG": (
        lambda c: (c / "wild/test-0.png").write_bytes(b"GIF89a" + bytes(64)),
        "test-0.png is not a PNG file",
    ),
    "unreadable JSON": (
        lambda c: (c / "ood.json").write_text("{"),
        "ood.json is not a readable manifest",
    ),
    "a missing manifest": (lambda c: (c / "wild.json").unlink(), "wild.json is missing"),
    "a bad label": (
        lambda c: (c / "wild.json").write_text(
            json.dumps({"cases": [{"file": "wild/test-0.png", "label": 10, "style": "colour"}]})
        ),
        "case 1: label 10 is not a class id 0-9",
    ),
}


@pytest.mark.parametrize("broken", BROKEN)
def test_broken_cases_are_refused_by_name(broken, tmp_path, dataset, site_dir):
    cases = make_cases(tmp_path, dataset)
    damage, message = BROKEN[broken]
    damage(cases)
    result = run_module("evaluate", "--cases", str(cases), "--no-write", timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stderr and str(cases) in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_site_that_is_not_built_gets_the_benchmarks_message(tmp_path):
    result = run_module("evaluate", "--site", str(tmp_path), "--no-write", timeout=120)
    assert result.returncode == 1
    assert f"{tmp_path} has no index.html. Build the site first: make build" in result.stderr


def test_the_section_replaces_its_old_self_or_is_appended():
    start, end = MARKERS
    old = f"# Models\n\nintro\n\n{start}\nold numbers\n{end}\n\n## After\n"
    new = replace_section(old, "new numbers")
    assert new == f"# Models\n\nintro\n\n{start}\nnew numbers\n{end}\n\n## After\n"
    assert replace_section(new, "newer") == new.replace("new numbers", "newer")
    assert replace_section("# Models\n", "numbers") == f"# Models\n\n{start}\nnumbers\n{end}\n"


# A tiny run through the page -----------------------------------------------------------


@pytest.mark.e2e
def test_a_tiny_run_reports_consistent_numbers(tmp_path, dataset, site_dir):
    cases = make_cases(tmp_path, dataset, wild=3, ood=2)
    docs_before = (ROOT / "docs" / "models.md").read_bytes()
    result = run_module(
        "evaluate",
        *["--cases", str(cases), "--models", "cnn", "--limit", "3", "--no-write"],
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "cnn: wild pictures 3/3" in out and "cnn: sketches 3/3" in out
    assert (ROOT / "docs" / "models.md").read_bytes() == docs_before

    # Every share is its two counts divided, to the printed precision.
    ratios = RATIO.findall(out)
    assert ratios
    for hits, count, percent in ratios:
        hits, count = int(hits.replace(",", "")), int(count.replace(",", ""))
        assert hits <= count and float(percent) == pytest.approx(100 * hits / count, abs=0.05)

    def row(name):
        line = next(line for line in out.splitlines() if line.startswith(f"| {name} |"))
        return [
            (int(h.replace(",", "")), int(c.replace(",", ""))) for h, c, _ in RATIO.findall(line)
        ]

    for fill in ("on", "off"):
        assert row(f"wild pictures right, fill {fill}")[0][1] == 3
        assert row(f"sketches right, fill {fill}")[0][1] == 3
        assert row(f"out-of-distribution pictures flagged not sure, fill {fill}")[0][1] == 2

    def number(text):
        return int(text.replace(",", ""))

    def columns(name):
        """A per-class row's cells in order: (hits, count), or None where it shows "—"."""
        line = next(line for line in out.splitlines() if line.startswith(f"| {name} |"))
        found = [RATIO.search(cell) for cell in line.split("|")[2:-1]]
        return [(number(m[1]), number(m[2])) if m else None for m in found]

    # Per class: wild pictures with the fill on and off, then the test images. The
    # classes' counts add up to the whole, and so do their hits.
    per_class = [columns(name) for name in CLASS_NAMES]
    assert all(len(cells) == 3 for cells in per_class)
    shown = [cells for cells in per_class if cells[0]]
    assert len(shown) == len(set(dataset.test_labels[:3]))
    assert sum(cells[0][1] for cells in shown) == 3
    for column, fill in enumerate(("on", "off")):
        hits = sum(cells[column][0] for cells in shown)
        assert hits == row(f"wild pictures right, fill {fill}")[0][0]
    # The official test images are scored and judged by the page itself.
    assert sum(cells[2][1] for cells in per_class) == 10_000
    assert sum(cells[2][0] for cells in per_class) == row("official test images right")[0][0]
    assert row("official test images flagged not sure")[0][1] == 10_000


# The numbers beside the trained models --------------------------------------------------


def site_weights(site, entry) -> str:
    """The digest of a model's weights as the built site serves them."""
    base = entry["model"].rsplit("/", 1)[0]
    return weights_digest(
        site.json(entry["model"]), lambda file: site.path(f"{base}/{file}").read_bytes()
    )


def test_the_numbers_are_recorded_with_the_weights_the_site_holds(site_dir, site, tmp_path, capsys):
    (tmp_path / "cnn").mkdir()  # no folder for mlp: nothing is written for it
    write_results({"cnn": ModelRun(), "mlp": ModelRun()}, site_dir, "156.0", tmp_path)
    record = json.loads((tmp_path / "cnn" / WILD_RESULTS).read_text())
    assert not (tmp_path / "mlp").exists()
    assert "mlp's numbers stay out of its training report" in capsys.readouterr().out
    # The export fingerprints the weights it writes the same way (export.site.wild_results).
    folder = PUBLIC_DIR / SITE_MODELS / "cnn"
    exported = weights_digest(
        json.loads((folder / "model.json").read_text()), lambda f: (folder / f).read_bytes()
    )
    assert record["weights"] == exported
    assert record["chromium"] == "156.0" and record["wild"]["right"] == [0, 0]


def test_the_shipped_models_report_numbers_measured_on_their_own_weights(site):
    """docs/models.md and the page's training report show the models that ship."""
    for entry in site.json(SITE_CONFIG)["models"]:
        path = ARTIFACTS_DIR / entry["name"] / WILD_RESULTS
        record = json.loads(path.read_text())
        assert record["weights"] == site_weights(site, entry), f"run python -m evaluate: {path}"
        report = site.json(entry["report"])
        assert report["wild"] == {
            k: v for k, v in record.items() if k not in ("weights", "readings")
        }


@pytest.mark.e2e
def test_a_fixed_subset_gets_the_recorded_answers_through_the_page(page, site_url, site, dataset):
    """Guards the default model's numbers in docs/models.md: a fixed subset of the wild
    pictures, the sketches with the fill off and the out-of-distribution pictures go
    through the page again and get the answers `python -m evaluate` recorded, and so do
    the official test images."""
    default = site.json(SITE_CONFIG)["defaultModel"]
    record = json.loads((ARTIFACTS_DIR / default / WILD_RESULTS).read_text())
    wild = load_cases(CASES_DIR, "wild")[::5]  # 36 of 177, across every class and style
    ood = load_cases(CASES_DIR, "ood")[::2]
    sketches = SKETCHES[::4]  # every style, thin to thick brushes
    images = dataset.test_images.tobytes()
    page.route("**/__evaluate__/t10k.bin", lambda route: route.fulfill(body=images))
    open_page(page, site_url)
    run = score_model(page, default, wild, ood, sketches, itertools.count(), dataset.test_labels)
    for name, pairs in (
        ("wild", run.wild[DEFAULT_FILL]),
        ("ood", run.ood[DEFAULT_FILL]),
        ("sketchesFillOff", run.sketches["off"]),
    ):
        now = answers(pairs)
        differ = sorted(case for case in now if now[case] != record["readings"][name][case])
        # The same page and weights answer the same; a borderline case may tip (≤ 5%).
        assert len(differ) <= len(now) // 20, f"{name}: {differ} now answer otherwise"
    assert [list(pair) for pair in run.test_right] == record["test"]["perClass"]
