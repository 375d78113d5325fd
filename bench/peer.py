"""The peer: a plain TF.js page, written the way TF.js's own examples are, that the site
is compared with. Built at bench time into a folder and served by a plain static server.

It loads the full `@tensorflow/tfjs` bundle from npm, the site's default model converted
from Keras to a float32 *layers* model by tensorflowjs' converter, and the site's first
samples sprite; it predicts the first gallery on TF.js's default backend and marks
'first-gallery-prediction', as the site does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from bench.inference import measure_first_view, open_page, page_speed
from bench.results import Results
from core.dataset import CLASS_NAMES
from core.layout import SITE_CONFIG
from core.paths import ARTIFACTS_DIR, ROOT
from web.built import BuiltSite

PAGE_FILES = Path(__file__).with_name("peer_page")  # index.html (a template) and peer.js
TFJS_BUNDLE = ROOT / "node_modules" / "@tensorflow" / "tfjs" / "dist" / "tf.min.js"
GALLERY_SIZE = 15  # the page's first gallery: the tutorial's 5 × 3 grid
SPRITE = "sprite.png"
HOOK = "peer"  # window.peer.predict, like fashionMnist.predict
# Batch images for its throughput: WebGL on a software renderer does ~100 a second.
PEER_IMAGES = 2_000


def convert_layers_model(model_name: str, out: Path) -> None:
    """Writes the Keras model as a float32 TF.js layers model (model.json and weights)."""
    import tensorflow as tf
    from tensorflowjs.converters import save_keras_model

    from train.training import load_run

    tf.get_logger().setLevel("ERROR")
    model, _ = load_run(ARTIFACTS_DIR / model_name)
    save_keras_model(model, str(out))


def gallery(site: Path) -> dict:
    """Returns the first gallery as the peer reads it: sprite, tile, positions, class names."""
    built = BuiltSite(site)
    index = built.json(built.json(SITE_CONFIG)["samples"]["index"])
    first = index["sprites"][0]  # the page's first gallery comes from its first sprite
    if len(first["positions"]) < GALLERY_SIZE:
        raise ValueError(f"the site's first sprite holds fewer than {GALLERY_SIZE} images")
    return {
        "file": first["file"],
        "sprite": SPRITE,
        "tile": first["tile"],
        "positions": first["positions"][:GALLERY_SIZE],
        "classNames": CLASS_NAMES,
    }


def build_peer(site: Path, model_name: str, out: Path) -> Path:
    """Writes the peer page into `out` and returns it."""
    if not TFJS_BUNDLE.is_file():
        raise FileNotFoundError(f"{TFJS_BUNDLE} is missing: run npm ci")
    out.mkdir(parents=True, exist_ok=True)
    convert_layers_model(model_name, out / "model")
    shutil.copy(TFJS_BUNDLE, out / TFJS_BUNDLE.name)
    shutil.copy(PAGE_FILES / "peer.js", out / "peer.js")
    first = gallery(site)
    shutil.copy(BuiltSite(site).path(first.pop("file")), out / SPRITE)
    html = (PAGE_FILES / "index.html").read_text()
    (out / "index.html").write_text(html.replace("GALLERY_JSON", json.dumps(first)))
    return out


def measure_peer(browser, url: str, folder: Path, images: np.ndarray, results: Results):
    """Measures the peer's first view, one image's latency and batch throughput."""
    results.peer_view = measure_first_view(browser, url, folder, brotli=False)
    context, page = open_page(browser, url, images)
    page.wait_for_function(f"window.{HOOK} !== undefined", timeout=120_000)
    backend = page.evaluate(f"{HOOK}.backend")
    print(f"  peer: on {backend}…", flush=True)
    results.peer = {"backend": backend, **page_speed(page, HOOK, len(images))}
    context.close()
