"""Compares scores for saying "not sure", on the inputs the page itself makes.

The page flags an input when its calibrated top probability (max-softmax) is low. Other
scores need the model's logits or features, which the page's graph model does not
output: energy (Liu et al., 2020), the top logit's lead over the mean logit, and the
features' distance to the class means (cosine, Mahalanobis). This measures them all in
Keras, on the page's own input for every wild, out-of-distribution and sketch case:
each is uploaded or drawn in headless Chromium as `python -m evaluate` does, with the
fill of closed outlines on and off, and read back from the page's 28 × 28 preview (so
rounded to 1/255). Each score's threshold flags a share of the validation images, as
the export's does (export/calibrate.py); the test set plays no part.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

from bench.benchmark import serving, site_models
from bench.chromium import launch_options
from core.console import UserError, run_safely
from core.flags import add_site_flag
from core.paths import ARTIFACTS_DIR
from evaluate.run import FILLS, add_cases_flag, load_cases, read_result
from evaluate.run import draw as draw_sketch
from evaluate.run import upload as upload_case
from evaluate.sketches import SKETCHES

SHARES = (0.01, 0.02, 0.04, 0.06)  # shares of the validation images a score may flag
PREVIEW_JS = """() => {
    const canvas = document.querySelector('[data-testid="draw-preview"]');
    const rgba = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    return Array.from({ length: rgba.length / 4 }, (_, i) => rgba[4 * i]);
}"""


# The page's inputs ---------------------------------------------------------------------


def read_preview(page) -> np.ndarray:
    """Returns the page's current input (28, 28) as uint8, once its result has settled."""
    read_result(page)
    return np.array(page.evaluate(PREVIEW_JS), np.uint8).reshape(28, 28)


def page_inputs(site: Path, cases: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Returns {"wild on": (inputs (n, 28, 28) uint8, labels (n,)), …} per set and fill,
    as the page makes them; out-of-distribution labels are -1."""
    from playwright.sync_api import sync_playwright

    wild, ood = load_cases(cases, "wild"), load_cases(cases, "ood")
    numbers = itertools.count()
    found = {}
    with serving(site) as url, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(**launch_options(playwright))
        except RuntimeError as err:
            raise UserError(str(err)) from None
        page = browser.new_context(service_workers="block").new_page()
        page.goto(url)
        page.evaluate("fashionMnist.ready")
        sets = (
            ("wild", wild, lambda case: upload_case(page, case, next(numbers), read_preview)),
            ("ood", ood, lambda case: upload_case(page, case, next(numbers), read_preview)),
            ("sketches", SKETCHES, lambda sketch: draw_sketch(page, sketch, read_preview)),
        )
        for name, items, read in sets:
            print(f"Reading the page's inputs for {len(items)} {name} cases…", flush=True)
            pairs = [read(item) for item in items]  # (fill on, fill off) per case
            labels = np.array([-1 if item.label is None else item.label for item in items])
            for i, fill in enumerate(FILLS):
                found[f"{name} {fill}"] = (np.stack([pair[i] for pair in pairs]), labels)
        browser.close()
    return found


# The scores -----------------------------------------------------------------------------


def head_split(model):
    """Returns a function: images (n, 28, 28) in [0, 1] → (features (n, d), logits (n, 10)),
    the input of the model's last (dense softmax) layer and that layer's logits."""
    import tf_keras as keras

    last = model.layers[-1]
    features = keras.Model(model.input, last.input)
    kernel, bias = last.get_weights()

    def split(images):
        found = features.predict(images, batch_size=1000, verbose=0)
        return found, found @ kernel + bias

    return split


def logsumexp(z: np.ndarray) -> np.ndarray:
    """Returns log(sum(exp(z))) of each row (n,), without overflow."""
    top = z.max(axis=1)
    return top + np.log(np.exp(z - top[:, None]).sum(axis=1))


class Scorer:
    """Scores inputs by how much they look like the training classes: higher, more so."""

    def __init__(self, features: np.ndarray, labels: np.ndarray, temperature: float):
        """Fits the class means and the shared covariance to the training features."""
        self.temperature = temperature
        self.means = np.stack([features[labels == k].mean(axis=0) for k in np.unique(labels)])
        centred = features - self.means[labels]
        covariance = centred.T @ centred / len(features)
        self.precision = np.linalg.inv(covariance + 1e-3 * np.eye(len(covariance)))
        self.directions = self.means / np.linalg.norm(self.means, axis=1, keepdims=True)

    def __call__(self, features: np.ndarray, logits: np.ndarray) -> dict[str, np.ndarray]:
        """Returns each score of each input: {name: (n,)}."""
        z = logits / self.temperature
        lengths = np.linalg.norm(features, axis=1, keepdims=True)
        # (f - m)ᵀ P (f - m) expanded, so no (n, classes, d) array of offsets is needed.
        projected = features @ self.precision  # (n, d)
        mahalanobis = (
            (projected * features).sum(axis=1, keepdims=True)
            - 2 * projected @ self.means.T
            + ((self.means @ self.precision) * self.means).sum(axis=1)
        )  # (n, classes)
        return {
            "max-softmax": np.exp(z.max(axis=1) - logsumexp(z)),  # the page's
            "energy": self.temperature * logsumexp(z),
            "top logit over the mean": logits.max(axis=1) - logits.mean(axis=1),
            "cosine to a class mean": (
                (features / np.maximum(lengths, 1e-9)) @ self.directions.T
            ).max(axis=1),
            "Mahalanobis to a class mean": -mahalanobis.min(axis=1),
        }


def flag_rates(validation: dict, inputs: dict, share: float) -> dict[str, dict[str, float]]:
    """Returns {score: {set: share flagged}} with each score's threshold flagging `share`
    of the validation images."""
    rates = {}
    for name, reference in validation.items():
        threshold = np.quantile(reference, share)
        rates[name] = {key: float((s[name] < threshold).mean()) for key, s in inputs.items()}
    return rates


# Command line ---------------------------------------------------------------------------


def compare(site: Path, models: list[str], artifacts: Path, cases: Path) -> dict:
    """Prints, per model, score and share of validation flagged, the shares of each set
    flagged. Returns {model: {share: {score: {set: share}}}}."""
    from export.calibrate import fit_temperature
    from train.data import load_dataset
    from train.training import load_run, split

    site_models(site, None)  # refuses a folder that holds no built site
    runs = {}
    for name in models:  # before the minutes in Chromium: a missing model fails at once
        try:
            runs[name] = load_run(artifacts / name)
        except FileNotFoundError as err:
            raise UserError(str(err)) from None
    data = load_dataset(download=False)
    inputs = page_inputs(site, cases)
    results = {}
    for name, (model, record) in runs.items():
        x_train, y_train, x_val, y_val = split(data, record.seed)
        run = head_split(model)
        features, logits = run(x_train)
        val_features, val_logits = run(x_val)
        probs = np.exp(val_logits - logsumexp(val_logits)[:, None])  # the model's softmax
        temperature = fit_temperature(probs, y_val)
        scorer = Scorer(features, y_train, temperature)
        validation = scorer(val_features, val_logits)
        scored = {key: scorer(*run(images / 255)) for key, (images, _) in inputs.items()}
        results[name] = {share: flag_rates(validation, scored, share) for share in SHARES}
        print_table(name, results[name], inputs)
    return results


def print_table(name: str, found: dict, inputs: dict) -> None:
    """Prints one model's rates as a Markdown table."""
    keys = [f"{s} {fill}" for s in ("ood", "wild", "sketches") for fill in FILLS]
    counts = {key: len(inputs[key][1]) for key in keys}
    print(f"\n{name}: the share of each set flagged (fill on / off)\n")
    print("| score | validation flagged | non-clothing | wild clothing | sketches |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for share, rates in found.items():
        for score, rate in rates.items():
            cells = [
                f"{rate[f'{s} on']:.1%} / {rate[f'{s} off']:.1%}"
                for s in ("ood", "wild", "sketches")
            ]
            print(f"| {score} | {share:.0%} | {' | '.join(cells)} |")
    print(f"\n({', '.join(f'{key}: {n}' for key, n in counts.items())} cases)")


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluate.scores",
        description="Compare scores for saying 'not sure' (max-softmax, energy, distances "
        "to the class means) on the page's own inputs of the evaluation sets.",
    )
    add_site_flag(parser)
    parser.add_argument(
        "--models", nargs="+", default=["cnn"], metavar="NAME", help="trained models to score"
    )
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=ARTIFACTS_DIR,
        help="folder of the trained Keras models (default: artifacts)",
    )
    add_cases_flag(parser)
    return run_safely(compare, **vars(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
