"""Random changes that make training images look like what visitors bring.

Visitors draw outlines, upload line art and pale garments, and rarely frame a picture
as the dataset's studio photos are. Each layer below changes a random share of a
batch, while training only, inside the wrapper train/training.py puts around a model,
so the exported model has none of them. Images are (batch, 28, 28, 1) floats in
[0, 1], light object on black, as the page feeds the model.
"""

from __future__ import annotations

import tensorflow as tf
import tf_keras as keras

from core.dataset import FILL_LEVEL, IMAGE_SIZE
from train.models import Augment, Recipe

layers = keras.layers

SHIFT = 2 / IMAGE_SIZE  # random shifts of up to 2 pixels, as a fraction of the image

INK = 0.02  # pixels above this level are object; the dataset's background is 0


def picked(images: tf.Tensor, rate: float) -> tf.Tensor:
    """Returns a (batch, 1, 1, 1) mask that picks each image with probability `rate`."""
    return tf.random.uniform((tf.shape(images)[0], 1, 1, 1)) < rate


def per_image(images: tf.Tensor, low: float, high: float) -> tf.Tensor:
    """Returns one uniform random value per image, shaped (batch, 1, 1, 1)."""
    return tf.random.uniform((tf.shape(images)[0], 1, 1, 1), low, high)


def grow(mask: tf.Tensor, size: int) -> tf.Tensor:
    """Grows a 0/1 mask by a size × size square (a max-pool that keeps the shape)."""
    return tf.nn.max_pool2d(mask, size, 1, "SAME")


class RandomChange(layers.Layer):
    """Applies change(images) to a random share `rate` of a batch, while training only."""

    def __init__(self, rate: float, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, images, training=None):
        if not training:
            return images
        return tf.where(picked(images, self.rate), self.change(images), images)

    def change(self, images: tf.Tensor) -> tf.Tensor:
        raise NotImplementedError

    def get_config(self):
        return {**super().get_config(), "rate": self.rate}


class Sketch(RandomChange):
    """Turns garments into outlines, as a pen sketch or line art looks after the page's negation.

    The outline is the object's edge, 1 to 3 pixels wide; the inside stays black or is
    filled with a flat gray (the page's fill level, or another).
    """

    def change(self, images):
        # A margin of background, so that objects touching the frame get an edge there too.
        mask = tf.pad(tf.cast(images > INK, tf.float32), [[0, 0], [3, 3], [3, 3], [0, 0]])
        inside = 1 - grow(1 - mask, 3)  # the object shrunk by one pixel
        edges = tf.stack([grow(mask, size) - inside for size in (1, 2, 3)], axis=1)
        edges, inside = edges[:, :, 3:-3, 3:-3], inside[:, 3:-3, 3:-3]
        width = tf.random.uniform((tf.shape(images)[0],), 0, 3, dtype=tf.int32)
        edge = tf.gather(edges, width, axis=1, batch_dims=1)  # (b, 28, 28, 1)
        level = tf.where(picked(images, 0.5), FILL_LEVEL / 255, per_image(images, 0.15, 0.6))
        fill = tf.where(picked(images, 0.5), 0.0, level)
        return tf.maximum(edge, inside * fill)


class Pale(RandomChange):
    """Dims the object: a white or pale garment on white comes out dark after negation."""

    def change(self, images):
        return images * per_image(images, 0.2, 0.7)


class BlurNoise(RandomChange):
    """Blurs a little and adds sensor-like noise, as a downscaled photo or JPEG has."""

    KERNEL = tf.constant([[1, 2, 1], [2, 4, 2], [1, 2, 1]], tf.float32)[:, :, None, None] / 16

    def change(self, images):
        blurred = tf.nn.conv2d(images, self.KERNEL, 1, "SAME")
        noise = tf.random.normal(tf.shape(images)) * per_image(images, 0.0, 0.06)
        return tf.clip_by_value(blurred + noise, 0.0, 1.0)


class Erase(RandomChange):
    """Blanks a random rectangle, as a part hidden or left out of a drawing would be."""

    def change(self, images):
        size = tf.shape(images)[1]
        rows = tf.range(size, dtype=tf.float32)[None, :, None, None]
        cols = tf.range(size, dtype=tf.float32)[None, None, :, None]
        top, left = per_image(images, 0, 22), per_image(images, 0, 22)
        height, width = per_image(images, 4, 12), per_image(images, 4, 12)
        inside = (rows >= top) & (rows < top + height) & (cols >= left) & (cols < left + width)
        return tf.where(inside, 0.0, images)


class Some(layers.Layer):
    """Runs a chain of layers on a random share `rate` of a batch; the rest pass unchanged."""

    def __init__(self, rate: float, chain: list[layers.Layer], **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.chain = chain

    def call(self, images, training=None):
        if not training:
            return images
        changed = images
        for layer in self.chain:
            changed = layer(changed, training=True)
        return tf.where(picked(images, self.rate), changed, images)


def visitors(sketches: float) -> list[layers.Layer]:
    """Returns the changes for what visitors bring: geometry first, then appearance.

    `sketches` is the share of images turned into outlines.
    """
    return [
        layers.RandomRotation(25 / 360, fill_mode="constant"),  # ±25°
        # Shrinks height and width independently: other sizes and aspect ratios.
        layers.RandomZoom((0.0, 0.3), (0.0, 0.3), fill_mode="constant"),
        Sketch(sketches),
        Pale(0.15),
        BlurNoise(0.2),
        Erase(0.1),
    ]


def steps(recipe: Recipe) -> list[layers.Layer]:
    """Returns the layers of a recipe's augmentation, in the order they run."""
    mode = recipe.augment
    flip = layers.RandomFlip("horizontal")
    shift = layers.RandomTranslation(SHIFT, SHIFT, fill_mode="constant", interpolation="nearest")
    if mode is Augment.SHIFT:
        return [shift]
    if mode is Augment.FLIP_SHIFT:
        return [flip, shift]
    if mode is Augment.FLIP_SHIFT_SKETCH:
        return [flip, shift, Sketch(recipe.sketches)]
    if mode is Augment.VISITORS_ALL:
        return [flip, shift, *visitors(recipe.sketches)]
    if mode is Augment.VISITORS:  # half of each batch stays as the dataset has it
        return [flip, shift, Some(0.5, visitors(recipe.sketches))]
    return []
