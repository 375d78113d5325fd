"""The sketch set: what visitors draw on the canvas, in several styles, drawn before any tuning.

A few hand-drawn base shapes per class (strokes of (x, y) points in fractions of the
canvas, 0-1, the first stroke the garment's closed outline) go through small transforms:
shading inside the outline (hatching, scribbling), a brush, a rotation, a smaller size
off centre. Every class gets every style once, so results compare across styles.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

T_SHIRT, TROUSER, PULLOVER, DRESS, COAT, SANDAL, SHIRT, SNEAKER, BAG, ANKLE_BOOT = range(10)
BRUSHES = ("thin", "medium", "thick")  # the page's brush select, by label
MARGIN = 0.02  # transformed sketches keep this far from the canvas' edges

Point = tuple[float, float]
Stroke = list[Point]


@dataclass(frozen=True)
class Sketch:
    """One sketch: drawn stroke by stroke with the named brush, its true class `label`."""

    name: str
    label: int
    style: str
    brush: str
    strokes: list[Stroke]


def closed(*points: Point) -> Stroke:
    """A stroke that returns to its first point."""
    return [*points, points[0]]


def dot(x: float, y: float) -> Stroke:
    """A button or a rivet: a stroke a hair long."""
    return [(x, y), (x, y + 0.01)]


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 16) -> Stroke:
    """A closed oval as a polygon of n sides."""
    turn = [2 * math.pi * i / n for i in range(n)]
    return closed(*[(cx + rx * math.sin(t), cy - ry * math.cos(t)) for t in turn])


# Base shapes, as a person draws them: garments from the front, shoes and bags from the
# side (the dataset's way, toe to the left) and a few the other way. -------------------

BASES: dict[int, dict[str, list[Stroke]]] = {
    T_SHIRT: {
        "crew-neck tee": [
            closed(
                *[(0.34, 0.16), (0.18, 0.22), (0.06, 0.4), (0.2, 0.48), (0.28, 0.4)],
                *[(0.28, 0.86), (0.72, 0.86), (0.72, 0.4), (0.8, 0.48), (0.94, 0.4)],
                *[(0.82, 0.22), (0.66, 0.16), (0.6, 0.22), (0.5, 0.25), (0.4, 0.22)],
            )
        ],
        "boxy v-neck tee": [
            closed(
                *[(0.36, 0.14), (0.14, 0.2), (0.04, 0.36), (0.16, 0.44), (0.26, 0.36)],
                *[(0.26, 0.9), (0.74, 0.9), (0.74, 0.36), (0.84, 0.44), (0.96, 0.36)],
                *[(0.86, 0.2), (0.64, 0.14), (0.5, 0.3)],
            )
        ],
        "tank top": [
            closed(
                *[(0.38, 0.1), (0.42, 0.1), (0.44, 0.24), (0.56, 0.24), (0.58, 0.1)],
                *[(0.62, 0.1), (0.64, 0.3), (0.72, 0.38), (0.72, 0.9), (0.28, 0.9)],
                *[(0.28, 0.38), (0.36, 0.3)],
            )
        ],
    },
    TROUSER: {
        "jeans": [
            closed(
                *[(0.3, 0.06), (0.7, 0.06), (0.74, 0.94), (0.56, 0.94), (0.5, 0.32)],
                *[(0.44, 0.94), (0.26, 0.94)],
            ),
            [(0.3, 0.12), (0.7, 0.12)],
            [(0.5, 0.12), (0.5, 0.3)],
        ],
        "wide-leg trousers": [
            closed(
                *[(0.34, 0.08), (0.66, 0.08), (0.8, 0.92), (0.56, 0.92), (0.5, 0.38)],
                *[(0.44, 0.92), (0.2, 0.92)],
            )
        ],
        "joggers": [
            closed(
                *[(0.32, 0.06), (0.68, 0.06), (0.7, 0.5), (0.66, 0.88), (0.68, 0.94)],
                *[(0.54, 0.94), (0.55, 0.88), (0.5, 0.36), (0.45, 0.88), (0.46, 0.94)],
                *[(0.32, 0.94), (0.34, 0.88), (0.3, 0.5)],
            ),
            [(0.34, 0.88), (0.45, 0.88)],
            [(0.55, 0.88), (0.66, 0.88)],
        ],
    },
    PULLOVER: {
        "sweater": [
            closed(
                *[(0.38, 0.12), (0.2, 0.16), (0.1, 0.4), (0.06, 0.84), (0.18, 0.86)],
                *[(0.24, 0.46), (0.26, 0.88), (0.74, 0.88), (0.76, 0.46), (0.82, 0.86)],
                *[(0.94, 0.84), (0.9, 0.4), (0.8, 0.16), (0.62, 0.12), (0.56, 0.18)],
                (0.44, 0.18),
            ),
            [(0.26, 0.8), (0.74, 0.8)],
        ],
        "hoodie": [
            closed(
                *[(0.36, 0.14), (0.18, 0.2), (0.08, 0.86), (0.2, 0.88), (0.26, 0.44)],
                *[(0.27, 0.9), (0.73, 0.9), (0.74, 0.44), (0.8, 0.88), (0.92, 0.86)],
                *[(0.82, 0.2), (0.64, 0.14), (0.5, 0.22)],
            ),
            [(0.36, 0.14), (0.38, 0.05), (0.62, 0.05), (0.64, 0.14)],
            closed((0.36, 0.62), (0.64, 0.62), (0.68, 0.78), (0.32, 0.78)),
        ],
    },
    DRESS: {
        "sleeveless a-line dress": [
            closed(
                *[(0.4, 0.06), (0.44, 0.06), (0.46, 0.14), (0.54, 0.14), (0.56, 0.06)],
                *[(0.6, 0.06), (0.62, 0.3), (0.58, 0.42), (0.78, 0.94), (0.22, 0.94)],
                *[(0.42, 0.42), (0.38, 0.3)],
            ),
            [(0.42, 0.42), (0.58, 0.42)],
        ],
        "short-sleeved dress": [
            closed(
                *[(0.4, 0.06), (0.3, 0.1), (0.24, 0.2), (0.32, 0.24), (0.36, 0.2)],
                *[(0.38, 0.4), (0.26, 0.94), (0.74, 0.94), (0.62, 0.4), (0.64, 0.2)],
                *[(0.68, 0.24), (0.76, 0.2), (0.7, 0.1), (0.6, 0.06), (0.5, 0.12)],
            )
        ],
        "long straight dress": [
            closed(
                *[(0.42, 0.04), (0.58, 0.04), (0.6, 0.3), (0.66, 0.96), (0.34, 0.96)],
                (0.4, 0.3),
            )
        ],
    },
    COAT: {
        "long zipped coat": [
            closed(
                *[(0.38, 0.06), (0.2, 0.12), (0.1, 0.5), (0.06, 0.92), (0.18, 0.92)],
                *[(0.24, 0.42), (0.24, 0.96), (0.76, 0.96), (0.76, 0.42), (0.82, 0.92)],
                *[(0.94, 0.92), (0.9, 0.5), (0.8, 0.12), (0.62, 0.06), (0.5, 0.22)],
            ),
            [(0.5, 0.22), (0.5, 0.96)],
            [(0.3, 0.7), (0.42, 0.7)],
            [(0.58, 0.7), (0.7, 0.7)],
        ],
        "belted trench coat": [
            closed(
                *[(0.36, 0.08), (0.2, 0.14), (0.12, 0.88), (0.24, 0.88), (0.27, 0.4)],
                *[(0.25, 0.94), (0.75, 0.94), (0.73, 0.4), (0.76, 0.88), (0.88, 0.88)],
                *[(0.8, 0.14), (0.64, 0.08), (0.5, 0.3)],
            ),
            [(0.36, 0.08), (0.44, 0.22), (0.5, 0.3), (0.56, 0.22), (0.64, 0.08)],
            [(0.26, 0.56), (0.74, 0.56)],
            [(0.5, 0.3), (0.5, 0.94)],
            dot(0.45, 0.42),
            dot(0.45, 0.7),
        ],
        "puffer jacket": [
            closed(
                *[(0.38, 0.12), (0.2, 0.16), (0.08, 0.8), (0.2, 0.82), (0.26, 0.44)],
                *[(0.26, 0.86), (0.74, 0.86), (0.74, 0.44), (0.8, 0.82), (0.92, 0.8)],
                *[(0.8, 0.16), (0.62, 0.12), (0.5, 0.2)],
            ),
            [(0.5, 0.2), (0.5, 0.86)],
            [(0.26, 0.4), (0.74, 0.4)],
            [(0.26, 0.62), (0.74, 0.62)],
        ],
    },
    SANDAL: {
        "strappy sandal": [
            closed((0.04, 0.7), (0.94, 0.64), (0.96, 0.74), (0.06, 0.78)),
            [(0.12, 0.69), (0.24, 0.52), (0.36, 0.68)],
            [(0.46, 0.67), (0.58, 0.5), (0.7, 0.66)],
            [(0.72, 0.66), (0.78, 0.36), (0.9, 0.36), (0.94, 0.64)],
        ],
        "heeled sandal": [
            closed(
                *[(0.04, 0.6), (0.3, 0.62), (0.6, 0.56), (0.8, 0.42), (0.94, 0.38)],
                *[(0.94, 0.46), (0.9, 0.48), (0.9, 0.88), (0.84, 0.88), (0.84, 0.5)],
                *[(0.62, 0.64), (0.3, 0.7), (0.04, 0.68)],
            ),
            [(0.1, 0.61), (0.2, 0.42), (0.32, 0.62)],
            [(0.76, 0.44), (0.8, 0.16), (0.9, 0.16), (0.92, 0.38)],
        ],
        "flip-flop from above": [
            ellipse(0.5, 0.52, 0.18, 0.42),
            [(0.32, 0.46), (0.5, 0.26), (0.68, 0.46)],
        ],
    },
    SHIRT: {
        "button-down shirt": [
            closed(
                *[(0.38, 0.1), (0.2, 0.15), (0.1, 0.52), (0.08, 0.86), (0.2, 0.86)],
                *[(0.25, 0.46), (0.26, 0.9), (0.74, 0.9), (0.75, 0.46), (0.8, 0.86)],
                *[(0.92, 0.86), (0.9, 0.52), (0.8, 0.15), (0.62, 0.1), (0.5, 0.16)],
            ),
            [(0.38, 0.1), (0.42, 0.22), (0.5, 0.16), (0.58, 0.22), (0.62, 0.1)],
            [(0.5, 0.16), (0.5, 0.9)],
            dot(0.46, 0.34),
            dot(0.46, 0.52),
            dot(0.46, 0.7),
            closed((0.58, 0.3), (0.68, 0.3), (0.68, 0.42), (0.58, 0.42)),
        ],
        "short-sleeved shirt": [
            closed(
                *[(0.36, 0.12), (0.18, 0.18), (0.06, 0.4), (0.2, 0.48), (0.28, 0.4)],
                *[(0.28, 0.9), (0.72, 0.9), (0.72, 0.4), (0.8, 0.48), (0.94, 0.4)],
                *[(0.82, 0.18), (0.64, 0.12), (0.5, 0.2)],
            ),
            [(0.36, 0.12), (0.42, 0.26), (0.5, 0.2), (0.58, 0.26), (0.64, 0.12)],
            [(0.5, 0.2), (0.5, 0.9)],
            dot(0.46, 0.4),
            dot(0.46, 0.6),
        ],
    },
    SNEAKER: {
        "lace-up sneaker": [
            closed(
                *[(0.04, 0.66), (0.1, 0.56), (0.3, 0.5), (0.46, 0.38), (0.6, 0.34)],
                *[(0.78, 0.34), (0.92, 0.42), (0.96, 0.62), (0.96, 0.74), (0.06, 0.76)],
            ),
            [(0.04, 0.68), (0.96, 0.68)],
            [(0.4, 0.44), (0.46, 0.5)],
            [(0.46, 0.4), (0.52, 0.47)],
            [(0.52, 0.37), (0.58, 0.44)],
        ],
        "running shoe, toe right": [
            closed(
                *[(0.96, 0.64), (0.88, 0.54), (0.66, 0.48), (0.52, 0.36), (0.36, 0.34)],
                *[(0.14, 0.36), (0.06, 0.5), (0.04, 0.7), (0.94, 0.76)],
            ),
            [(0.3, 0.6), (0.5, 0.54), (0.74, 0.62)],
        ],
        "slip-on shoe": [
            closed(
                *[(0.06, 0.62), (0.2, 0.5), (0.5, 0.48), (0.62, 0.4), (0.9, 0.42)],
                *[(0.94, 0.72), (0.06, 0.74)],
            ),
            [(0.06, 0.66), (0.94, 0.66)],
            [(0.2, 0.5), (0.28, 0.62)],
        ],
    },
    BAG: {
        "handbag": [
            closed((0.14, 0.4), (0.86, 0.4), (0.94, 0.9), (0.06, 0.9)),
            [(0.3, 0.4), (0.32, 0.18), (0.5, 0.12), (0.68, 0.18), (0.7, 0.4)],
            [(0.14, 0.4), (0.5, 0.58), (0.86, 0.4)],
        ],
        "backpack": [
            closed(
                *[(0.26, 0.18), (0.74, 0.18), (0.8, 0.3), (0.8, 0.92), (0.2, 0.92)],
                (0.2, 0.3),
            ),
            [(0.42, 0.18), (0.44, 0.1), (0.56, 0.1), (0.58, 0.18)],
            closed((0.32, 0.56), (0.68, 0.56), (0.68, 0.84), (0.32, 0.84)),
        ],
        "shoulder bag": [
            closed((0.16, 0.5), (0.84, 0.5), (0.84, 0.9), (0.16, 0.9)),
            [(0.2, 0.5), (0.5, 0.06), (0.8, 0.5)],
        ],
    },
    ANKLE_BOOT: {
        "chelsea boot": [
            closed(
                *[(0.04, 0.7), (0.12, 0.6), (0.36, 0.54), (0.46, 0.12), (0.86, 0.12)],
                *[(0.88, 0.56), (0.94, 0.8), (0.94, 0.9), (0.04, 0.9)],
            ),
            [(0.52, 0.14), (0.58, 0.48), (0.76, 0.48), (0.8, 0.14)],
            [(0.04, 0.82), (0.94, 0.82)],
        ],
        "hiking boot": [
            closed(
                *[(0.04, 0.68), (0.14, 0.58), (0.34, 0.52), (0.42, 0.1), (0.8, 0.1)],
                *[(0.84, 0.6), (0.96, 0.7), (0.96, 0.9), (0.04, 0.9)],
            ),
            [(0.44, 0.24), (0.56, 0.28)],
            [(0.42, 0.36), (0.54, 0.4)],
            [(0.38, 0.48), (0.5, 0.52)],
            [(0.04, 0.8), (0.96, 0.8)],
        ],
        "heeled ankle boot": [
            closed(
                *[(0.06, 0.72), (0.36, 0.6), (0.5, 0.1), (0.84, 0.1), (0.88, 0.94)],
                *[(0.76, 0.94), (0.72, 0.82), (0.06, 0.84)],
            )
        ],
    },
}


# Transforms -----------------------------------------------------------------------


def bounds(strokes: list[Stroke]) -> tuple[float, float, float, float]:
    """Returns (left, top, right, bottom) of every point."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    return min(xs), min(ys), max(xs), max(ys)


def mapped(strokes: list[Stroke], f) -> list[Stroke]:
    """Applies f(x, y) → (x, y) to every point, rounded to a thousandth of the canvas."""
    return [[tuple(round(v, 3) for v in f(x, y)) for x, y in stroke] for stroke in strokes]


def rounded(strokes: list[Stroke]) -> list[Stroke]:
    """Rounds every point to a thousandth of the canvas."""
    return mapped(strokes, lambda x, y: (x, y))


def turned(point: Point, degrees: float, centre: Point = (0.5, 0.5)) -> Point:
    """Rotates a point about centre (positive: clockwise on screen, y pointing down)."""
    a = math.radians(degrees)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return centre[0] + dx * math.cos(a) - dy * math.sin(a), centre[1] + dx * math.sin(
        a
    ) + dy * math.cos(a)


def fit(strokes: list[Stroke]) -> list[Stroke]:
    """Shrinks a sketch about the canvas' centre just enough to keep it inside the margin."""
    left, top, right, bottom = bounds(strokes)
    reach = max(0.5 - left, 0.5 - top, right - 0.5, bottom - 0.5)
    scale = min(1.0, (0.5 - MARGIN) / reach)
    return mapped(strokes, lambda x, y: (0.5 + (x - 0.5) * scale, 0.5 + (y - 0.5) * scale))


def rotate(strokes: list[Stroke], degrees: float) -> list[Stroke]:
    """Rotates a sketch about the canvas' centre, the way a visitor draws at a slant."""
    return fit(mapped(strokes, lambda x, y: turned((x, y), degrees)))


def place(strokes: list[Stroke], scale: float, centre: Point) -> list[Stroke]:
    """Scales a sketch about its own centre and moves that centre to `centre`."""
    left, top, right, bottom = bounds(strokes)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return mapped(
        strokes, lambda x, y: (centre[0] + (x - cx) * scale, centre[1] + (y - cy) * scale)
    )


def scanlines(outline: Stroke, spacing: float, degrees: float) -> list[list[tuple]]:
    """Cuts the outline's inside with parallel lines at an angle.

    Returns, line by line, the inside intervals (y, x0, x1) in a frame turned by -degrees,
    each inset a little from the outline so the shading stays within it.
    """
    frame = [turned(p, -degrees) for p in outline]
    edges = list(pairwise(frame))
    top, bottom = min(y for _, y in frame), max(y for _, y in frame)
    lines, y = [], top + spacing / 2
    while y < bottom:
        # Edges that span y, counted half-open so a vertex is crossed once.
        xs = sorted(
            ax + (y - ay) * (bx - ax) / (by - ay)
            for (ax, ay), (bx, by) in edges
            if (ay <= y < by) or (by <= y < ay)
        )
        inset = 0.2 * spacing
        lines.append(
            [
                (y, x0 + inset, x1 - inset)
                for x0, x1 in zip(xs[::2], xs[1::2], strict=True)
                if x1 - x0 > 3 * inset
            ]
        )
        y += spacing
    return lines


def hatch(strokes: list[Stroke], spacing: float = 0.06, degrees: float = 45) -> list[Stroke]:
    """Adds parallel shading lines inside the first (closed) stroke, one stroke each."""
    lines = scanlines(strokes[0], spacing, degrees)
    shading = [
        [turned((x0, y), degrees), turned((x1, y), degrees)] for line in lines for y, x0, x1 in line
    ]
    return strokes + rounded(shading)


def scribble(strokes: list[Stroke], spacing: float = 0.09, degrees: float = -30) -> list[Stroke]:
    """Adds back-and-forth shading inside the first stroke, without lifting the pen.

    Each part of the inside (both legs of a pair of trousers, say) is shaded in one
    zigzag: an interval continues the zigzag above it when the two overlap.
    """
    zigzags, open_ = [], []
    for line in scanlines(strokes[0], spacing, degrees):
        still_open = []
        for y, x0, x1 in line:
            above = next(
                (z for z in open_ if z[-1][1] < x1 and x0 < z[-1][2] and z not in still_open), None
            )
            if above is None:
                above = []
                zigzags.append(above)
            above.append((y, x0, x1))
            still_open.append(above)
        open_ = still_open
    shading = []
    for zigzag in zigzags:
        points = []
        for i, (y, x0, x1) in enumerate(zigzag):
            ends = [(x0, y), (x1, y)]
            points += ends if i % 2 == 0 else ends[::-1]
        shading.append([turned(p, degrees) for p in points])
    return strokes + rounded(shading)


# The set ------------------------------------------------------------------------------

# Off-centre spots for the small sketches, one per class in turn.
CORNERS = [(0.3, 0.3), (0.7, 0.68), (0.68, 0.3), (0.32, 0.7), (0.5, 0.28)]


def styles(label: int) -> list[tuple[str, str, Callable]]:
    """Each style: (name, brush, transform of the strokes). The outline is drawn with the
    page's default brush (thin); rotations alternate in direction from class to class."""
    slant = 20 if label % 2 == 0 else -20
    return [
        ("outline", "thin", lambda s: s),
        ("medium brush", "medium", lambda s: s),
        ("thick brush", "thick", lambda s: s),
        ("hatched", "thin", hatch),
        ("scribbled", "medium", scribble),
        ("rotated", "thin", lambda s: rotate(s, slant)),
        ("small off-centre", "thin", lambda s: place(s, 0.45, CORNERS[label % len(CORNERS)])),
    ]


def make_sketches() -> list[Sketch]:
    """Every class in every style, each style on the class' base shapes in turn."""
    sketches = []
    for label, bases in BASES.items():
        names = list(bases)
        for i, (style, brush, transform) in enumerate(styles(label)):
            base = names[i % len(names)]
            strokes = transform(bases[base])
            sketches.append(Sketch(f"{base}, {style}", label, style, brush, strokes))
    return sketches


SKETCHES = make_sketches()
STYLES = list(dict.fromkeys(sketch.style for sketch in SKETCHES))
