"""Draws garments as SVG for the training artwork, for the classes icon sets hardly draw.

No icon set outside the wild set's draws a pullover, and few draw coats, shirts or
footwear. These are the project's own drawings, made from parameters alone. Each garment
is laid flat or seen from the side, as the dataset shows them, in several cuts and three
styles (an outline, a dark glyph and a colour picture):

- pullovers: a body, long sleeves hanging out and down, a neckline, ribbed cuffs and hem;
- coats: long or short, open at the front, with lapels, buttons, a belt or a zip; kimonos;
- shirts: a pointed collar and a buttoned placket, long or short sleeves, or folded;
- footwear from the side: sneakers (laces, a thick sole), ankle boots (a shaft to above
  the ankle, a heel) and sandals (straps over a sole, flat or heeled);
- sandals from above, as emoji and icons draw them: flip-flops (a thong strap) and
  slides (one band), a pair or a single one.
"""

from __future__ import annotations

import math
from itertools import product

from evaluate.collect_wild import sized_svg

SPREADS = (15, 35)  # degrees the sleeves hang out from the vertical
HALF_WIDTHS = (20, 25)  # half the body's width, in the drawing's units (a 100-unit frame)
STYLES = {  # fill, stroke and the colour of the detail lines
    "outline": ("none", "#000", "#000"),
    "dark": ("#222", "#000", "#fff"),
    "colour": ("#6f8fc0", "#1d2f4f", "#1d2f4f"),
}
TOP, HEM = 18.0, 80.0  # the shoulders' and a pullover's hem's heights
NECK = 8.0  # half the neck's width
SLEEVE, CUFF = 46.0, 12.0  # a long sleeve's outer length and its width at the cuff
STROKE = 3.0

NECKS = ("round", "v", "turtle", "crew")  # pullovers' necklines; crew: with a ribbed band
COATS = ("coat", "trench", "jacket", "kimono")  # lapels; a belt, two rows; a zip; a wrap
SHIRTS = ("long", "pocket", "short", "folded")  # long sleeves, a pocket, short ones; folded
UPPERS = {  # footwear: how high the upper (the straps, the shaft) rises above the sole
    "sneaker": 34,
    "runner": 30,  # a lower sneaker with a stripe along its side
    "boot": 50,
    "chelsea": 46,  # a boot with an elastic side panel instead of laces
    "sandal": 26,
    "heeled": 32,  # a sandal on a block heel
}
HEIGHTS = (0.9, 1.1)  # footwear: the upper's height against the default
SOLES = ("flipflop", "slide")  # sandals from above: a thong strap; one band across
TOE_WIDTHS = (12, 15)  # sandals from above: half a sole's width at the toe


# Shapes --------------------------------------------------------------------------------


def _points(
    spread: float,
    half: float,
    sleeve: float = SLEEVE,
    cuff: float = CUFF,
    hem: float = HEM,
    flare: float = -2,
) -> tuple[list[tuple[float, float]], dict]:
    """The right half of an upper garment's outline from the neck round to the hem, and
    where its cuff and hem bands run."""
    angle = math.radians(spread)
    down = (math.sin(angle), math.cos(angle))  # along the sleeve
    inward = (-math.cos(angle), math.sin(angle))  # across it, toward the body
    shoulder = (50 + half + 3, TOP + 4)
    cuff_out = (shoulder[0] + sleeve * down[0], shoulder[1] + sleeve * down[1])
    cuff_in = (cuff_out[0] + cuff * inward[0], cuff_out[1] + cuff * inward[1])
    armpit = (50 + half, TOP + 22)
    corner = (50 + half + flare, hem)
    rib = 5.0  # depth of the cuff and hem bands
    lines = {
        "cuff": [
            (cuff_out[0] - rib * down[0], cuff_out[1] - rib * down[1]),
            (cuff_in[0] - rib * down[0], cuff_in[1] - rib * down[1]),
        ],
        "hem": [(50 - half - flare, hem - rib), (50 + half + flare, hem - rib)],
    }
    return [(50 + NECK, TOP), shoulder, cuff_out, cuff_in, armpit, corner], lines


def _mirror(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(100 - x, y) for x, y in points]


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f} {y:.1f}" for x, y in points)


def _line(points: list[tuple[float, float]], colour: str, width: float = STROKE * 0.7) -> str:
    return (
        f'<polyline points="{_path(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="{width:.1f}" stroke-linecap="round" stroke-linejoin="round"/>'
    )


def _shape(points: list[tuple[float, float]], fill: str, stroke: str) -> str:
    return (
        f'<polygon points="{_path(points)}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{STROKE}" stroke-linejoin="round"/>'
    )


def _flipped(body: str) -> str:
    """The drawing `body` mirrored left to right across the frame's middle (x = 50)."""
    return f'<g transform="translate(100 0) scale(-1 1)">{body}</g>'


def _buttons(xs: list[float], ys: list[float], colour: str) -> str:
    return "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8" fill="{colour}"/>' for x in xs for y in ys
    )


def _body(right: list[tuple[float, float]], neck: str, hem_dip: float, style: str) -> str:
    """The garment's outline: right half down, across the hem (curved by `hem_dip`), left
    half up, then `neck` (a path's end, back to the start) across the neck."""
    fill, stroke, _ = STYLES[style]
    left = list(reversed(_mirror(right)))  # hem round to the neck, on the left
    across = f"Q 50 {right[-1][1] + hem_dip:.1f} {_path(left[:1])} L " if hem_dip else "L "
    left = left[1:] if hem_dip else left
    return (
        f'<path d="M {_path(right)} {across}{_path(left)} {neck}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{STROKE}" stroke-linejoin="round"/>'
    )


def _sized(points: list[tuple[float, float]], top: float, bottom: float, parts: list[str]):
    xs = [x for x, _ in points] + [100 - x for x, _ in points]
    view = (min(xs) - 3, top, max(xs) - min(xs) + 6, bottom - top)
    return sized_svg(view, "".join(parts))


# Pullovers -----------------------------------------------------------------------------


def pullover_svg(neck: str, spread: float, half: float, style: str) -> tuple[str, float, float]:
    """One pullover as (svg, width, height), sized as the icons are (collect_wild.sized_svg)."""
    fill, stroke, rib = STYLES[style]
    right, lines = _points(spread, half)
    dip = {"round": 9, "crew": 9, "v": 16, "turtle": 3}[neck]
    parts = [_body(right, f"Q 50 {TOP + dip:.1f} {50 + NECK:.1f} {TOP}", 0, style)]
    details = [lines["hem"], lines["cuff"], _mirror(lines["cuff"])]
    if neck == "v":
        details.append([(50 - NECK, TOP), (50, TOP + 16), (50 + NECK, TOP)])
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
    return _sized(right, TOP - 10 if neck == "turtle" else TOP - 2, HEM + 3, parts)


# Coats ---------------------------------------------------------------------------------


def coat_svg(cut: str, spread: float, half: float, style: str) -> tuple[str, float, float]:
    """One coat, jacket or kimono as (svg, width, height): open down the front."""
    fill, stroke, line = STYLES[style]
    hem = 78.0 if cut == "jacket" else 96.0
    if cut == "kimono":  # wide sleeves straight out, hanging deep
        right, lines = _points(spread + 50, half, sleeve=30, cuff=26, hem=hem, flare=0)
    else:
        sleeve = SLEEVE if cut == "jacket" else SLEEVE + 6
        right, lines = _points(
            spread, half, sleeve=sleeve, hem=hem, flare=-2 if cut == "jacket" else 4
        )
    if cut == "jacket":  # a stand collar and a zip
        parts = [_body(right, f"Q 50 {TOP + 6} {50 + NECK:.1f} {TOP}", 0, style)]
        parts.append(
            _shape(
                [(50 - NECK, TOP), (50 - NECK, TOP - 5), (50 + NECK, TOP - 5), (50 + NECK, TOP)],
                fill,
                stroke,
            )
        )
        parts += [_line([(50, TOP + 4), (50, hem)], line), _line(lines["hem"], line)]
        parts += [_line(lines["cuff"], line), _line(_mirror(lines["cuff"]), line)]
        parts += [_line([(50 + s * 8, hem - 22), (50 + s * 14, hem - 10)], line) for s in (-1, 1)]
        return _sized(right, TOP - 8, hem + 3, parts)
    if cut == "kimono":  # the collar wraps left over right, down to the sash
        parts = [_body(right, f"L {50 + NECK:.1f} {TOP}", 0, style)]
        front = 50 - half * 0.5  # where the fronts meet at the hem
        parts.append(_line([(50 - NECK, TOP), (50 + half * 0.5, 56), (front + half, hem)], line))
        parts.append(_line([(50 + NECK, TOP), (50 - 4, 46)], line))
        parts.append(
            _shape(
                [(50 - half, 50), (50 + half, 50), (50 + half, 60), (50 - half, 60)], line, stroke
            )
        )
        return _sized(right, TOP - 2, hem + 3, parts)
    # Coats: a deep V between lapels, then the opening down to the hem.
    parts = [_body(right, f"L 50 {TOP + 26} L {50 + NECK:.1f} {TOP}", 0, style)]
    for side in (-1, 1):
        parts.append(
            _shape(
                [
                    (50 + side * NECK, TOP),
                    (50 + side * (NECK + 7), TOP + 12),
                    (50 + side * 4, TOP + 20),
                    (50, TOP + 26),
                ],
                fill,
                stroke,
            )
        )
    parts.append(_line([(50, TOP + 26), (50, hem)], line))
    rows = [44.0, 56.0] if cut == "trench" else [54.0]
    parts.append(_buttons(rows, [TOP + 32, TOP + 44, TOP + 56], line))
    if cut == "trench":  # a belt at the waist
        parts.append(_line([(50 - half, 64), (50 + half, 64)], line, STROKE * 1.4))
    parts += [
        _line([(50 + s * 6, hem - 24), (50 + s * (half - 4), hem - 24)], line) for s in (-1, 1)
    ]
    return _sized(right, TOP - 2, hem + 3, parts)


# Shirts --------------------------------------------------------------------------------


def shirt_svg(cut: str, spread: float, half: float, style: str) -> tuple[str, float, float]:
    """One shirt as (svg, width, height): a pointed collar and a buttoned placket."""
    fill, stroke, line = STYLES[style]
    collar = [
        _shape(
            [(50, TOP + 3), (50 + side * (NECK + 3), TOP - 2), (50 + side * 4, TOP + 11)],
            fill,
            stroke,
        )
        for side in (-1, 1)
    ]
    if cut == "folded":  # a folded shirt: the collar, the placket, the body squared off
        body = [(50 + NECK, TOP), (50 + half, TOP + 4), (50 + half, HEM - 12)]
        if spread > 20:  # the sleeves folded behind show at the shoulders
            body[1:1] = [(50 + half + 3, TOP + 6), (50 + half + 3, TOP + 24), (50 + half, TOP + 26)]
        outline = [*body, *reversed(_mirror(body))]
        parts = [_shape(outline, fill, stroke)]
        parts += [_line([(50, TOP + 10), (50, HEM - 12)], line), *collar]
        parts.append(_buttons([50 + 3.5], [TOP + 18, TOP + 30, TOP + 42, TOP + 54], line))
        return _sized(outline, TOP - 5, HEM - 9, parts)
    sleeve, cuff = (16.0, 14.0) if cut == "short" else (SLEEVE, 10.0)
    right, lines = _points(spread + (30 if cut == "short" else 0), half, sleeve=sleeve, cuff=cuff)
    parts = [_body(right, f"Q 50 {TOP + 6} {50 + NECK:.1f} {TOP}", 8, style)]
    parts += [_line([(50, TOP + 8), (50, HEM + 6)], line), *collar]
    parts.append(_buttons([50 + 3.5], [TOP + 16, TOP + 28, TOP + 40, TOP + 52], line))
    if cut != "short":
        parts += [_line(lines["cuff"], line), _line(_mirror(lines["cuff"]), line)]
    if cut == "pocket":
        parts.append(
            _line(
                [(50 - 8, TOP + 14), (50 - 8, TOP + 24), (50 - 17, TOP + 24), (50 - 17, TOP + 14)],
                line,
            )
        )
    return _sized(right, TOP - 5, HEM + 11, parts)


# Footwear ------------------------------------------------------------------------------


def shoe_svg(cut: str, height: float, style: str, toe_right: bool) -> tuple[str, float, float]:
    """One shoe, boot or sandal seen from the side as (svg, width, height)."""
    fill, stroke, line = STYLES[style]
    ground, sole = 70.0, 8.0 if cut in ("sneaker", "runner") else 4.0
    top = ground - sole  # where the sole meets the upper
    heel = 10.0 if cut == "heeled" else 0.0
    tall = UPPERS[cut] * height
    parts = []
    # The sole: flat, or a block heel under the back and a slope to the toe.
    if heel:
        parts.append(
            _shape(
                [
                    (12, ground),
                    (20, ground),
                    (22, top - heel),
                    (40, top - heel + 3),
                    (88, top),
                    (92, ground - 1),
                    (86, ground),
                    (46, ground - 2),
                ],
                fill,
                stroke,
            )
        )
        parts.append(
            _shape([(12, ground), (12, top - heel), (22, top - heel), (20, ground)], fill, stroke)
        )
    else:
        parts.append(
            _shape([(8, ground), (8, top), (92, top), (94, ground - 3), (90, ground)], fill, stroke)
        )
    base = top - heel  # the heel's top, where the upper starts at the back
    if cut in ("sandal", "heeled"):  # straps over the foot, open between them
        parts.append(_line([(14, base), (14, base - tall), (26, base - tall)], stroke, STROKE))
        for x0, x1, lift in ((30, 48, 0.8), (56, 72, 0.6), (76, 88, 0.45)):
            y0 = base + (top - base) * (x0 - 20) / 70
            y1 = base + (top - base) * (x1 - 20) / 70
            peak = min(y0, y1) - tall * lift
            parts.append(
                f'<path d="M {x0} {y0:.1f} Q {(x0 + x1) / 2} {peak:.1f} {x1} {y1:.1f}" '
                f'fill="none" stroke="{stroke}" stroke-width="{STROKE * 1.3:.1f}" '
                'stroke-linecap="round"/>'
            )
        parts.append(_line([(14, base - tall * 0.5), (34, base - tall * 0.6)], stroke, STROKE))
    else:
        collar = base - tall  # the top of the back (the shaft's top for boots)
        if cut in ("boot", "chelsea"):
            upper = [
                (10, base),
                (10, collar),
                (40, collar),
                (42, top - 24),
                (70, top - 16),
                (90, top - 8),
                (92, top),
            ]
        else:
            upper = [
                (10, base),
                (11, collar),
                (24, collar + 5),
                (32, collar),
                (58, top - 14),
                (84, top - 9),
                (93, top),
            ]
        parts.insert(0, _shape(upper + [(10, top)], fill, stroke))
        if cut in ("sneaker", "runner", "boot"):  # laces across the instep
            x0, y0, x1, y1 = (
                (36, collar + 5, 54, top - 15) if cut != "boot" else (40, collar + 4, 48, top - 20)
            )
            steps = 4
            for i in range(steps):
                x = x0 + (x1 - x0) * i / (steps - 1)
                y = y0 + (y1 - y0) * i / (steps - 1)
                parts.append(_line([(x - 4, y - 2), (x + 4, y + 2)], line))
        if cut == "chelsea":  # the elastic side panel
            parts.append(_line([(24, collar), (30, top - 18), (36, collar)], line))
        if cut == "runner":  # a stripe along the side
            parts.append(_line([(30, top - 4), (60, top - 14)], line, STROKE))
        parts.append(_line([(8, top), (92, top)], line))
    body = "".join(parts)
    if not toe_right:  # the same shoe, its toe to the left
        body = _flipped(body)
    bottom, upper_top = ground + 3, ground - sole - heel - tall - 4
    return sized_svg((4, upper_top, 92, bottom - upper_top), body)


def _sole(cx: float, toe: float) -> str:
    """A right foot's sole from above, toe up, as a path: widest at the ball, the heel
    narrower and set toward the inner side (the left)."""
    heel, inner = toe * 0.72, 2.0
    hx = cx - inner  # the heel's centre
    return (
        f"M {cx:.1f} 8 C {cx + toe * 0.7:.1f} 8 {cx + toe:.1f} 18 {cx + toe:.1f} 32 "
        f"C {cx + toe:.1f} 50 {hx + heel:.1f} 62 {hx + heel:.1f} 76 "
        f"C {hx + heel:.1f} 88 {hx + heel * 0.5:.1f} 93 {hx:.1f} 93 "
        f"C {hx - heel * 0.5:.1f} 93 {hx - heel:.1f} 88 {hx - heel:.1f} 76 "
        f"C {hx - heel:.1f} 62 {cx - toe * 0.9:.1f} 48 {cx - toe:.1f} 30 "
        f"C {cx - toe:.1f} 17 {cx - toe * 0.6:.1f} 8 {cx:.1f} 8 Z"
    )


def sandal_top_svg(cut: str, pair: bool, toe: float, style: str) -> tuple[str, float, float]:
    """A flip-flop or a slide seen from above, toe up, as (svg, width, height); a pair
    shows the left one beside, mirrored."""
    fill, stroke, line = STYLES[style]
    cx = 50 + toe + 3 if pair else 50.0  # the right sole's centre
    parts = [
        f'<path d="{_sole(cx, toe)}" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{STROKE}" stroke-linejoin="round"/>'
    ]
    if cut == "flipflop":  # a post between the first toes, straps down to both sides
        post = (cx - toe * 0.35, 20)
        parts += [_line([(cx - toe * 0.95, 46), post, (cx + toe * 0.95, 44)], line, STROKE * 1.2)]
        parts.append(f'<circle cx="{post[0]:.1f}" cy="{post[1]}" r="2.2" fill="{line}"/>')
    else:  # one wide band across the forefoot
        band = [(cx - toe, 26), (cx + toe, 28), (cx + toe * 0.98, 46), (cx - toe * 0.96, 44)]
        parts.append(_shape(band, fill if style != "outline" else "none", line))
    body = "".join(parts)
    if pair:
        body += _flipped(body)
    left = 100 - cx - toe - 3 if pair else cx - toe - 3
    return sized_svg((left, 5, 100 - 2 * left, 91), body)


# The artwork ---------------------------------------------------------------------------


def pullovers() -> list[tuple[str, tuple[str, float, float]]]:
    """Every pullover drawn: [(name, (svg, width, height))], one per cut and style."""
    return [
        (f"pullover-{neck}-{spread}-{half}-{style}", pullover_svg(neck, spread, half, style))
        for neck, spread, half, style in product(NECKS, SPREADS, HALF_WIDTHS, STYLES)
    ]


def garments() -> dict[str, list[tuple[str, tuple[str, float, float]]]]:
    """Every garment drawn, by class name: {class: [(name, (svg, width, height))]}."""
    shoes = {
        cut: [
            (
                f"{cut}-{height}-{'right' if toe else 'left'}-{style}",
                shoe_svg(cut, height, style, toe),
            )
            for height, toe, style in product(HEIGHTS, (True, False), STYLES)
        ]
        for cut in UPPERS
    }
    return {
        "Pullover": pullovers(),
        "Coat": [
            (f"{cut}-{spread}-{half}-{style}", coat_svg(cut, spread, half, style))
            for cut, spread, half, style in product(COATS, SPREADS, HALF_WIDTHS, STYLES)
        ],
        "Shirt": [
            (f"shirt-{cut}-{spread}-{half}-{style}", shirt_svg(cut, spread, half, style))
            for cut, spread, half, style in product(SHIRTS, SPREADS, HALF_WIDTHS, STYLES)
        ],
        "Sneaker": shoes["sneaker"] + shoes["runner"],
        "Ankle boot": shoes["boot"] + shoes["chelsea"],
        "Sandal": shoes["sandal"]
        + shoes["heeled"]
        + [
            (
                f"{cut}-{'pair' if pair else 'single'}-{toe}-{style}",
                sandal_top_svg(cut, pair, toe, style),
            )
            for cut, pair, toe, style in product(SOLES, (True, False), TOE_WIDTHS, STYLES)
        ],
    }
