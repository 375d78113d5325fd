"""Makes pictures that are no clothing, for the model to learn to be unsure about.

Outlier exposure (Hendrycks et al., 2019): trained to spread its probability evenly
over the ten classes on these, the model learns that not everything is a garment, and
the page's "not sure" works on more than the inputs it happens to doubt. They are
random, not objects: scribbles, irregular polygons, blotches and line patterns (and, for
recipes with `doodles`, closed doodles, most of them filled as the page fills outlines),
each trimmed and scaled to fill the frame as the page does with every input. The
evaluation set's non-clothing pictures (digits, letters, photos, noise, drawn doodles)
are kept apart from these and never trained on.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from core.dataset import FILL_INK, FILL_LEVEL, FILL_SHARE, IMAGE_SIZE

CANVAS = 112  # drawn at 4 × the model's size, then reduced, for smooth edges
FILLED = 0.75  # with doodles: the share filled as the page fills closed outlines


def fit_frame(image: Image.Image) -> np.ndarray:
    """Trims to the object and scales its longest edge to the frame, as the page does."""
    box = image.getbbox()
    if box is None:
        return np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    crop = image.crop(box)
    scale = IMAGE_SIZE / max(crop.size)
    w, h = (max(1, round(side * scale)) for side in crop.size)
    frame = Image.new("L", (IMAGE_SIZE, IMAGE_SIZE))
    frame.paste(crop.resize((w, h), Image.LANCZOS), ((IMAGE_SIZE - w) // 2, (IMAGE_SIZE - h) // 2))
    return np.asarray(frame)


def blank() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """Returns an empty black canvas and a pen for it."""
    image = Image.new("L", (CANVAS, CANVAS))
    return image, ImageDraw.Draw(image)


def scribble(rng: np.random.Generator) -> Image.Image:
    """A few random pen strokes."""
    image, draw = blank()
    for _ in range(rng.integers(1, 5)):
        points = np.cumsum(rng.normal(0, 18, (rng.integers(3, 12), 2)), axis=0) + CANVAS / 2
        draw.line([tuple(p) for p in points], fill=255, width=int(rng.integers(3, 12)))
    return image


def polygon(rng: np.random.Generator, simple: bool = False) -> Image.Image:
    """An irregular polygon, filled with a random gray or only outlined.

    With `simple`, half of them have their corners in angle order, so that their outline
    does not cross itself, as a drawn shape's does not.
    """
    image, draw = blank()
    points = rng.uniform(0, CANVAS, (rng.integers(3, 9), 2))
    if simple and rng.random() < 0.5:
        centre = points.mean(axis=0)
        points = points[np.argsort(np.arctan2(*(points - centre).T))]
    points = [tuple(p) for p in points]
    if rng.random() < 0.5:
        draw.polygon(points, fill=int(rng.integers(60, 256)))
    else:
        draw.line([*points, points[0]], fill=255, width=int(rng.integers(3, 10)))
    return image


def lines(rng: np.random.Generator) -> Image.Image:
    """Parallel or crossing straight lines: stripes and grids."""
    image, draw = blank()
    step = int(rng.integers(8, 24))
    width = int(rng.integers(2, step // 2 + 2))
    for x in range(0, CANVAS, step):
        draw.line([(x, 0), (x, CANVAS)], fill=255, width=width)
    if rng.random() < 0.5:
        for y in range(0, CANVAS, step):
            draw.line([(0, y), (CANVAS, y)], fill=255, width=width)
    return image


def blotches(rng: np.random.Generator) -> Image.Image:
    """Smooth random blotches: enlarged noise with its darker half cut away."""
    noise = Image.fromarray(rng.integers(0, 256, (CANVAS // 8, CANVAS // 8), dtype=np.uint8))
    smooth = np.asarray(noise.resize((CANVAS, CANVAS), Image.BICUBIC), dtype=np.float32)
    return Image.fromarray(np.clip((smooth - 128) * 2, 0, 255).astype(np.uint8))


def doodle(rng: np.random.Generator) -> Image.Image:
    """A closed outline around the centre, as many doodles are: round, starry or lumpy."""
    image, draw = blank()
    count = int(rng.integers(5, 14))
    angles = np.sort(rng.uniform(0, 2 * np.pi, count))
    radii = CANVAS * 0.4 * rng.uniform(0.4, 1.0, count)
    points = np.stack([np.cos(angles), np.sin(angles)], axis=1) * radii[:, None] + CANVAS / 2
    points = [tuple(p) for p in points]
    draw.line([*points, points[0]], fill=255, width=int(rng.integers(3, 10)), joint="curve")
    return image


def enclosed(ink: np.ndarray) -> np.ndarray:
    """Returns the background pixels that ink encloses: those the border cannot reach."""
    outside = np.zeros_like(ink)
    outside[[0, -1], :] = outside[:, [0, -1]] = True
    outside &= ~ink
    while True:  # grow from the border through the background, 4-connected as the page
        grown = outside.copy()
        grown[1:] |= outside[:-1]
        grown[:-1] |= outside[1:]
        grown[:, 1:] |= outside[:, :-1]
        grown[:, :-1] |= outside[:, 1:]
        grown &= ~ink
        if (grown == outside).all():
            return ~outside & ~ink
        outside = grown


def fill_enclosed(image: Image.Image) -> Image.Image:
    """Fills what the strokes enclose as the page fills closed outlines (preprocess.js)."""
    pixels = np.asarray(image).copy()
    ink = pixels > FILL_INK
    inside = enclosed(ink)
    if inside.sum() < ink.sum() * FILL_SHARE:  # little enclosed per ink pixel: no outline
        return image
    pixels[inside] = np.maximum(pixels[inside], FILL_LEVEL)
    return Image.fromarray(pixels)


def make(count: int, seed: int, doodles: bool = False) -> np.ndarray:
    """Returns `count` random non-clothing pictures, uint8 (count, 28, 28), light on black.

    With `doodles`, closed doodles join the kinds, polygons are often simple, and 3 in 4
    pictures are filled as the page fills closed outlines, as they would reach the model
    from the page with its fill on (the default).
    """
    rng = np.random.default_rng(seed)
    kinds = [scribble, partial(polygon, simple=doodles), lines, blotches]
    if doodles:
        kinds.append(doodle)
    pictures = np.zeros((count, IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    for i in range(count):
        image = kinds[i % len(kinds)](rng)
        if rng.random() < 0.3:
            image = image.rotate(float(rng.uniform(0, 360)), resample=Image.BILINEAR)
        if doodles and rng.random() < FILLED:
            image = fill_enclosed(image)
        pictures[i] = fit_frame(image.filter(ImageFilter.GaussianBlur(0.8)))
    return pictures
