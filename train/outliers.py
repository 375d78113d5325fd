"""Makes pictures that are no clothing, for the model to learn to be unsure about.

Outlier exposure (Hendrycks et al., 2019): trained to spread its probability evenly
over the ten classes on these, the model learns that not everything is a garment, and
the page's "not sure" works on more than the inputs it happens to doubt. They are
random, not objects: scribbles, irregular polygons, blotches and line patterns, each
trimmed and scaled to fill the frame as the page does with every input. The evaluation
set's non-clothing pictures (digits, letters, photos, noise, drawn doodles) are kept
apart from these and never trained on.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from core.dataset import IMAGE_SIZE

CANVAS = 112  # drawn at 4 × the model's size, then reduced, for smooth edges


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


def scribble(rng: np.random.Generator, draw: ImageDraw.ImageDraw) -> None:
    """A few random pen strokes."""
    for _ in range(rng.integers(1, 5)):
        points = np.cumsum(rng.normal(0, 18, (rng.integers(3, 12), 2)), axis=0) + CANVAS / 2
        draw.line([tuple(p) for p in points], fill=255, width=int(rng.integers(3, 12)))


def polygon(rng: np.random.Generator, draw: ImageDraw.ImageDraw) -> None:
    """An irregular polygon, filled with a random gray or only outlined."""
    points = [tuple(p) for p in rng.uniform(0, CANVAS, (rng.integers(3, 9), 2))]
    if rng.random() < 0.5:
        draw.polygon(points, fill=int(rng.integers(60, 256)))
    else:
        draw.line([*points, points[0]], fill=255, width=int(rng.integers(3, 10)))


def blotches(rng: np.random.Generator) -> Image.Image:
    """Smooth random blotches: enlarged noise with its darker half cut away."""
    noise = Image.fromarray(rng.integers(0, 256, (CANVAS // 8, CANVAS // 8), dtype=np.uint8))
    smooth = np.asarray(noise.resize((CANVAS, CANVAS), Image.BICUBIC), dtype=np.float32)
    return Image.fromarray(np.clip((smooth - 128) * 2, 0, 255).astype(np.uint8))


def lines(rng: np.random.Generator, draw: ImageDraw.ImageDraw) -> None:
    """Parallel or crossing straight lines: stripes and grids."""
    step = int(rng.integers(8, 24))
    width = int(rng.integers(2, step // 2 + 2))
    for x in range(0, CANVAS, step):
        draw.line([(x, 0), (x, CANVAS)], fill=255, width=width)
    if rng.random() < 0.5:
        for y in range(0, CANVAS, step):
            draw.line([(0, y), (CANVAS, y)], fill=255, width=width)


def make(count: int, seed: int) -> np.ndarray:
    """Returns `count` random non-clothing pictures, uint8 (count, 28, 28), light on black."""
    rng = np.random.default_rng(seed)
    pictures = np.zeros((count, IMAGE_SIZE, IMAGE_SIZE), np.uint8)
    for i in range(count):
        if i % 4 == 3:
            image = blotches(rng)
        else:
            image = Image.new("L", (CANVAS, CANVAS))
            (scribble, polygon, lines)[i % 4](rng, ImageDraw.Draw(image))
        if rng.random() < 0.3:
            image = image.rotate(float(rng.uniform(0, 360)), resample=Image.BILINEAR)
        pictures[i] = fit_frame(image.filter(ImageFilter.GaussianBlur(0.8)))
    return pictures
