"""Draws pullovers as SVG for the training artwork: no icon set outside the wild set's has one.

Each is a sweater laid flat, as the dataset shows them: a body, long sleeves hanging out
and down, a neckline, and ribbed cuffs and hem, in several cuts and three styles (an
outline, a dark glyph and a colour picture). They are this project's own drawings, made
from these parameters alone.
"""

from __future__ import annotations

import math
from itertools import product

from evaluate.collect_wild import sized_svg

NECKS = ("round", "v", "turtle", "crew")  # crew: a round neck with a ribbed band
SPREADS = (15, 35)  # degrees the sleeves hang out from the vertical
HALF_WIDTHS = (20, 25)  # half the body's width, in the drawing's units (a 100-unit frame)
STYLES = {  # fill, stroke and the colour of the rib lines
    "outline": ("none", "#000", "#000"),
    "dark": ("#222", "#000", "#fff"),
    "colour": ("#6f8fc0", "#1d2f4f", "#1d2f4f"),
}
TOP, HEM = 18.0, 80.0  # the shoulders' and the hem's heights
NECK = 8.0  # half the neck's width
SLEEVE, CUFF = 46.0, 12.0  # a sleeve's outer length and its width at the cuff
STROKE = 3.0


def _points(spread: float, half: float) -> tuple[list[tuple[float, float]], dict]:
    """The right half of the outline from the neck round to the hem, and the rib lines."""
    angle = math.radians(spread)
    down = (math.sin(angle), math.cos(angle))  # along the sleeve
    inward = (-math.cos(angle), math.sin(angle))  # across it, toward the body
    shoulder = (50 + half + 3, TOP + 4)
    cuff_out = (shoulder[0] + SLEEVE * down[0], shoulder[1] + SLEEVE * down[1])
    cuff_in = (cuff_out[0] + CUFF * inward[0], cuff_out[1] + CUFF * inward[1])
    armpit = (50 + half, TOP + 22)
    hem = (50 + half - 2, HEM)
    rib = 5.0  # depth of the cuff and hem bands
    lines = {
        "cuff": [
            (cuff_out[0] - rib * down[0], cuff_out[1] - rib * down[1]),
            (cuff_in[0] - rib * down[0], cuff_in[1] - rib * down[1]),
        ],
        "hem": [(50 - half + 2, HEM - rib), (50 + half - 2, HEM - rib)],
    }
    return [(50 + NECK, TOP), shoulder, cuff_out, cuff_in, armpit, hem], lines


def _mirror(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(100 - x, y) for x, y in points]


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f} {y:.1f}" for x, y in points)


def pullover_svg(neck: str, spread: float, half: float, style: str) -> tuple[str, float, float]:
    """One pullover as (svg, width, height), sized as the icons are (collect_wild.sized_svg)."""
    fill, stroke, rib = STYLES[style]
    right, lines = _points(spread, half)
    left = list(reversed(_mirror(right)))  # hem round to the neck, on the left
    dip = {"round": 9, "crew": 9, "v": 16, "turtle": 3}[neck]
    # The outline: right half down, hem across, left half up, the neckline back across.
    body = (
        f'<path d="M {_path(right)} L {_path(left)} Q 50 {TOP + dip:.1f} {50 + NECK:.1f} {TOP}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{STROKE}" stroke-linejoin="round"/>'
    )
    details = [lines["hem"], lines["cuff"], _mirror(lines["cuff"])]
    if neck == "v":
        details.append([(50 - NECK, TOP), (50, TOP + 16), (50 + NECK, TOP)])
    parts = [body]
    for line in details:
        parts.append(
            f'<polyline points="{_path(line)}" fill="none" stroke="{rib}" '
            f'stroke-width="{STROKE * 0.7:.1f}" stroke-linecap="round"/>'
        )
    if neck == "crew":  # the neck band: a second curve inside the first
        parts.append(
            f'<path d="M {50 - NECK + 2:.1f} {TOP + 2} Q 50 {TOP + dip + 3} {50 + NECK - 2:.1f} '
            f'{TOP + 2}" fill="none" stroke="{rib}" stroke-width="{STROKE * 0.7:.1f}"/>'
        )
    if neck == "turtle":  # a folded collar standing above the neck
        parts.append(
            f'<rect x="{50 - NECK:.1f}" y="{TOP - 8}" width="{2 * NECK:.1f}" height="9" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{STROKE}" stroke-linejoin="round"/>'
        )
    xs = [x for x, _ in right] + [100 - x for x, _ in right]
    top = TOP - 10 if neck == "turtle" else TOP - 2
    view = (min(xs) - 3, top, max(xs) - min(xs) + 6, HEM + 3 - top)
    return sized_svg(view, "".join(parts))


def pullovers() -> list[tuple[str, tuple[str, float, float]]]:
    """Every pullover drawn: [(name, (svg, width, height))], one per cut and style."""
    return [
        (f"pullover-{neck}-{spread}-{half}-{style}", pullover_svg(neck, spread, half, style))
        for neck, spread, half, style in product(NECKS, SPREADS, HALF_WIDTHS, STYLES)
    ]
