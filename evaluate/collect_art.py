"""Collects the training artwork: clothing icons drawn as visitors' pictures, 28 × 28.

The dataset holds studio photos only; visitors bring icons, line art and drawings. This
takes clothing icons from the Iconify collection on npm, from sets the wild evaluation set
does not use (evaluate/collect_wild.py) and never Apple, Google/Noto, Twitter/Twemoji,
Facebook or Microsoft Fluent designs (held back to check the result), adds garments of
its own for the classes those sets hardly draw (evaluate/garment_art.py), draws each
tilted and with its strokes as drawn and bolder, and turns every drawing into the model's
input with the page's own preprocessing (web/src/preprocess.js, bundled by esbuild and run
in headless Chromium), once with the fill of closed outlines and once without.

It lives beside the wild set's collector, whose icon sets it must avoid and whose drawing
code it shares. The outputs (train/artwork/: art.npz, art.json, LICENCES.md) are committed,
so training needs neither npm nor a browser; re-run this only to reproduce or change them.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import numpy as np

from core.console import UserError, run_safely
from core.dataset import CLASS_NAMES, FILL_LEVEL, IMAGE_SIZE, PAGE_FILL
from core.files import staged_dir
from core.paths import ROOT
from evaluate.collect_wild import SIZE, SOURCES, iconify_svg
from evaluate.collect_wild import install as install_packages
from evaluate.garment_art import garments
from train.data import ART_FILE

ART_DIR = ART_FILE.parent
PACKAGE = "@iconify/json"  # every Iconify set in one package, each with its licence
VERSION = "2.2.535"
ANGLES = (-20, 0, 20)  # degrees each icon is drawn at: visitors rarely draw upright
BOLD = 6  # pixels (of SIZE) the bolder drawing thickens dark strokes by
FILLS = (FILL_LEVEL, 0)  # the page's fill of closed outlines: on, then off
VARIANTS = [(angle, bold, fill) for angle in ANGLES for bold in (0, BOLD) for fill in FILLS]
DRAWN = "drawn"  # the set name of the project's own garments (evaluate/garment_art.py)

# Class id -> "set:icon" names, chosen by eye from a contact sheet of every icon whose name
# says it is clothing. Left out: skirts, formal shoes, pumps, knee-high boots, pairs drawn
# apart, logos, money bags, and icons inside a disc.
# fmt: off
CHOICES: dict[int, list[str]] = {
    0: [  # T-shirt/top: T-shirts and tank tops
        "boxicons:t-shirt", "boxicons:t-shirt-filled", "bxs:t-shirt", "dinkie-icons:t-shirt",
        "fa-solid:tshirt", "fa7-solid:t-shirt", "flowbite:t-shirt-outline",
        "flowbite:t-shirt-solid", "gravity-ui:t-shirt", "ion:tshirt", "ion:tshirt-outline",
        "la:tshirt", "lineicons:t-shirt", "majesticons:t-shirt", "majesticons:t-shirt-line",
        "pepicons-pencil:t-shirt", "pepicons-pop:t-shirt", "picon:tshirt", "pinhead:tshirt",
        "pinhead:vneck-tshirt", "raphael:tshirt", "reicon:tshirt", "reicon:tshirt-filled",
        "ri:t-shirt-2-line", "ri:t-shirt-fill", "ri:t-shirt-line", "roentgen:t-shirt",
        "si-glyph:t-shirt", "solar:t-shirt-bold", "solar:t-shirt-linear", "whh:tshirt",
        "whh:jersey", "codicon:jersey", "octicon:jersey", "boxicons:undershirt",
        "zondicons:apparel", "lsicon:clothes-outline", "lsicon:clothes-filled",
        "osmic:clothes-14", "at-icons:shirt", "circum:shirt", "fa6-solid:shirt",
        "famicons:shirt", "famicons:shirt-outline", "ion:shirt", "ion:shirt-outline",
        "keyline-icons:shirt", "keyline-icons:shirt-fill", "lineicons:shirt-1",
        "pixelarticons:shirt", "rivet-icons:shirt", "rivet-icons:shirt-solid",
        "streamline-flex:shirt", "streamline-flex-color:shirt", "streamline-sharp:shirt",
        "streamline-sharp-color:shirt",
    ],
    1: [  # Trouser
        "at-icons:pants", "dinkie-icons:jeans", "streamline-cyber:trousers",
        "streamline-cyber-color:trousers", "picon:jean",
    ],
    2: [],  # Pullover: no set outside the wild set's draws one (drawn: garment_art.py)
    3: [  # Dress
        "boxicons:dress", "boxicons:dress-filled", "dinkie-icons:dress", "pepicons-pencil:dress",
        "pepicons-pop:dress", "pepicons-print:dress", "picon:dress", "pinhead:dress",
        "pinhead:gown", "streamline-cyber:dress", "streamline-cyber-color:dress",
    ],
    4: [  # Coat: lab coats and a kimono
        "iconmind:lab-coat-outline-regular", "iconmind:lab-coat-duotone-regular",
        "arcticons:emoji-lab-coat", "arcticons:emoji-kimono",
    ],
    5: ["fontisto:beach-slipper"],  # Sandal: flip-flops
    6: ["ri:shirt-line", "ri:shirt-fill", "whh:workshirt", "marketeq:suit"],  # Shirt
    7: [  # Sneaker
        "boxicons:sneaker", "boxicons:sneaker-filled", "arcticons:emoji-athletic-shoe",
    ],
    8: [  # Bag: handbags, backpacks, briefcases, totes, purses
        "bi:handbag", "bi:handbag-fill", "bi:backpack", "bi:bag", "boxicons:backpack",
        "ci:handbag", "ep:handbag", "griddy-icons:backpack", "jam:backpack",
        "keyline-icons:handbag", "keyline-icons:handbag-fill", "mynaui:backpack",
        "picon:handbag", "picon:backpack", "pinhead:purse", "pinhead:bag",
        "pixelarticons:handbag", "radix-icons:backpack", "reicon:backpack", "ri:handbag-line",
        "ri:handbag-fill", "simple-line-icons:handbag", "solar:backpack-linear",
        "solar:backpack-bold", "streamline-cyber:purse-1", "streamline-color:backpack",
        "streamline-stickies-color:backpack", "uil:backpack", "vadivam:backpack",
        "whh:purse", "arcticons:emoji-handbag", "bi:briefcase", "fa-solid:briefcase",
        "ri:briefcase-line", "famicons:bag", "iconmind:backpack-outline-regular",
        "marketeq:backpack", "marketeq:bag", "f7:bag", "mage:briefcase",
    ],
    9: [  # Ankle boot
        "arcticons:emoji-hiking-boot", "boxicons:boot", "boxicons:boot-filled", "picon:boot",
    ],
}
# fmt: on

# Draws one icon as a visitor's picture would be (on white, tilted by `angle` degrees and,
# when `bold`, with dark strokes thickened: the darker of copies shifted in a ring), then
# returns the page's preprocessing of it as gray levels 0-255.
DRAW_JS = """async ([svg, w, h, size, angle, bold, inputSize, fill]) => {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + svg;
  await img.decode();
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.translate(size / 2, size / 2);
  ctx.rotate((angle * Math.PI) / 180);
  ctx.globalCompositeOperation = 'darken';
  const shifts = bold ? [...Array(12).keys()].map((k) => (k * Math.PI) / 6) : [null];
  for (const a of shifts) {
    const [dx, dy] = a === null ? [0, 0] : [bold * Math.cos(a), bold * Math.sin(a)];
    ctx.drawImage(img, -w / 2 + dx, -h / 2 + dy, w, h);
  }
  const pixels = artPreprocess.preprocess(canvas, inputSize, { fill });
  return Array.from(pixels, (v) => Math.round(v * 255));
}"""


def install(folder: Path) -> Path:
    """Installs the pinned Iconify collection (about 450 MB) into `folder`; returns its json/."""
    install_packages(folder, [f"{PACKAGE}@{VERSION}"])
    return folder / "node_modules" / PACKAGE / "json"


def bundled_preprocess() -> str:
    """The page's preprocess.js bundled as a script that defines `artPreprocess`."""
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        raise UserError("esbuild is not installed: run `npm ci` (or `make setup-dev`) first")
    result = subprocess.run(
        [str(esbuild), "web/src/preprocess.js", "--bundle", "--format=iife"]
        + ["--global-name=artPreprocess"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise UserError(f"esbuild could not bundle web/src/preprocess.js:\n{result.stderr}")
    return result.stdout


def extract(json_dir: Path) -> tuple[list[dict], list[tuple[str, float, float]], dict]:
    """The chosen icons ({label, set, icon}) and the drawn garments, their sized SVGs and
    each set's licence."""
    wild = {source.package.removeprefix("@iconify-json/") for source in SOURCES.values()}
    icons, svgs, sets, sources = [], [], {}, {}
    for label, names in CHOICES.items():
        for name in names:
            prefix, icon = name.split(":")
            if prefix in wild:
                raise UserError(f"{prefix} is a set of the wild evaluation set; choose another")
            if prefix not in sets:
                path = json_dir / f"{prefix}.json"
                if not path.is_file():
                    raise UserError(f"{PACKAGE}@{VERSION} has no icon set {prefix!r}")
                sets[prefix] = json.loads(path.read_text())
                info = sets[prefix]["info"]
                sources[prefix] = {
                    "name": info["name"],
                    "licence": info["license"]["spdx"],
                    "author": info["author"]["name"],
                    "url": info["author"].get("url", ""),
                }
            svgs.append(iconify_svg(sets[prefix], icon))
            icons.append({"label": label, "set": prefix, "icon": icon})
    for label, drawn in garments().items():
        for name, svg in drawn:
            svgs.append(svg)
            icons.append({"label": CLASS_NAMES.index(label), "set": DRAWN, "icon": name})
    sources[DRAWN] = {
        "name": "Garments drawn from parameters (evaluate/garment_art.py)",
        "licence": "this project's",
        "author": "this project",
        "url": "",
    }
    return icons, svgs, sources


def preprocess_all(svgs: list[tuple[str, float, float]]) -> np.ndarray:
    """Every icon in every variant, through the page's preprocessing: (icons, variants, 28, 28)."""
    from playwright.sync_api import sync_playwright

    from bench.chromium import launch_options

    out = np.zeros((len(svgs), len(VARIANTS), IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(**launch_options(playwright))
        except RuntimeError as err:
            raise UserError(str(err)) from None
        page = browser.new_page()
        page.add_script_tag(content=bundled_preprocess())
        for i, (svg, w, h) in enumerate(svgs):
            for j, (angle, bold, fill) in enumerate(VARIANTS):
                page_fill = PAGE_FILL if fill else None  # as the page's switch sets it
                drawing = [quote(svg, safe=""), w, h, SIZE, angle, bold, IMAGE_SIZE, page_fill]
                pixels = page.evaluate(DRAW_JS, drawing)
                out[i, j] = np.array(pixels, np.uint8).reshape(IMAGE_SIZE, IMAGE_SIZE)
            if (i + 1) % 25 == 0 or i + 1 == len(svgs):
                print(f"  {i + 1}/{len(svgs)} icons", flush=True)
        browser.close()
    return out


def licences(sources: dict) -> str:
    """LICENCES.md: where each set comes from and the terms it comes under."""
    rows = [
        f"| `{prefix}` | {s['name']} | {s['author']} {s['url']} | {s['licence']} |"
        for prefix, s in sorted(sources.items())
    ]
    return "\n".join(
        [
            "# Licences of the training artwork",
            "",
            f"`art.npz` holds clothing icons from the npm package `{PACKAGE}@{VERSION}` (the",
            "Iconify collection) and garments this project draws (`evaluate/garment_art.py`),",
            "drawn tilted and bolder and turned into 28 × 28 model inputs by",
            "`python -m evaluate.collect_art`. `art.json` names the set and icon of each.",
            "Images made from CC-BY-SA sets are shared under CC BY-SA 4.0 as well.",
            "",
            "| set | name | author | licence |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
        ]
    )


def collect(out: Path) -> None:
    """Installs the collection, draws and preprocesses every chosen icon, writes `out`."""
    with tempfile.TemporaryDirectory(prefix="art-npm-") as tmp:
        icons, svgs, sources = extract(install(Path(tmp)))
    print(f"Drawing {len(icons)} icons in Chromium…", flush=True)
    images = preprocess_all(svgs)
    labels = np.array([icon["label"] for icon in icons], np.uint8)
    manifest = {
        "about": (
            "Clothing icons as the model sees visitors' pictures: each icon drawn at every "
            "variant (angle in degrees, pixels of bolder strokes, fill level of closed "
            "outlines, 0 for none) and preprocessed by the page. art.npz: images "
            "(icons, variants, 28, 28) uint8, labels (icons,)."
        ),
        "package": f"{PACKAGE}@{VERSION}",
        "variants": [dict(zip(("angle", "bold", "fill"), v, strict=True)) for v in VARIANTS],
        "sources": sources,
        "icons": icons,
    }
    with staged_dir(out) as stage:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, images=images, labels=labels)
        (stage / "art.npz").write_bytes(buffer.getvalue())
        (stage / "art.json").write_text(json.dumps(manifest, indent=1) + "\n")
        (stage / "LICENCES.md").write_text(licences(sources))
    print(f"Wrote {len(icons)} icons × {len(VARIANTS)} variants to {out}:")
    for label, name in enumerate(CLASS_NAMES):
        print(f"  {name:<12} {int((labels == label).sum()):3d}")


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluate.collect_art",
        description="Collect the training artwork: clothing icons from npm, drawn and "
        "preprocessed by the page in headless Chromium.",
    )
    parser.add_argument(
        "--out", type=Path, default=ART_DIR, help="folder to write (default: train/artwork)"
    )
    return run_safely(collect, **vars(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
