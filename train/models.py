"""Defines the models, and how each is trained, by name.

Every builder returns an uncompiled Keras 2 (tf_keras) model whose input is a
(batch, 28, 28) float image in [0, 1] and whose output is (batch, 10) softmax
probabilities, so the browser feeds every model the same tensor. Models marked
`shipped` go into the site; the others are the experiments behind the choice
(docs/models.md), kept so that every number there can be reproduced with
`python -m train --model NAME`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial

import tf_keras as keras

from core.dataset import IMAGE_SHAPE, NUM_CLASSES

layers = keras.layers


class Schedule(str, Enum):
    """How the learning rate changes during training."""

    CONSTANT = "constant"  # the same rate throughout
    COSINE = "cosine"  # cosine decay from the rate to zero over all epochs


class Augment(str, Enum):
    """Which random changes the training images get (the saved model has none of them)."""

    NONE = "none"  # the images as they are
    SHIFT = "shift"  # random shifts of up to 2 pixels
    FLIP_SHIFT = "flip-shift"  # random horizontal flips, then shifts
    FLIP_SHIFT_SKETCH = "flip-shift-sketch"  # and a share (`sketches`) turned into outlines
    VISITORS = "visitors"  # and, for half of each batch, what visitors bring (augment.py)
    VISITORS_ALL = "visitors-all"  # flips, shifts and what visitors bring, for every image


def checked(kind: type[Enum], value) -> Enum:
    """Returns value as a member of enum `kind`, or raises ValueError listing the valid ones."""
    try:
        return kind(value)
    except ValueError:
        valid = ", ".join(member.value for member in kind)
        raise ValueError(
            f"unknown {kind.__name__.lower()} {value!r}; choose one of: {valid}"
        ) from None


@dataclass(frozen=True)
class Recipe:
    """How a model is trained."""

    epochs: int  # the maximum; early stopping may end sooner
    batch_size: int = 32  # images per gradient step
    learning_rate: float = 1e-3  # Adam's (starting) learning rate
    schedule: Schedule = Schedule.CONSTANT  # how the rate changes over the epochs
    augment: Augment = Augment.NONE  # random changes to the training images
    patience: int | None = None  # epochs without a better validation accuracy; None: off
    outliers: float = 0.0  # non-clothing pictures added, as a share of the training images
    doodles: bool = False  # the outliers include doodles, and most are filled as the page fills
    sketches: float = 0.3  # share made outlines: of the changed images (visitors), of all (sketch)
    art: float = 0.0  # clothing icons (train/artwork) added, as a share of the training images
    smoothing: float = 0.0  # share of each target spread evenly over the classes; 0: off
    snap: bool = False  # after training, round the large kernels onto TF.js's uint8 grid

    def __post_init__(self):
        # Plain strings (from training.json, say) become members; unknown ones are refused.
        object.__setattr__(self, "schedule", checked(Schedule, self.schedule))
        object.__setattr__(self, "augment", checked(Augment, self.augment))


@dataclass(frozen=True)
class ModelSpec:
    """Describes how to build and train one model."""

    build: Callable[[], keras.Model]
    recipe: Recipe
    description: str
    shipped: bool = False


# Build --------------------------------------------------------------------------


def build_mlp() -> keras.Model:
    """Builds the Keras tutorial's model: Flatten → Dense(128, relu) → Dense(10, softmax)."""
    return keras.Sequential(
        [
            keras.Input(shape=IMAGE_SHAPE),
            layers.Flatten(),  # (b, 28, 28) → (b, 784)
            layers.Dense(128, activation="relu"),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ],
        name="mlp",
    )


def build_cnn(
    filters: tuple[int, ...] = (32, 64, 128),
    batch_norm: bool = True,
    dropout: float = 0.3,
    head: str = "flatten",
    hidden: int = 0,
    name: str = "cnn",
) -> keras.Model:
    """Builds a compact CNN: per stage conv 3×3 → (batch norm) → ReLU → max-pool 2×2.

    Spatial size per stage: 28 → 14 → 7 → 3. The head flattens the last stage
    ("flatten", the shipped model's) or averages it per channel ("gap"), then comes
    dropout, a ReLU layer of `hidden` units if asked, and a softmax layer. The defaults
    build the shipped CNN.
    """
    if head not in ("flatten", "gap"):
        raise ValueError(f"unknown head {head!r}; choose one of: flatten, gap")
    inputs = keras.Input(shape=IMAGE_SHAPE)
    x = layers.Reshape((*IMAGE_SHAPE, 1))(inputs)  # (b, 28, 28, 1)
    for width in filters:
        x = layers.Conv2D(width, 3, padding="same", use_bias=not batch_norm)(x)
        if batch_norm:
            x = layers.BatchNormalization()(x)
        x = layers.ReLU()(x)
        x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x) if head == "gap" else layers.Flatten()(x)
    x = layers.Dropout(dropout)(x)
    if hidden:
        x = layers.Dense(hidden, activation="relu")(x)  # (b, hidden)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


# Registry -----------------------------------------------------------------------

# The CNN's recipe for the dataset's studio photos alone (the shipped model until issue 11).
CNN_RECIPE = Recipe(
    epochs=30,
    batch_size=128,
    learning_rate=2e-3,
    schedule=Schedule.COSINE,
    augment=Augment.FLIP_SHIFT,
    patience=8,
)
# With 10% non-clothing pictures added, so that the model learns to be unsure of them.
OUTLIERS_RECIPE = replace(CNN_RECIPE, outliers=0.1)
# And clothing icons drawn as visitors' pictures (train/artwork), 5% more images.
ART_RECIPE = replace(OUTLIERS_RECIPE, art=0.05)
# With closed doodles among the outliers, most of them filled as the page fills outlines.
DOODLES_RECIPE = replace(OUTLIERS_RECIPE, doodles=True)
# And with its large kernels on TF.js's uint8 grid, so the site's small weights are its own.
SHIPPED_RECIPE = replace(DOODLES_RECIPE, snap=True)
# And for what visitors bring: half of each batch changed too.
VISITORS_RECIPE = replace(OUTLIERS_RECIPE, augment=Augment.VISITORS)

MODELS: dict[str, ModelSpec] = {
    "mlp": ModelSpec(
        build=build_mlp,
        recipe=Recipe(epochs=10),  # adam at 1e-3, batch 32: the tutorial's settings
        description="The Keras tutorial's dense network",
        shipped=True,
    ),
    "cnn": ModelSpec(
        build=build_cnn,
        recipe=SHIPPED_RECIPE,
        description="Compact CNN: 3 conv stages with batch norm, trained with augmentation "
        "and taught to be unsure of pictures that are not clothing, doodles among them",
        shipped=True,
    ),
    # Experiments (docs/models.md) ---------------------------------------------------
    "cnn-outliers": ModelSpec(
        build=build_cnn,
        recipe=OUTLIERS_RECIPE,
        description="The CNN taught to be unsure of non-clothing pictures without doodles "
        "(shipped from issue 11 until the doodles)",
    ),
    "cnn-studio": ModelSpec(
        build=build_cnn,
        recipe=CNN_RECIPE,
        description="The CNN trained on the dataset's studio photos alone (shipped until issue 11)",
    ),
    "cnn-gap": ModelSpec(
        build=partial(build_cnn, head="gap"),
        recipe=CNN_RECIPE,
        description="The CNN with a global-average-pooling head",
    ),
    "cnn-plain": ModelSpec(
        build=partial(build_cnn, head="gap"),
        recipe=Recipe(epochs=30, batch_size=128, patience=5),
        description="The GAP CNN without augmentation or schedule",
    ),
    "cnn-flatten-shift": ModelSpec(
        build=build_cnn,
        recipe=replace(CNN_RECIPE, augment=Augment.SHIFT),
        description="The flatten-head CNN, shifts only (no flips)",
    ),
    "cnn-long": ModelSpec(
        build=build_cnn,
        recipe=replace(CNN_RECIPE, epochs=40, patience=10),
        description="The flatten-head CNN, 40 epochs",
    ),
    "cnn-visitors": ModelSpec(
        build=build_cnn,
        recipe=replace(CNN_RECIPE, augment=Augment.VISITORS),
        description="The CNN, half of each batch changed to look like what visitors bring",
    ),
    "cnn-visitors-all": ModelSpec(
        build=build_cnn,
        recipe=replace(CNN_RECIPE, augment=Augment.VISITORS_ALL),
        description="The CNN, every image changed to look like what visitors bring",
    ),
    "cnn-visitors-outliers": ModelSpec(
        build=build_cnn,
        recipe=VISITORS_RECIPE,
        description="The shipped CNN with half of each batch changed to look like what "
        "visitors bring",
    ),
    "cnn-visitors-lines": ModelSpec(
        build=build_cnn,
        recipe=replace(VISITORS_RECIPE, sketches=0.5),
        description="The visitors CNN with more of its changed images drawn as outlines",
    ),
    "cnn-art": ModelSpec(
        build=build_cnn,
        recipe=ART_RECIPE,
        description="The CNN taught what is not clothing, with clothing icons added (5% more "
        "images)",
    ),
    "cnn-art-sketch": ModelSpec(
        build=build_cnn,
        recipe=replace(ART_RECIPE, augment=Augment.FLIP_SHIFT_SKETCH, sketches=0.15),
        description="The artwork CNN with 15% of each batch's images turned into outlines",
    ),
    "cnn-art-wide": ModelSpec(
        build=partial(build_cnn, filters=(32, 64, 192)),
        recipe=ART_RECIPE,
        description="The artwork CNN with a wider last stage (192 filters instead of 128)",
    ),
    "cnn-art-smooth": ModelSpec(
        build=build_cnn,
        recipe=replace(ART_RECIPE, smoothing=0.1),
        description="The artwork CNN trained with label smoothing (10% of each target spread)",
    ),
    "cnn-art-head": ModelSpec(
        build=partial(build_cnn, hidden=32),
        recipe=ART_RECIPE,
        description="The artwork CNN with a hidden layer of 32 units in its head",
    ),
    "cnn-doodles": ModelSpec(
        build=build_cnn,
        recipe=DOODLES_RECIPE,
        description="The CNN with closed doodles among its outliers, most of them filled as "
        "the page fills outlines",
    ),
    "cnn-art-doodles": ModelSpec(
        build=build_cnn,
        recipe=replace(ART_RECIPE, doodles=True),
        description="The artwork CNN with closed doodles among its outliers, most of them "
        "filled as the page fills outlines",
    ),
    "cnn-nobn": ModelSpec(
        build=partial(build_cnn, batch_norm=False),
        recipe=CNN_RECIPE,
        description="The flatten-head CNN without batch norm",
    ),
}

SHIPPED = [name for name, spec in MODELS.items() if spec.shipped]


def get_spec(name: str) -> ModelSpec:
    """Returns a model's spec, or raises ValueError listing the valid names."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of: {', '.join(MODELS)}")
    return MODELS[name]
