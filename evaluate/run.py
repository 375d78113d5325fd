"""Scores the page on the fixed evaluation sets in Chromium, the way visitors use it.

Wild clothing pictures and out-of-distribution pictures go in through the page's own
file input (its decoding, preprocessing, TF.js model and not-sure verdict); sketches
are drawn on its canvas with pointer strokes. Each is read with the fill of closed
outlines on (as the page starts), then off. For each model of the site: wild accuracy
per class and per style, the confident-mistake rate, sketch accuracy per style, and how
often the page says it is not sure of out-of-distribution pictures and of the official
test images. Printed, and written between markers in docs/models.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shlex
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from PIL import Image

from bench.benchmark import serving, site_models
from bench.chromium import launch_options
from core.console import UserError
from core.dataset import CLASS_NAMES, NUM_CLASSES
from core.files import weights_digest, write_atomic, write_json
from core.layout import SITE_CONFIG
from core.paths import ARTIFACTS_DIR, CASES_DIR, ROOT, WILD_RESULTS
from evaluate.sketches import SKETCHES, STYLES, Sketch
from web.built import BuiltSite

DOCS = ROOT / "docs" / "models.md"
SETS = ("wild", "sketches", "ood")
WILD_STYLES = ("colour", "line")
OOD_KINDS = ("digit", "letter", "photo", "noise", "doodle")
CONFIDENT = 0.9  # a wrong answer at least this confident is a confident mistake
MARKERS = ("<!-- wild-eval:start -->", "<!-- wild-eval:end -->")
NOTHING = "Nothing to classify"  # the page's note on a picture with no object
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TIMEOUT_MS = 30_000  # a busy 2-core machine can take seconds over a large picture
BATCH = 1000  # test images per fashionMnist.predict call
PROGRESS = 25  # a progress line every this many cases
FILLS = ("on", "off")  # the page's fill of closed outlines, in the order inputs are read
DEFAULT_FILL = "on"  # as the page starts: the headline numbers are read with it
GOALS = {  # issue 11's goals, shown beside the numbers
    "accuracy": "≥ 93.5%",
    "wild": "≥ 85%",
    "confident": "≤ 3%",
    "sketches": "≥ 90%",
    "ood": "≥ 90%",
    "test": "≤ 5%",
}


# The cases -------------------------------------------------------------------------


def add_cases_flag(parser: argparse.ArgumentParser) -> None:
    """Adds --cases, the folder of the evaluation sets (python -m evaluate, evaluate.scores)."""
    parser.add_argument(
        "--cases",
        type=Path,
        default=CASES_DIR,
        help="folder with wild.json, ood.json and the pictures they name (default: evaluate/cases)",
    )


@dataclass(frozen=True)
class Case:
    """One picture of a set: its file, its true class (None: not clothing), its group
    (a wild picture's style, an out-of-distribution picture's kind)."""

    path: Path
    label: int | None
    group: str


def check_png(path: Path) -> None:
    """Refuses a case file that is missing or not a whole, readable PNG, by name."""
    try:
        with path.open("rb") as file:
            if file.read(len(PNG_SIGNATURE)) != PNG_SIGNATURE:
                raise UserError(f"{path} is not a PNG file")
        with Image.open(path) as image:
            image.verify()  # the chunks' checksums
        with Image.open(path) as image:
            image.load()  # the pixels, to the end
    except FileNotFoundError:
        raise UserError(f"{path} is missing (its manifest names it)") from None
    except (OSError, SyntaxError, ValueError) as err:
        raise UserError(f"{path} is a corrupt PNG: {err}") from None


def parse_case(cases: Path, where: str, entry: object, wild: bool) -> Case:
    """Reads one manifest entry; `where` names it in messages."""
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise UserError(f"{where} names no file")
    path = (cases / entry["file"]).resolve()
    if not path.is_relative_to(cases.resolve()):
        raise UserError(f"{where}: {entry['file']} lies outside {cases}")
    if wild:
        label, group = entry.get("label"), entry.get("style")
        if type(label) is not int or not 0 <= label < NUM_CLASSES:
            raise UserError(f"{where}: label {label!r} is not a class id 0-9")
        if group not in WILD_STYLES:
            raise UserError(f"{where}: style {group!r} is not one of {', '.join(WILD_STYLES)}")
        return Case(path, label, group)
    if entry.get("kind") not in OOD_KINDS:
        raise UserError(f"{where}: kind {entry.get('kind')!r} is not one of {', '.join(OOD_KINDS)}")
    return Case(path, None, entry["kind"])


def load_cases(cases: Path, name: str) -> list[Case]:
    """Reads the manifest `name`.json of the cases folder and checks every file it names."""
    manifest = cases / f"{name}.json"
    try:
        entries = json.loads(manifest.read_text())["cases"]
        if not isinstance(entries, list):
            raise TypeError("its cases are not a list")
    except FileNotFoundError:
        raise UserError(f"{manifest} is missing: it lists the {name} pictures") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise UserError(f"{manifest} is not a readable manifest: {err!r}") from None
    found = [
        parse_case(cases, f"{manifest}, case {i + 1}", entry, wild=name == "wild")
        for i, entry in enumerate(entries)
    ]
    for case in found:
        check_png(case.path)
    return found


# The page ----------------------------------------------------------------------------

READ_RESULT_JS = """() => {
    const result = document.querySelector('[data-testid="draw-result"]');
    const message = document.querySelector('[data-testid="input-message"]');
    return {
        predicted: result.dataset.predicted ?? '',
        confidence: result.dataset.confidence ?? '',
        unsure: result.dataset.unsure ?? '',
        message: message.hidden ? '' : message.textContent,
    };
}"""

# Predicts the official test images with the page's model and counts those it is not
# sure of by its own verdict (flagged is null when the page has no verdict to give).
TEST_SET_JS = """async ([url, batch]) => {
    const judge = typeof fashionMnist.judge === 'function' ? fashionMnist.judge : null;
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const pixels = Float32Array.from(bytes, (v) => v / 255);
    const n = bytes.length / 784;
    const predicted = [];
    let flagged = 0;
    for (let first = 0; first < n; first += batch) {
        const count = Math.min(batch, n - first);
        const part = pixels.subarray(first * 784, (first + count) * 784);
        const probs = await fashionMnist.predict(part, count);
        for (let i = 0; i < count; i++) {
            const row = probs.subarray(i * 10, (i + 1) * 10);
            predicted.push(row.indexOf(Math.max(...row)));
            if (judge && judge(row).unsure) flagged += 1;
        }
    }
    return { predicted, flagged: judge ? flagged : null };
}"""


@dataclass(frozen=True)
class Reading:
    """What the page showed for one input."""

    predicted: int | None  # None: no prediction
    confidence: float | None
    flagged: bool  # data-unsure="true"; a page without the attribute flags nothing
    nothing: bool  # the page's "Nothing to classify" note

    @property
    def not_sure(self) -> bool:
        """The page said it is not sure, in either way."""
        return self.flagged or self.nothing


def read_result(page) -> Reading:
    """Reads draw-result and its note once the page has settled."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("draw-result")).to_have_attribute(
        "aria-busy", "false", timeout=TIMEOUT_MS
    )
    raw = page.evaluate(READ_RESULT_JS)
    if raw["predicted"] == "":
        return Reading(None, None, raw["unsure"] == "true", NOTHING in raw["message"])
    return Reading(
        int(raw["predicted"]),
        float(raw["confidence"]),
        raw["unsure"] == "true",
        NOTHING in raw["message"],
    )


def upload(page, case: Case, number: int, read=read_result) -> tuple:
    """Gives the page one picture through its file input, as a visitor does; reads it
    with `read` (the result, by default) with the fill of closed outlines on, then off."""
    from playwright.sync_api import expect

    fill = page.get_by_test_id("fill-toggle")
    fill.set_checked(True)
    # A name of its own, so the wait below never sees the previous picture's result.
    name = f"{number:04d}-{case.path.name}"
    page.get_by_test_id("upload").set_input_files(
        files=[{"name": name, "mimeType": "image/png", "buffer": case.path.read_bytes()}]
    )
    try:
        expect(page.get_by_text(f"Showing {name}.")).to_be_visible(timeout=TIMEOUT_MS)
    except AssertionError:
        why = page.get_by_test_id("input-message").text_content()
        raise UserError(f"the page refused {case.path}: {why}") from None
    filled = read(page)
    fill.set_checked(False)
    return filled, read(page)


def draw(page, sketch: Sketch, read=read_result) -> tuple:
    """Draws a sketch on the cleared pad with its brush; reads it with `read` (the result,
    by default) with the fill on, then off."""
    page.get_by_test_id("clear").click()
    fill = page.get_by_test_id("fill-toggle")
    fill.set_checked(True)
    page.get_by_test_id("brush").select_option(label=sketch.brush)
    canvas = page.get_by_test_id("draw-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()

    def at(point):
        return box["x"] + point[0] * box["width"], box["y"] + point[1] * box["height"]

    for stroke in sketch.strokes:
        page.mouse.move(*at(stroke[0]))
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*at(point), steps=2)
        page.mouse.up()
    filled = read(page)
    fill.set_checked(False)
    return filled, read(page)


# One run ------------------------------------------------------------------------------


@dataclass
class ModelRun:
    """Everything measured on one model."""

    backend: str = ""
    # Each set: fill → [(case, reading)], read with the fill of closed outlines on and off.
    wild: dict = field(default_factory=lambda: {fill: [] for fill in FILLS})
    ood: dict = field(default_factory=lambda: {fill: [] for fill in FILLS})
    sketches: dict = field(default_factory=lambda: {fill: [] for fill in FILLS})
    test_right: list[tuple[int, int]] = field(default_factory=list)  # per class: (hits, count)
    test_unsure: tuple[int, int] | None = None  # (flagged, count); None: the page has no rule


def progress(model: str, what: str, done: int, total: int) -> None:
    """Prints a progress line now and then: the run takes minutes."""
    if done % PROGRESS == 0 or done == total:
        print(f"  {model}: {what} {done}/{total}", flush=True)


def score_model(page, model: str, wild, ood, sketches, uploads, labels) -> ModelRun:
    """Runs every set, and the official test images with their `labels`, through the page
    with `model` in use; `uploads` numbers the files."""
    page.evaluate("name => fashionMnist.setModel(name)", model)
    run = ModelRun(backend=page.evaluate("fashionMnist.backend"))

    def give(case):
        return upload(page, case, next(uploads))

    sets = (
        ("wild pictures", wild, run.wild, give),
        ("OOD pictures", ood, run.ood, give),
        ("sketches", sketches, run.sketches, lambda sketch: draw(page, sketch)),
    )
    for what, cases, found, read in sets:
        for i, case in enumerate(cases):
            for fill, reading in zip(FILLS, read(case), strict=True):
                found[fill].append((case, reading))
            progress(model, what, i + 1, len(cases))
    found = page.evaluate(TEST_SET_JS, ["__evaluate__/t10k.bin", BATCH])
    hits = np.asarray(found["predicted"]) == labels
    run.test_right = [
        (int(hits[labels == k].sum()), int((labels == k).sum())) for k in range(NUM_CLASSES)
    ]
    if found["flagged"] is not None:
        run.test_unsure = (found["flagged"], len(labels))
    return run


def measure(site: Path, models: list[str], wild, ood, sketches) -> tuple[dict, str]:
    """Serves the site, opens it in headless Chromium and scores every model in turn.
    Returns ({model: ModelRun}, Chromium's version)."""
    from playwright.sync_api import sync_playwright

    from train.data import load_dataset

    data = load_dataset(download=False)
    test_images = data.test_images
    runs, errors, uploads = {}, [], itertools.count()
    with serving(site) as url, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(**launch_options(playwright))
        except RuntimeError as err:
            raise UserError(str(err)) from None
        context = browser.new_context(service_workers="block")  # so the route below serves
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.route(
            "**/__evaluate__/t10k.bin", lambda route: route.fulfill(body=test_images.tobytes())
        )
        page.goto(url)
        page.evaluate("fashionMnist.ready")
        for model in models:
            print(f"Scoring {model}…", flush=True)
            runs[model] = score_model(page, model, wild, ood, sketches, uploads, data.test_labels)
        version = browser.version
        browser.close()
    if errors:
        raise UserError(f"the page threw {len(errors)} errors, so no numbers: {errors[0]}")
    return runs, version


# Numbers → Markdown -------------------------------------------------------------------


def ratio(hits: int, count: int) -> str:
    """Says hits of count with the share: "12 / 15 (80.0%)"; "—" when there is none."""
    return f"{hits:,} / {count:,} ({hits / count:.1%})" if count else "—"


def right(case: Case | Sketch, reading: Reading) -> bool:
    """Tells whether the page named the true class."""
    return reading.predicted == case.label


def confidently_wrong(case: Case, reading: Reading) -> bool:
    """Tells whether the page named a wrong class with a confidence of at least CONFIDENT."""
    return not right(case, reading) and (reading.confidence or 0) >= CONFIDENT


def not_sure(case: Case | Sketch, reading: Reading) -> bool:
    """Tells whether the page said it is not sure, in either way."""
    return reading.not_sure


def counts(pairs, hit) -> tuple[int, int]:
    """How many (case, reading) pairs hit(case, reading) holds for, and of how many."""
    return sum(hit(c, r) for c, r in pairs), len(pairs)


def accuracy(pairs, keep=lambda case: True) -> str:
    """The share of (case, reading) pairs the page got right, among those kept."""
    return ratio(*counts([(c, r) for c, r in pairs if keep(c)], right))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table: the first column on the left, the numbers on the right."""
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def summary(runs: dict) -> list[str]:
    """The headline numbers of every model, beside the issue's goals."""
    models = list(runs)
    any_run = next(iter(runs.values()))
    rows = []

    def row(name, goal, cell):
        rows.append([name, *(cell(runs[m]) for m in models), goal])

    def per_fill(what, name, goal, score):
        """A row for each fill, scoring set `what` of each model's run."""
        for fill in FILLS:
            row(f"{name}, fill {fill}", goal, lambda r, fill=fill: score(getattr(r, what)[fill]))

    if any_run.wild[DEFAULT_FILL]:
        per_fill("wild", "wild pictures right", GOALS["wild"], accuracy)
        row(
            f"confident mistakes on wild pictures (wrong, confidence ≥ {CONFIDENT:g})",
            GOALS["confident"],
            confident_mistakes,
        )
        row("wild pictures flagged not sure", "", lambda r: flagged(r.wild[DEFAULT_FILL]))
    if any_run.sketches[DEFAULT_FILL]:
        per_fill("sketches", "sketches right", GOALS["sketches"], accuracy)
    if any_run.ood[DEFAULT_FILL]:
        per_fill("ood", "out-of-distribution pictures flagged not sure", GOALS["ood"], flagged)
        row("confidence on out-of-distribution pictures: mean, max", "", ood_confidence)
    row("official test images right", GOALS["accuracy"], lambda r: ratio(*total(r.test_right)))
    row("official test images flagged not sure", GOALS["test"], reference_unsure)
    return table(["measure", *models, "goal (issue 11)"], rows)


def confident_mistakes(run: ModelRun) -> str:
    """The share of wild pictures the page got wrong with a confidence of at least CONFIDENT."""
    return ratio(*counts(run.wild[DEFAULT_FILL], confidently_wrong))


def flagged(pairs) -> str:
    """The share of (case, reading) pairs the page was not sure of."""
    return ratio(*counts(pairs, not_sure))


def ood_confidence(run: ModelRun) -> str:
    """The mean and the highest confidence of the page's answers to non-clothing."""
    found = [r.confidence for _, r in run.ood[DEFAULT_FILL] if r.confidence is not None]
    return f"{np.mean(found):.2f}, {max(found):.2f}" if found else "—"


def reference_unsure(run: ModelRun) -> str:
    """The share of the official test images the page's rule flags, when it has one."""
    if run.test_unsure is None:
        return "n/a (the page does not flag yet)"
    return ratio(*run.test_unsure)


def total(pairs) -> tuple[int, int]:
    """Adds up (hits, count) pairs."""
    return sum(h for h, _ in pairs), sum(n for _, n in pairs)


def per_group(runs: dict, what: str, groups, score, test: bool = False) -> list[str]:
    """A table with a row per (name, keep) group and a column per model and fill;
    score(pairs) fills the cells from the (case, reading) pairs of set `what`. With
    `test`, each model also gets a column of its accuracy on the official test images,
    per class (the groups are then the classes, in order)."""
    models = list(runs)
    header = []
    for m in models:
        header += [f"{m}, fill {fill}" for fill in FILLS] + ([f"{m}, test images"] * test)
    rows = []
    for k, (name, keep) in enumerate(groups):
        cells = []
        for m in models:
            pairs = getattr(runs[m], what)
            cells += [score([p for p in pairs[fill] if keep(p[0])]) for fill in FILLS]
            if test:
                cells.append(ratio(*runs[m].test_right[k]))
        rows.append([name, *cells])
    return table([" ", *header], rows)


def details(runs: dict) -> list[str]:
    """The per-class, per-style and per-kind tables under the summary."""
    first = next(iter(runs.values()))
    lines = []
    if first.wild[DEFAULT_FILL]:
        lines += ["", "Wild pictures right per class, beside the official test images:", ""]
        classes = [(name, lambda c, k=k: c.label == k) for k, name in enumerate(CLASS_NAMES)]
        lines += per_group(runs, "wild", classes, accuracy, test=True)
        lines += ["", "Wild pictures right, per style:", ""]
        styles = [(style, lambda c, s=style: c.group == s) for style in WILD_STYLES]
        lines += per_group(runs, "wild", styles, accuracy)
    if first.sketches[DEFAULT_FILL]:
        lines += ["", "Sketches right, per style:", ""]
        styles = [(style, lambda s, st=style: s.style == st) for style in STYLES]
        lines += per_group(runs, "sketches", styles, accuracy)
    if first.ood[DEFAULT_FILL]:
        lines += ["", "Out-of-distribution pictures flagged not sure, per kind:", ""]
        kinds = [(kind, lambda c, k=kind: c.group == k) for kind in OOD_KINDS]
        lines += per_group(runs, "ood", kinds, flagged)
    return lines


def wrapped(text: str) -> list[str]:
    """A paragraph as lines of at most 88 characters, like the rest of docs/models.md."""
    return textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)


def shown(path: Path) -> str:
    """A path as the report shows it: relative to the repo when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def markdown(runs: dict, version: str, cases: Path) -> str:
    """The docs/models.md section: what was run, how, and every number it measured."""
    first = next(iter(runs.values()))
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = shlex.join(["python", "-m", "evaluate", *sys.argv[1:]])
    parts = []
    wild, ood, sketches = (
        len(pairs[DEFAULT_FILL]) for pairs in (first.wild, first.ood, first.sketches)
    )
    if wild:
        parts.append(f"{wild} wild clothing pictures (`{shown(cases / 'wild.json')}`)")
    if ood:
        parts.append(f"{ood} out-of-distribution pictures (`{shown(cases / 'ood.json')}`)")
    if sketches:
        parts.append(f"{sketches} sketches (`evaluate/sketches.py`)")
    lines = [
        "## What visitors bring: the fixed evaluation set",
        "",
        *wrapped(
            f"Written by `{command}` on {date}, in headless Chromium {version} "
            f"({first.backend} backend), through the page itself: {', '.join(parts)}. Pictures "
            "go in through the page's file input and sketches are drawn on its canvas with pointer "
            "strokes; each is read with the fill of closed outlines on (as the page starts), "
            "then off. *Not sure*: the "
            f'page sets `data-unsure="true"` on its result, or says "{NOTHING}".'
        ),
        "",
        *summary(runs),
        *details(runs),
    ]
    lines += [
        "",
        *wrapped(
            "The official test images' share counts those whose probabilities from "
            "`fashionMnist.predict` get the page's own not-sure verdict (`fashionMnist.judge`, "
            "the rule of `web/src/uncertainty.js` with the model's calibration)."
        ),
    ]
    return "\n".join(lines)


def results(run: ModelRun, weights: str, version: str) -> dict:
    """The numbers of one model that its training report in the page shows, keyed by the
    SHA-256 of the weights they were measured on (core.files.weights_digest)."""
    wild, fill_off = run.wild[DEFAULT_FILL], run.wild["off"]

    def tally(pairs, hit):  # as JSON keeps it: [hits, count]
        return list(counts(pairs, hit))

    return {
        "weights": weights,
        "measuredAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "chromium": version,
        "backend": run.backend,
        "wild": {
            "right": tally(wild, right),
            "rightFillOff": tally(fill_off, right),
            "perClass": [
                tally([p for p in wild if p[0].label == k], right) for k in range(NUM_CLASSES)
            ],
            "confidentMistakes": tally(wild, confidently_wrong),
            "notSure": tally(wild, not_sure),
        },
        "sketches": {fill: tally(run.sketches[fill], right) for fill in FILLS},
        "ood": {"notSure": tally(run.ood[DEFAULT_FILL], not_sure)},
        "test": {
            "right": list(total(run.test_right)),
            "perClass": [list(pair) for pair in run.test_right],
            "notSure": list(run.test_unsure) if run.test_unsure else None,
        },
        # Each answer, [class or null, not sure], for the guards in tests/test_evaluate.py.
        "readings": {
            "wild": answers(wild),
            "ood": answers(run.ood[DEFAULT_FILL]),
            "sketchesFillOff": answers(run.sketches["off"]),
        },
    }


def case_name(case: Case | Sketch) -> str:
    """Names a case as its set's manifest does ("wild/shirt.png"), or a sketch by its name."""
    return case.name if isinstance(case, Sketch) else f"{case.path.parent.name}/{case.path.name}"


def answers(pairs) -> dict:
    """Maps each case's name to the page's answer: [class or None, not sure]."""
    return {case_name(c): [r.predicted, r.not_sure] for c, r in pairs}


def write_results(runs: dict, site: Path, version: str, artifacts: Path) -> None:
    """Writes each model's numbers beside its trained model, where the export finds them."""
    built = BuiltSite(site)
    entries = {entry["name"]: entry for entry in built.json(SITE_CONFIG)["models"]}
    for model, run in runs.items():
        folder = artifacts / model
        if not folder.is_dir():
            print(f"No {folder}: {model}'s numbers stay out of its training report.")
            continue
        logical = entries[model]["model"]
        base = logical.rsplit("/", 1)[0]
        digest = weights_digest(
            built.json(logical), lambda name, base=base: built.path(f"{base}/{name}").read_bytes()
        )
        write_json(folder / WILD_RESULTS, results(run, digest, version))
        print(f"Wrote {folder / WILD_RESULTS}")


def replace_section(text: str, section: str) -> str:
    """Puts the section between the markers, or appends it with them when they are missing."""
    start, end = MARKERS
    block = f"{start}\n{section}\n{end}"
    if start in text and end in text[text.find(start) :]:
        before, rest = text.split(start, 1)
        return before + block + rest.split(end, 1)[1]
    return text.rstrip("\n") + "\n\n" + block + "\n"


# The command --------------------------------------------------------------------------


def evaluate(
    site: Path,
    models: list[str] | None = None,
    out: Path = DOCS,
    write: bool = True,
    artifacts: Path = ARTIFACTS_DIR,
    cases: Path = CASES_DIR,
    sets: list[str] | tuple[str, ...] = SETS,
    limit: int | None = None,
) -> dict:
    """Scores every model on the chosen sets, prints the tables and, unless told not to
    or limited, writes them into `out`, and each model's numbers into `artifacts` when
    every set ran. Returns {model: ModelRun}."""
    models = site_models(site, models)
    wild = load_cases(cases, "wild")[:limit] if "wild" in sets else []
    ood = load_cases(cases, "ood")[:limit] if "ood" in sets else []
    sketches = SKETCHES[:limit] if "sketches" in sets else []
    print(
        f"Evaluating {', '.join(models)} on {len(wild)} wild pictures, {len(sketches)} "
        f"sketches and {len(ood)} out-of-distribution pictures in Chromium (minutes)…"
    )
    runs, version = measure(site, models, wild, ood, sketches)
    section = markdown(runs, version, cases)
    print()
    print(section)
    if limit is not None:
        print(f"\n--limit {limit}: a partial run; {out} was left as it was.")
    elif write:
        text = out.read_text() if out.exists() else ""
        try:
            write_atomic(out, replace_section(text, section).encode())
        except OSError as err:
            raise UserError(f"could not write {out}: {err.strerror or err}") from None
        print(f"\nWrote the section between {MARKERS[0]} and {MARKERS[1]} in {out}")
        if set(sets) == set(SETS):
            write_results(runs, site, version, artifacts)
            print(
                "The page's training report shows them after `python -m export --reuse` "
                "and `make build`."
            )
    return runs
