"""Collects the out-of-distribution pictures: things visitors bring that are not clothing.

Digits (scikit-learn's hand-written digits), letters (rendered with DejaVu), photos
(scikit-image's sample images: a face, animals, objects), noise and doodles drawn
here. A one-off whose outputs are committed, `evaluate/cases/ood/*.png` and
`evaluate/cases/ood.json`; scikit-learn and scikit-image are not project dependencies:

    .venv/bin/pip install scikit-learn scikit-image
    .venv/bin/python -m evaluate.collect_ood
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from core.console import UserError, run_safely
from core.files import staged_dir, write_atomic
from core.paths import CASES_DIR

FONTS = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
INK, PAPER = 0, 255

SOURCES = {
    "scikit-learn digits": {
        "licence": "BSD-3-Clause (shipped with scikit-learn)",
        "origin": "sklearn.datasets.load_digits: 8 × 8 hand-written digits, a copy of the test "
        "set of UCI's Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, "
        "1998), upscaled",
    },
    "DejaVu fonts": {
        "licence": "generated: letters rendered with the DejaVu fonts (Bitstream Vera "
        "licence, free to use)",
        "origin": str(FONTS),
    },
    "skimage astronaut": {
        "licence": "public domain (NASA)",
        "origin": "skimage.data.astronaut: the astronaut Eileen Collins, NASA Great Images",
    },
    "skimage camera": {
        "licence": "CC0 (Lav Varshney)",
        "origin": "skimage.data.camera: a man with a camera",
    },
    "skimage chelsea": {
        "licence": "CC0 (Stefan van der Walt)",
        "origin": "skimage.data.chelsea: Chelsea the cat",
    },
    "skimage coffee": {
        "licence": "CC0 (Rachel Michetti)",
        "origin": "skimage.data.coffee: a cup of coffee",
    },
    "skimage rocket": {
        "licence": "public domain (SpaceX)",
        "origin": "skimage.data.rocket: the launch of DSCOVR on a Falcon 9",
    },
    "skimage horse": {
        "licence": "CC0 (Andreas Preuss, openclipart)",
        "origin": "skimage.data.horse: a horse's silhouette",
    },
    "skimage coins": {
        "licence": "no known copyright restrictions (Brooklyn Museum)",
        "origin": "skimage.data.coins: Greek coins from Pompeii",
    },
    "skimage clock": {
        "licence": "public domain (Stefan van der Walt)",
        "origin": "skimage.data.clock: a wall clock, motion-blurred",
    },
    "skimage hubble_deep_field": {
        "licence": "public domain (NASA)",
        "origin": "skimage.data.hubble_deep_field: the Hubble eXtreme Deep Field",
    },
    "generated": {
        "licence": "generated",
        "origin": "drawn by evaluate/collect_ood.py: noise and doodles",
    },
}


# Each maker returns [(name, image, source)]: PIL images of any size, SOURCES keys. -----


def framed(image: Image.Image, size: int) -> Image.Image:
    """Scales an image so its longest edge is `size`, keeping its proportions."""
    scale = size / max(image.size)
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)


def digits(size: int) -> list[tuple[str, Image.Image, str]]:
    """Six hand-written digits, half dark on paper and half light on black."""
    from sklearn.datasets import load_digits

    data = load_digits()
    found = []
    for i, digit in enumerate([0, 1, 3, 4, 7, 8]):
        image = data.images[list(data.target).index(digit)] * (255 / 16)
        if i % 2 == 0:
            image = 255 - image
        picture = Image.fromarray(image.astype(np.uint8)).resize((size, size), Image.BICUBIC)
        found.append((f"digit-{digit}", picture, "scikit-learn digits"))
    return found


def letters(size: int) -> list[tuple[str, Image.Image, str]]:
    """Six capital letters, black on white; T and H look most like garments."""
    faces = ["DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans.ttf"]
    found = []
    for i, letter in enumerate("AHTQMB"):
        path = FONTS / faces[i % len(faces)]
        font = (
            ImageFont.truetype(str(path), int(size * 0.75))
            if path.exists()
            else ImageFont.load_default(size=int(size * 0.75))
        )
        picture = Image.new("L", (size, size), PAPER)
        ImageDraw.Draw(picture).text((size / 2, size / 2), letter, fill=INK, font=font, anchor="mm")
        found.append((f"letter-{letter}", picture, "DejaVu fonts"))
    return found


def photos(size: int) -> list[tuple[str, Image.Image, str]]:
    """Scikit-image's sample photos that ship with it (no download): a face, animals, things."""
    from skimage import data

    astronaut = data.astronaut()
    cat = data.chelsea()
    pictures = [
        ("astronaut", astronaut, "astronaut"),
        ("astronaut-face", astronaut[20:220, 150:330], "astronaut"),
        ("camera", data.camera(), "camera"),
        ("cat", cat, "chelsea"),
        ("cat-face", cat[20:250, 60:290], "chelsea"),
        ("coffee", data.coffee(), "coffee"),
        ("rocket", data.rocket(), "rocket"),
        ("horse", data.horse().astype(np.uint8) * 255, "horse"),  # black on white
        ("coins", data.coins(), "coins"),
        ("clock", data.clock(), "clock"),
        ("hubble", data.hubble_deep_field(), "hubble_deep_field"),
    ]
    return [
        (f"photo-{name}", framed(Image.fromarray(array), size), f"skimage {key}")
        for name, array, key in pictures
    ]


def noise(size: int, rng: np.random.Generator) -> list[tuple[str, Image.Image, str]]:
    """Gray and colour static, smooth blotches, and sparse specks on white."""
    gray = rng.integers(0, 256, (size, size), dtype=np.uint8)
    colour = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    coarse = rng.integers(0, 256, (size // 16, size // 16), dtype=np.uint8)
    blotches = Image.fromarray(coarse).resize((size, size), Image.BICUBIC)
    specks = np.full((size, size), PAPER, dtype=np.uint8)
    specks[rng.random((size, size)) < 0.03] = INK
    pictures = [
        ("noise-gray", Image.fromarray(gray)),
        ("noise-colour", Image.fromarray(colour)),
        ("noise-blotches", blotches.filter(ImageFilter.GaussianBlur(4))),
        ("noise-specks", Image.fromarray(specks)),
    ]
    return [(name, picture, "generated") for name, picture in pictures]


def ray(degrees: float) -> list[tuple[float, float]]:
    """One ray of a doodled sun, on the 100 × 100 grid."""
    a = np.radians(degrees)
    return [(50 + r * np.cos(a), 50 + r * np.sin(a)) for r in (26, 42)]


def star() -> list[tuple[float, float]]:
    """A five-pointed star's outline, on the 100 × 100 grid."""
    corners = [(-90 + 36 * i, 42 if i % 2 == 0 else 17) for i in range(11)]
    return [(50 + r * np.cos(np.radians(a)), 54 + r * np.sin(np.radians(a))) for a, r in corners]


# Doodles on a 100 × 100 grid: ("line", points), ("oval", box) or ("dot", box),
# ("arc", box, from degrees, to degrees).
DOODLES = {
    "house": [
        ("line", [(15, 50), (50, 15), (85, 50), (15, 50)]),
        ("line", [(22, 50), (22, 88), (78, 88), (78, 50)]),
        ("line", [(44, 88), (44, 64), (56, 64), (56, 88)]),
    ],
    "sun": [("oval", (32, 32, 68, 68)), *[("line", ray(a)) for a in range(0, 360, 45)]],
    "star": [("line", star())],
    "car": [
        ("line", [(8, 66), (8, 50), (28, 48), (38, 32), (66, 32), (76, 48), (92, 52), (92, 66)]),
        ("line", [(8, 66), (92, 66)]),
        ("oval", (18, 58, 34, 74)),
        ("oval", (66, 58, 82, 74)),
    ],
    "tree": [("oval", (22, 8, 78, 62)), ("line", [(44, 60), (44, 92), (56, 92), (56, 60)])],
    "smiley": [
        ("oval", (12, 12, 88, 88)),
        ("dot", (34, 34, 40, 42)),
        ("dot", (60, 34, 66, 42)),
        ("arc", (30, 36, 70, 72), 20, 160),
    ],
    "fish": [
        ("oval", (14, 32, 70, 68)),
        ("line", [(68, 50), (90, 34), (90, 66), (68, 50)]),
        ("dot", (24, 44, 30, 50)),
    ],
    "heart": [
        ("line", [(50, 86), (14, 48), (14, 28), (26, 16), (40, 16), (50, 30), (60, 16)]),
        ("line", [(60, 16), (74, 16), (86, 28), (86, 48), (50, 86)]),
    ],
}


def doodles(size: int) -> list[tuple[str, Image.Image, str]]:
    """Marker-pen doodles of things that are not clothing, black on white."""
    s = size / 100
    width = max(2, round(2.5 * s))
    found = []
    for name, parts in DOODLES.items():
        picture = Image.new("L", (size, size), PAPER)
        pen = ImageDraw.Draw(picture)
        for shape, where, *angles in parts:
            scaled = [v * s for point in where for v in np.ravel(point)]
            if shape == "line":
                pen.line(scaled, fill=INK, width=width, joint="curve")
            elif shape == "oval":
                pen.ellipse(scaled, outline=INK, width=width)
            elif shape == "dot":
                pen.ellipse(scaled, fill=INK)
            else:
                pen.arc(scaled, *angles, fill=INK, width=width)
        found.append((f"doodle-{name}", picture, "generated"))
    return found


# The run ------------------------------------------------------------------------------


def collect(out: Path, size: int, seed: int) -> None:
    """Writes every picture as a PNG into out/ood/ and their manifest to out/ood.json."""
    rng = np.random.default_rng(seed)
    makers = [
        ("digit", digits),
        ("letter", letters),
        ("photo", photos),
        ("noise", lambda size: noise(size, rng)),
        ("doodle", doodles),
    ]
    try:
        made = [(*found, kind) for kind, make in makers for found in make(size)]
    except ImportError as err:
        raise UserError(
            f"{err.name} is missing; the collector needs it once: "
            ".venv/bin/pip install scikit-learn scikit-image"
        ) from None
    cases = []
    with staged_dir(out / "ood") as stage:
        for name, image, source, kind in made:
            image.convert("RGB" if image.mode in ("RGB", "RGBA") else "L").save(
                stage / f"{name}.png", optimize=True
            )
            cases.append({"file": f"ood/{name}.png", "kind": kind, "source": source})
    manifest = {"sources": SOURCES, "cases": cases}
    write_atomic(
        out / "ood.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    )
    kinds = {case["kind"] for case in cases}
    print(
        f"Wrote {len(cases)} pictures of {len(kinds)} kinds to {out / 'ood'} and {out / 'ood.json'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluate.collect_ood",
        description="Collect the out-of-distribution pictures of the evaluation set (a one-off; "
        "needs scikit-learn and scikit-image).",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=CASES_DIR,
        help=f"folder of the evaluation cases, where ood/ and ood.json go (default: {CASES_DIR})",
    )
    parser.add_argument(
        "--size",
        type=int,
        default=256,
        help="longest edge of every picture, in pixels (default: 256)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the noise pictures (default: 0)"
    )
    args = parser.parse_args()
    return run_safely(collect, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
