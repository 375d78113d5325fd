"""Collects the wild set: independently made clothing artwork from npm, rendered to PNG."""

from __future__ import annotations

import argparse
import base64
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from core.console import UserError, run_safely
from core.dataset import CLASS_NAMES
from core.files import staged_dir, write_atomic
from core.paths import CASES_DIR

# The outputs are committed: the set was fixed before any tuning, so re-run this only to
# reproduce it. The Apple, Google/Noto, Twitter/Twemoji, Facebook and Microsoft Fluent emoji
# designs are left out on purpose: an independent set of them is held back to check the result.
SIZE = 256  # pixels, square
MARGIN = 16  # pixels of white around the icon's own canvas


@dataclass(frozen=True)
class Source:
    """One icon set: the npm package it comes in and the terms it comes under."""

    package: str
    version: str
    licence: str  # SPDX id; checked against the package's own package.json
    style: str  # "colour" (multi-colour artwork) or "line" (black on white: outlines, glyphs)
    attribution: str


def iconify(name: str, version: str, licence: str, style: str, credit: str) -> Source:
    """An Iconify JSON package: every icon of one set in `icons.json`."""
    return Source(f"@iconify-json/{name}", version, licence, style, credit)


OPENMOJI_CREDIT = (
    "All emojis designed by OpenMoji – the open-source emoji and icon project. "
    "License: CC BY-SA 4.0"
)
# fmt: off
SOURCES = {
    # OpenMoji ships each emoji in colour and as black line art, found by annotation.
    "openmoji": Source("openmoji", "17.0.0", "CC-BY-SA-4.0", "colour", OPENMOJI_CREDIT),
    "openmoji-black": Source("openmoji", "17.0.0", "CC-BY-SA-4.0", "line", OPENMOJI_CREDIT),
    "emojione": iconify(
        "emojione", "1.2.3", "CC-BY-4.0", "colour",
        "Emoji One 2.3 (https://github.com/EmojiTwo/emojitwo), CC BY 4.0",
    ),
    "emojione-v1": iconify(
        "emojione-v1", "1.2.3", "CC-BY-SA-4.0", "colour",
        "Emoji One 1.5 (https://github.com/joypixels/emojione-legacy), CC BY-SA 4.0",
    ),
    "emojione-monotone": iconify(
        "emojione-monotone", "1.2.1", "CC-BY-4.0", "line",
        "Emoji One monotone 2.2 (https://github.com/EmojiTwo/emojitwo), CC BY 4.0",
    ),
    "fxemoji": iconify(
        "fxemoji", "1.2.2", "Apache-2.0", "colour",
        "FxEmojis by Mozilla (https://github.com/mozilla/fxemoji), Apache License 2.0",
    ),
    "streamline-emojis": iconify(
        "streamline-emojis", "1.2.4", "CC-BY-4.0", "colour",
        "Streamline Emojis by Streamline (https://github.com/webalys-hq/streamline-vectors), "
        "CC BY 4.0",
    ),
    "tabler": iconify(
        "tabler", "1.2.41", "MIT", "line",
        "Tabler Icons, © Paweł Kuna (https://github.com/tabler/tabler-icons), MIT",
    ),
    "lucide": iconify(
        "lucide", "1.2.137", "ISC", "line",
        "Lucide, © Lucide Contributors (https://github.com/lucide-icons/lucide), ISC",
    ),
    "lucide-lab": iconify(
        "lucide-lab", "1.2.3", "ISC", "line",
        "Lucide Lab, © Lucide Contributors (https://github.com/lucide-icons/lucide-lab), ISC",
    ),
    "ph": iconify(
        "ph", "1.2.2", "MIT", "line",
        "Phosphor Icons 2.1 (https://github.com/phosphor-icons/core), MIT",
    ),
    "mdi": iconify(
        "mdi", "1.2.3", "Apache-2.0", "line",
        "Material Design Icons by Pictogrammers (https://github.com/Templarian/MaterialDesign), "
        "Apache License 2.0",
    ),
    "mingcute": iconify(
        "mingcute", "1.2.8", "Apache-2.0", "line",
        "MingCute Icon by MingCute Design (https://github.com/Richard9394/MingCute), "
        "Apache License 2.0",
    ),
    "iconoir": iconify(
        "iconoir", "1.2.11", "MIT", "line",
        "Iconoir 7.11, © Luca Burgio (https://github.com/iconoir-icons/iconoir), MIT",
    ),
    "game-icons": iconify(
        "game-icons", "1.2.4", "CC-BY-3.0", "line",
        "Game-icons.net by Lorc, Delapouite and contributors "
        "(https://github.com/game-icons/icons), CC BY 3.0",
    ),
    "icon-park-outline": iconify(
        "icon-park-outline", "1.2.4", "Apache-2.0", "line",
        "IconPark 1.4 by ByteDance (https://github.com/bytedance/IconPark), Apache License 2.0",
    ),
    "icon-park-solid": iconify(
        "icon-park-solid", "1.2.4", "Apache-2.0", "line",
        "IconPark 1.4 by ByteDance (https://github.com/bytedance/IconPark), Apache License 2.0",
    ),
    "hugeicons": iconify(
        "hugeicons", "1.2.35", "MIT", "line",
        "Hugeicons free icons by Hugeicons (https://hugeicons.com), MIT",
    ),
    "carbon": iconify(
        "carbon", "1.2.29", "Apache-2.0", "line",
        "Carbon icons 11.91, © IBM (https://github.com/carbon-design-system/carbon), "
        "Apache License 2.0",
    ),
    "temaki": iconify(
        "temaki", "1.2.6", "CC0-1.0", "line",
        "Temaki 5.13 by Bryan Housel (https://github.com/rapideditor/temaki), CC0 1.0",
    ),
}
# fmt: on

# Class id -> set -> icon names (Iconify names; OpenMoji annotations). Chosen by eye: each
# shows one item a person would put in that class. Left out: shorts, closed pumps, formal
# and ballet shoes, knee-high boots, boots seen from the front, suitcases, vests, skirts,
# tops that could be T-shirt/top or Shirt, and hooded jackets drawn like the set's hoodie.
# A pair counts as one item, as a shop sells it.
CHOICES: dict[int, dict[str, list[str]]] = {
    0: {  # T-shirt/top: T-shirts, polos, tank tops
        "openmoji": ["t-shirt", "running shirt"],
        "openmoji-black": ["t-shirt", "running shirt"],
        "emojione": ["t-shirt", "running-shirt"],
        "emojione-v1": ["t-shirt", "running-shirt", "womans-clothes"],
        "emojione-monotone": ["t-shirt"],
        "fxemoji": ["runningshirt", "mansshirt"],
        "streamline-emojis": ["t-shirt"],
        "tabler": ["shirt"],
        "lucide": ["shirt"],
        "ph": ["t-shirt-thin", "t-shirt-fill"],
        "mdi": ["tshirt-crew"],
        "mingcute": ["t-shirt-line"],
        "iconoir": ["shirt-tank-top"],
        "game-icons": ["polo-shirt", "tank-top"],
        "icon-park-outline": ["clothes-short-sleeve"],
    },
    1: {  # Trouser: long trousers, jeans, joggers
        "openmoji": ["jeans"],
        "openmoji-black": ["jeans"],
        "emojione": ["jeans"],
        "emojione-v1": ["jeans"],
        "emojione-monotone": ["jeans"],
        "fxemoji": ["jeans"],
        "streamline-emojis": ["jeans"],
        "lucide-lab": ["trousers"],
        "ph": ["pants", "pants-fill"],
        "mingcute": ["trouser-line"],
        "iconoir": ["pants", "pants-pockets"],
        "game-icons": ["trousers"],
        "icon-park-outline": ["clothes-pants", "clothes-pants-sweat", "trousers-bell-bottoms"],
        "icon-park-solid": ["clothes-pants-sweat"],
        "hugeicons": ["jogger-pants"],
    },
    2: {  # Pullover: hoodies, sweaters, jumpers (no emoji exists for one)
        "lucide-lab": ["sweater"],
        "ph": ["hoodie", "hoodie-fill", "hoodie-thin"],
        "game-icons": ["hoodie"],
        "icon-park-outline": [
            "clothes-hoodie",
            "sweater",
            "clothes-turtleneck",
            "clothes-crew-neck",
        ],
        "icon-park-solid": ["clothes-hoodie", "sweater", "clothes-turtleneck"],
        "hugeicons": ["hoodie", "jumpers"],
    },
    3: {  # Dress
        "openmoji": ["dress"],
        "openmoji-black": ["dress"],
        "emojione": ["dress"],
        "emojione-v1": ["dress"],
        "emojione-monotone": ["dress"],
        "fxemoji": ["dress"],
        "streamline-emojis": ["dress"],
        "lucide-lab": ["dress"],
        "ph": ["dress", "dress-fill"],
        "mingcute": ["dress-line"],
        "game-icons": ["dress", "ample-dress", "travel-dress"],
        "icon-park-outline": ["full-dress-longuette"],
        "hugeicons": ["dress-01", "dress-03"],
        "temaki": ["dress"],
    },
    4: {  # Coat: coats, jackets, lab coats, kimonos
        "openmoji": ["coat", "lab coat", "kimono"],
        "openmoji-black": ["coat", "lab coat", "kimono"],
        "emojione": ["kimono"],
        "emojione-v1": ["kimono"],
        "emojione-monotone": ["kimono"],
        "fxemoji": ["kimono"],
        "streamline-emojis": ["kimono"],
        "lucide-lab": ["jacket", "jacket-sports"],
        "mingcute": ["coat-line", "coat-fill"],
        "game-icons": ["lab-coat", "pirate-coat", "moncler-jacket"],
        "icon-park-outline": ["women-coat"],
    },
    5: {  # Sandal: sandals, heeled sandals, flip-flops, slides
        "openmoji": ["thong sandal", "woman’s sandal"],
        "openmoji-black": ["thong sandal", "woman’s sandal"],
        "emojione": ["womans-sandal"],
        "emojione-v1": ["womans-sandal"],
        "emojione-monotone": ["womans-sandal"],
        "fxemoji": ["sandals"],
        "streamline-emojis": ["womans-sandal"],
        "tabler": ["flip-flops"],
        "iconoir": ["sandals"],
        "game-icons": ["sandal", "flip-flops"],
        "icon-park-outline": ["sandals", "slippers"],
        "hugeicons": ["sandals", "high-heels-02"],
    },
    6: {  # Shirt: button-up shirts and blouses
        "emojione": ["womans-clothes"],
        "emojione-monotone": ["womans-clothes"],
        "fxemoji": ["womansshirt"],
        "lucide-lab": ["shirt-folded-buttons"],
        "ph": ["shirt-folded", "shirt-folded-fill"],
        "mingcute": ["shirt-line", "shirt-fill"],
        "game-icons": ["shirt"],
        "hugeicons": ["suit-01", "suit-02"],
    },
    7: {  # Sneaker: running shoes and other laced sports shoes
        "openmoji": ["running shoe"],
        "openmoji-black": ["running shoe"],
        "emojione": ["running-shoe"],
        "emojione-v1": ["running-shoe"],
        "emojione-monotone": ["running-shoe"],
        "streamline-emojis": ["running-shoe"],
        "lucide": ["sport-shoe"],
        "lucide-lab": ["sneaker"],
        "ph": ["sneaker", "sneaker-fill", "sneaker-move"],
        "mdi": ["shoe-sneaker"],
        "mingcute": ["shoe-line", "shoe-fill"],
        "game-icons": ["running-shoe", "converse-shoe"],
        "hugeicons": ["sneaker", "running-shoes", "shoes"],
    },
    8: {  # Bag: handbags, backpacks, briefcases, totes, purses
        "openmoji": ["handbag", "backpack", "briefcase", "purse"],
        "openmoji-black": ["handbag", "clutch bag"],
        "emojione": ["handbag", "backpack", "purse"],
        "emojione-v1": ["handbag"],
        "emojione-monotone": ["backpack"],
        "fxemoji": ["handbag", "schoolsatchel"],
        "streamline-emojis": ["handbag", "school-backpack", "briefcase"],
        "tabler": ["backpack"],
        "lucide": ["handbag"],
        "lucide-lab": ["bag-hand"],
        "ph": ["tote", "backpack-fill"],
        "mdi": ["purse-outline", "bag-personal"],
        "game-icons": ["hand-bag"],
        "icon-park-outline": ["handbag"],
        "hugeicons": ["hand-bag-01"],
    },
    9: {  # Ankle boot: boots that end near the ankle, flat or heeled
        "openmoji": ["hiking boot"],
        "openmoji-black": ["hiking boot"],
        "emojione": ["womans-boot"],
        "emojione-monotone": ["womans-boot"],
        "ph": ["boot", "boot-fill", "boot-thin", "boot-bold"],
        "game-icons": ["chelsea-boot", "boots"],
        "carbon": ["boot"],
    },
}

# Draws each SVG, sized in Python, centred on a white square: transparent areas come out
# white, the way a visitor's saved product picture or icon looks.
RENDER_JS = """async ([svgs, size]) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d');
  const out = [];
  for (const [svg, w, h] of svgs) {
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + svg;
    await img.decode();
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.drawImage(img, (size - w) / 2, (size - h) / 2, w, h);
    out.push(canvas.toDataURL('image/png'));
  }
  return out;
}"""


def slug(text: str) -> str:
    """Lowercase letters, digits and hyphens: a safe file name."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", text.lower())).strip("-")


def install(folder: Path, specs: list[str]) -> None:
    """Installs pinned npm packages into `folder`, saving nothing to any package.json."""
    npm = shutil.which("npm")
    if npm is None:
        raise UserError("npm is not installed: it fetches the icon packages")
    print(f"Installing {len(specs)} npm packages into {folder}…", flush=True)
    # --ignore-scripts: only the packages' files are read, nothing of theirs is run.
    command = [npm, "install", "--prefix", str(folder), "--no-save", "--ignore-scripts"]
    result = subprocess.run(
        [*command, "--no-audit", "--no-fund", *specs], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise UserError(f"npm install failed:\n{result.stderr.strip()}")


def package_json(modules: Path, source: Source) -> dict:
    """The installed package's package.json, checked for the pinned version and licence."""
    meta = json.loads((modules / source.package / "package.json").read_text())
    if (meta["version"], meta.get("license")) != (source.version, source.licence):
        raise UserError(
            f"{source.package} installed as {meta['version']} under {meta.get('license')}, "
            f"not {source.version} under {source.licence}"
        )
    return meta


def sized_svg(view_box: tuple[float, float, float, float], body: str) -> tuple[str, float, float]:
    """An SVG document of `body`, scaled so its longer side fills the square inside the margin."""
    left, top, width, height = view_box
    scale = (SIZE - 2 * MARGIN) / max(width, height)
    w, h = width * scale, height * scale
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:g}" height="{h:g}" '
        f'viewBox="{left:g} {top:g} {width:g} {height:g}">{body}</svg>'
    )
    return svg, w, h


def iconify_svg(icons: dict, name: str) -> tuple[str, float, float]:
    """One icon of an Iconify JSON set, following aliases to the icon they name."""
    props: dict = {}
    while name in icons.get("aliases", {}):
        alias = icons["aliases"][name]
        props = {**alias, **props}
        name = alias["parent"]
    if name not in icons["icons"]:
        raise UserError(f"{icons['prefix']} has no icon {name!r}")
    props = {**icons["icons"][name], **props}
    if {"rotate", "hFlip", "vFlip"} & props.keys():
        raise UserError(f"{icons['prefix']}:{name} is transformed; choose the plain icon")
    width = props.get("width", icons.get("width", 16))
    height = props.get("height", icons.get("height", 16))
    return sized_svg((props.get("left", 0), props.get("top", 0), width, height), props["body"])


def openmoji_svg(
    root: Path, hexcodes: dict[str, str], folder: str, name: str
) -> tuple[str, float, float]:
    """One OpenMoji emoji by its annotation, from the colour or the black-line folder."""
    if name not in hexcodes:
        raise UserError(f"OpenMoji has no emoji annotated {name!r}")
    svg = (root / folder / "svg" / f"{hexcodes[name]}.svg").read_text()
    match = re.search(r'<svg[^>]*viewBox="([^"]+)"[^>]*>(.*)</svg>', svg, re.DOTALL)
    if match is None:
        raise UserError(f"OpenMoji {hexcodes[name]}.svg has no viewBox")
    left, top, width, height = (float(v) for v in match[1].split())
    return sized_svg((left, top, width, height), match[2])


def extract(modules: Path) -> tuple[list[dict], list[tuple[str, float, float]]]:
    """The manifest's cases and their sized SVGs, in the same order."""
    om_root = modules / "openmoji"
    hexcodes = {
        e["annotation"]: e["hexcode"]
        for e in json.loads((om_root / "data" / "openmoji.json").read_text())
    }
    sets: dict[str, dict] = {}
    cases, svgs = [], []
    for label, by_set in CHOICES.items():
        for name, icons in by_set.items():
            source = SOURCES[name]
            for icon in icons:
                if source.package == "openmoji":
                    folder = "color" if source.style == "colour" else "black"
                    svgs.append(openmoji_svg(om_root, hexcodes, folder, icon))
                else:
                    if name not in sets:
                        sets[name] = json.loads(
                            (modules / source.package / "icons.json").read_text()
                        )
                    svgs.append(iconify_svg(sets[name], icon))
                file = f"wild/{name}-{slug(icon)}.png"
                cases.append(
                    {"file": file, "label": label, "style": source.style, "set": name, "icon": icon}
                )
    return cases, svgs


def render(svgs: list[tuple[str, float, float]]) -> list[bytes]:
    """PNG bytes of each SVG, drawn by headless Chromium, re-saved by Pillow as smaller RGB."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from bench.chromium import launch_options

    encoded = [(quote(svg, safe=""), w, h) for svg, w, h in svgs]
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(**launch_options(playwright))
        except RuntimeError as err:
            raise UserError(str(err)) from None
        urls = browser.new_page().evaluate(RENDER_JS, [encoded, SIZE])
        browser.close()
    pngs = []
    for url in urls:
        image = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        pngs.append(buffer.getvalue())
    return pngs


def collect(out: Path) -> None:
    """Installs, extracts, renders and writes the wild set into `out`."""
    with tempfile.TemporaryDirectory(prefix="wild-npm-") as tmp:
        install(Path(tmp), sorted({f"{s.package}@{s.version}" for s in SOURCES.values()}))
        modules = Path(tmp) / "node_modules"
        sources = {}
        for name, source in SOURCES.items():
            meta = package_json(modules, source)
            sources[name] = {
                "package": f"{source.package}@{source.version}",
                "licence": source.licence,
                "url": meta.get("homepage", ""),
                "attribution": source.attribution,
            }
        cases, svgs = extract(modules)
    files = [case["file"] for case in cases]
    if len(set(files)) != len(files):
        raise UserError("two chosen icons would share a file name")
    print(f"Rendering {len(cases)} pictures in Chromium…", flush=True)
    pngs = render(svgs)
    with staged_dir(out / "wild") as stage:
        for case, png in zip(cases, pngs, strict=True):
            (stage / Path(case["file"]).name).write_bytes(png)
    cases.sort(key=lambda c: (c["label"], c["file"]))
    manifest = {
        "about": (
            "Independently made clothing artwork from npm icon and emoji packages, made before "
            "any tuning and kept as a fixed benchmark. Each picture is the package's icon, "
            f"unmodified, rendered at {SIZE} × {SIZE} on white with a {MARGIN}-pixel margin by "
            "`python -m evaluate.collect_wild`. style: 'colour' is multi-colour artwork, "
            "'line' is black on white (outline icons and filled glyphs). No Apple, "
            "Google/Noto, Twitter/Twemoji, Facebook or Microsoft Fluent designs: an independent "
            "set of those is held back. Licences: evaluate/cases/LICENCES.md."
        ),
        "sources": sources,
        "cases": cases,
    }
    write_atomic(
        out / "wild.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    )
    print(f"Wrote {len(cases)} pictures to {out / 'wild'} and {out / 'wild.json'}:")
    for label, name in enumerate(CLASS_NAMES):
        styles = [c["style"] for c in cases if c["label"] == label]
        print(f"  {name:<12} {len(styles):3d}  ({styles.count('colour')} colour)")


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluate.collect_wild",
        description="Collect the wild set's clothing artwork from npm and render it to PNG.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=CASES_DIR,
        help="the cases folder to write wild/ and wild.json into (default: evaluate/cases)",
    )
    return run_safely(collect, **vars(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
