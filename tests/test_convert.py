"""Tests the search for the smallest weights that still predict like Keras."""

import json
from math import prod

import numpy as np
import pytest

from core.paths import ROOT
from core.tolerances import FLOAT32_TOLERANCE, UINT8_MIN_SHARE
from export import convert
from tests.helpers import cnn_with_statistics
from train.data import scale

SHIPPED = ROOT / "web" / "public" / "models"


def search(passing: set[str], tensors: list[str]) -> tuple[str | None, list[str]]:
    """Runs the search where only the labels in `passing` pass; returns (result, tried)."""
    tried = []

    def attempt(quantization):
        tried.append(quantization.label)
        return quantization.label if quantization.label in passing else None

    return convert.smallest(tensors, attempt), tried


def test_all_uint8_ends_the_search_when_it_passes():
    assert search({"uint8"}, ["a", "b"]) == ("uint8", ["uint8"])


def test_each_tensor_turns_uint8_only_while_the_model_still_passes():
    a, ab, ac = (convert.uint8_for(names).label for names in (["a"], ["a", "b"], ["a", "c"]))
    found, tried = search({"float16", a, ac}, ["a", "b", "c"])
    assert tried == ["uint8", "float16", a, ab, ac]
    assert found == ac  # b failed beside a, so it stays float16; c joins


def test_float32_when_not_even_float16_passes():
    a = convert.uint8_for(["a"], convert.FLOAT32).label
    assert search({"float32"}, ["a"]) == ("float32", ["uint8", "float16", "float32", a])
    assert search(set(), ["a"]) == (None, ["uint8", "float16", "float32"])


def test_from_float32_each_tensor_turns_uint8_while_the_model_still_passes():
    # A model whose kernels lie on the uint8 grid (train/quantize.py) but where float16
    # would move a sample's class: the kernels go uint8, and the rest stays float32.
    a, ab = (convert.uint8_for(names, convert.FLOAT32) for names in (["a"], ["a", "b"]))
    found, tried = search({"float32", a.label, ab.label}, ["a", "b"])
    assert tried == ["uint8", "float16", "float32", a.label, ab.label] and found == ab.label
    assert ab.dtype_map == {"uint8": ["a", "b"]}  # no fallthrough: the converter keeps float32
    assert convert.uint8_for(["a"]).dtype_map == {"uint8": ["a"], "float16": True}


@pytest.mark.parametrize("name", ["cnn", "mlp"])
def test_sizeable_tensors_are_the_big_weights_largest_first(name):
    model_json = SHIPPED / name / "model.json"
    specs = {
        spec["name"]: spec["shape"]
        for group in json.loads(model_json.read_text())["weightsManifest"]
        for spec in group["weights"]
        if spec["dtype"] == "float32"
    }
    found = convert.sizeable_tensors(model_json)
    sizes = [prod(specs[n]) for n in found]
    assert sizes == sorted(sizes, reverse=True) and len(found) >= 2
    total = sum(prod(shape) for shape in specs.values())
    left_out = set(specs) - set(found)
    assert all(prod(specs[n]) < UINT8_MIN_SHARE * total for n in left_out)
    assert all(prod(specs[n]) >= UINT8_MIN_SHARE * total for n in found)


def graph_ops(model_json) -> set[str]:
    """Returns the ops of a converted graph model."""
    return {node["op"] for node in json.loads(model_json.read_text())["modelTopology"]["node"]}


def test_a_cnns_reshape_converts_to_one_op_with_a_constant_shape(dataset, tmp_path):
    # Keras' Reshape computes its shape from the input's (Shape, StridedSlice, Pack),
    # kernels the page would have to ship; the converted graph reshapes to a constant.
    model = cnn_with_statistics()
    images = dataset.test_images[:16]
    model_json = convert.convert(model, tmp_path, convert.FLOAT32)
    assert graph_ops(model_json) == {
        "Const", "Identity", "MaxPool", "Placeholder", "Reshape", "Softmax", "_FusedConv2D",
        "_FusedMatMul",
    }  # fmt: skip
    keras_probs = model.predict(scale(images), verbose=0)
    assert np.abs(convert.tfjs_predict(model_json, images) - keras_probs).max() <= FLOAT32_TOLERANCE
