"""Converts a Keras model to a TF.js graph model, with the smallest weight quantization
that still predicts like Keras, as measured by TF.js itself (Node, WASM backend).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import tensorflow as tf
import tf_keras as keras

from core.console import UserError
from core.paths import ROOT
from core.tolerances import (
    FLOAT32_TOLERANCE,
    MIN_ARGMAX_AGREEMENT,
    QUANTIZED_TOLERANCE,
    UINT8_MIN_SHARE,
)

MODEL_JSON = "model.json"
RUNNER = Path(__file__).with_name("tfjs_predict.mjs")
T = TypeVar("T")


class ConversionError(UserError):
    """Raised when the converted model cannot be run or does not reproduce Keras."""


@dataclass(frozen=True)
class Quantization:
    """One way to store the weights: a tensorflowjs quantization_dtype_map (None: float32)."""

    label: str
    dtype_map: dict | None


@dataclass
class Converted:
    """A converted model and how it compares with Keras on the whole test set."""

    quantization: Quantization
    weight_bytes: int
    probs: np.ndarray  # (n, 10) TF.js probabilities on the test set
    max_prob_diff: float
    argmax_agreement: float
    samples_agree: bool

    def accuracy(self, labels: np.ndarray) -> float:
        """Returns the TF.js model's test accuracy."""
        return float((self.probs.argmax(axis=1) == labels).mean())

    def summary(self) -> dict:
        """Returns the facts the conversion record keeps (artifacts/<model>/conversion.json)."""
        return {
            "weights": self.quantization.label,
            "weightBytes": self.weight_bytes,
            "maxProbDiff": self.max_prob_diff,
            "argmaxAgreement": self.argmax_agreement,
        }


def tfjs_version() -> str:
    """Returns the installed tensorflowjs version."""
    import tensorflowjs

    return tensorflowjs.__version__


# Candidates -----------------------------------------------------------------------

FLOAT32 = Quantization("float32", None)
FLOAT16 = Quantization("float16", {"float16": True})
UINT8 = Quantization("uint8", {"uint8": True})


def sizeable_tensors(model_json: Path) -> list[str]:
    """Names the float weight tensors holding ≥ UINT8_MIN_SHARE of the weights, largest first."""
    specs = [
        spec
        for group in json.loads(model_json.read_text())["weightsManifest"]
        for spec in group["weights"]
        if spec["dtype"] == "float32"
    ]
    sizes = {spec["name"]: int(np.prod(spec["shape"])) for spec in specs}
    total = sum(sizes.values())
    return sorted(
        (name for name, size in sizes.items() if size >= UINT8_MIN_SHARE * total),
        key=sizes.get,
        reverse=True,
    )


def uint8_for(names: list[str], rest: Quantization = FLOAT16) -> Quantization:
    """Returns uint8 for the named tensors and `rest` (FLOAT16 or FLOAT32) for the others."""
    dtype_map = {"uint8": names, **({"float16": True} if rest is FLOAT16 else {})}
    return Quantization(f"uint8 for {', '.join(names)}; {rest.label} for the rest", dtype_map)


def smallest(tensors: list[str], attempt: Callable[[Quantization], T | None]) -> T | None:
    """Searches for the smallest weights that pass, by measurement; returns the last pass.

    `attempt` converts with a quantization and returns its result if it passes, else None.
    Tries all uint8; then float16, or float32 if even float16 fails; then, from whichever
    passed and largest first, turns each of `tensors` to uint8 while the model still passes.
    """
    best = attempt(UINT8)
    if best is not None:
        return best
    rest = FLOAT16
    best = attempt(FLOAT16)
    if best is None:
        rest = FLOAT32
        best = attempt(FLOAT32)
    if best is None:
        return None
    chosen: list[str] = []
    for name in tensors:
        found = attempt(uint8_for([*chosen, name], rest))
        if found is not None:
            best, chosen = found, [*chosen, name]
    return best


# Convert → run in TF.js → compare ------------------------------------------------


class ConstantReshape(keras.layers.Reshape):
    """Reshapes like Reshape, to a constant shape with -1 for the batch.

    Keras' Reshape builds its shape from the input's: Shape, StridedSlice and Pack
    ops, which the page would need kernels for. This one is a single Reshape.
    """

    def call(self, inputs):
        return tf.reshape(inputs, (-1, *self.target_shape))


def constant_shapes(model: keras.Model) -> keras.Model:
    """Returns a copy of model, same names and weights, whose Reshapes have constant shapes."""

    def constant(layer: keras.layers.Layer) -> bool:
        return type(layer) is keras.layers.Reshape and -1 not in layer.target_shape

    def clone(layer: keras.layers.Layer) -> keras.layers.Layer:
        return (ConstantReshape if constant(layer) else type(layer)).from_config(layer.get_config())

    if not any(constant(layer) for layer in model.layers):
        return model  # nothing to change (the MLP's Flatten already has a constant shape)
    copy = keras.models.clone_model(model, clone_function=clone)
    copy.set_weights(model.get_weights())
    return copy


def convert(model: keras.Model, out_dir: Path, quantization: Quantization) -> Path:
    """Writes model.json and its weight shards into out_dir and returns model.json's path."""
    from tensorflowjs.converters.tf_saved_model_conversion_v2 import (
        convert_keras_model_to_graph_model,
    )

    tf.get_logger().setLevel("ERROR")  # the converter's SavedModel round trip is chatty
    convert_keras_model_to_graph_model(
        constant_shapes(model), str(out_dir), quantization_dtype_map=quantization.dtype_map
    )
    return out_dir / MODEL_JSON


def tfjs_predict(model_json: Path, images: np.ndarray) -> np.ndarray:
    """Returns TF.js's (n, 10) probabilities for uint8 images (n, 28, 28), run in Node."""
    node = shutil.which("node")
    if node is None:
        raise ConversionError(
            "Node.js is needed to check the converted model with TF.js: install Node 18+ "
            "and run `npm ci` in the project folder."
        )
    with tempfile.TemporaryDirectory() as tmp:
        pixels, out = Path(tmp) / "images.u8", Path(tmp) / "probs.f32"
        images.astype(np.uint8).tofile(pixels)
        result = subprocess.run(
            [node, str(RUNNER), str(model_json), str(pixels), str(len(images)), str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise ConversionError(
                f"TF.js could not run {model_json}: {result.stderr.strip()[-500:]} "
                "(is `npm ci` done?)"
            )
        return np.fromfile(out, dtype=np.float32).reshape(len(images), -1)


def compare(
    quantization: Quantization,
    model_json: Path,
    test_images: np.ndarray,
    keras_probs: np.ndarray,
    sample_indices: np.ndarray,
) -> Converted:
    """Runs the converted model on the test set in TF.js and compares it with Keras."""
    probs = tfjs_predict(model_json, test_images)
    same = probs.argmax(axis=1) == keras_probs.argmax(axis=1)
    return Converted(
        quantization=quantization,
        weight_bytes=sum(f.stat().st_size for f in model_json.parent.glob("*.bin")),
        probs=probs,
        max_prob_diff=float(np.abs(probs - keras_probs).max()),
        argmax_agreement=float(same.mean()),
        samples_agree=bool(same[sample_indices].all()),
    )


def acceptable(found: Converted) -> bool:
    """Tells whether a conversion predicts like Keras closely enough to ship."""
    if found.quantization.dtype_map is None:
        return found.max_prob_diff <= FLOAT32_TOLERANCE and found.samples_agree
    return (
        found.max_prob_diff <= QUANTIZED_TOLERANCE
        and found.argmax_agreement >= MIN_ARGMAX_AGREEMENT
        and found.samples_agree
    )


def convert_smallest(
    model: keras.Model,
    out_dir: Path,
    test_images: np.ndarray,
    keras_probs: np.ndarray,
    sample_indices: np.ndarray,
) -> Converted:
    """Converts with the smallest acceptable weights (see `smallest`) into out_dir.

    Raises ConversionError if not even float32 weights reproduce Keras.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tried = []
    with tempfile.TemporaryDirectory(dir=out_dir.parent) as work:
        reference = convert(model, Path(work) / "float32", FLOAT32)

        def attempt(quantization: Quantization) -> tuple[Converted, Path] | None:
            folder = Path(work) / str(len(tried))
            model_json = (
                reference if quantization is FLOAT32 else convert(model, folder, quantization)
            )
            found = compare(quantization, model_json, test_images, keras_probs, sample_indices)
            verdict = "passes" if acceptable(found) else "fails"
            tried.append(
                f"{quantization.label}: {found.weight_bytes:,} bytes, "
                f"max |Δp| {found.max_prob_diff:.2g}, argmax agreement "
                f"{100 * found.argmax_agreement:.2f}%: {verdict}"
            )
            print(f"  {tried[-1]}", flush=True)
            return (found, model_json) if acceptable(found) else None

        best = smallest(sizeable_tensors(reference), attempt)
        if best is None:
            raise ConversionError(
                "no conversion reproduces the Keras model:\n  " + "\n  ".join(tried)
            )
        found, model_json = best
        for path in model_json.parent.iterdir():
            shutil.copy(path, out_dir / path.name)
        return found
