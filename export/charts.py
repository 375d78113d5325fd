"""Draws the training report's PNG charts with matplotlib (for report.md)."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from core.files import write_atomic  # noqa: E402

CURVES = "curves.png"
CONFUSION = "confusion.png"
PAIRS = "confused-pairs.png"
TRAIN_COLOR, VAL_COLOR = "#1a56c4", "#c62828"


def save(figure, path: Path) -> None:
    """Saves a figure as PNG atomically and closes it."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    write_atomic(path, buffer.getvalue())


def curves(report: dict, path: Path) -> None:
    """Plots training and validation loss and accuracy per epoch, marking the kept epoch."""
    hist, best = report["history"], report["bestEpoch"]
    epochs = np.arange(1, report["epochs"] + 1)
    figure, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    for ax, key, title in ((axes[0], "loss", "Loss"), (axes[1], "accuracy", "Accuracy")):
        ax.plot(epochs, hist[key], color=TRAIN_COLOR, label="training")
        ax.plot(epochs, hist[f"val_{key}"], color=VAL_COLOR, linestyle="--", label="validation")
        ax.axvline(best, color="#888", linewidth=0.8, linestyle=":", label=f"kept (epoch {best})")
        ax.set(title=title, xlabel="epoch")
        ax.grid(alpha=0.3)
    axes[1].legend(loc="lower right")
    figure.suptitle(f"{report['model']}: learning curves")
    save(figure, path)


def confusion(report: dict, path: Path) -> None:
    """Plots the confusion matrix of counts as an annotated heat map."""
    matrix = np.array(report["confusion"])
    names = report["classNames"]
    figure, ax = plt.subplots(figsize=(7.5, 6.5))
    ax.imshow(matrix, cmap="Blues")
    for (row, col), count in np.ndenumerate(matrix):
        dark = count > matrix.max() / 2
        ax.text(
            col,
            row,
            str(count),
            ha="center",
            va="center",
            fontsize=8,
            color="white" if dark else "black",
        )
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set(
        xlabel="predicted class",
        ylabel="true class",
        title=f"{report['model']}: confusion matrix (test set)",
    )
    save(figure, path)


def pairs(report: dict, examples: np.ndarray, columns: int, path: Path) -> None:
    """Shows each most-confused pair with its most confident mistakes, `columns` per row."""
    names, found = report["classNames"], report["confusedPairs"]
    if not found:
        return
    figure, axes = plt.subplots(
        len(found), columns, figsize=(columns * 1.1, len(found) * 1.35), squeeze=False
    )
    for r, pair in enumerate(found):
        for c in range(columns):
            ax = axes[r, c]
            ax.axis("off")
            if c < len(pair["examples"]):
                ax.imshow(examples[r * columns + c], cmap="gray", vmin=0, vmax=255)
                ax.set_title(f"{100 * pair['confidences'][c]:.0f}%", fontsize=7)
        axes[r, 0].text(
            -4,
            14,
            f"{names[pair['true']]}\n→ {names[pair['predicted']]}\n({pair['count']})",
            ha="right",
            va="center",
            fontsize=8,
        )
    figure.suptitle(f"{report['model']}: most-confused pairs (true → predicted)")
    save(figure, path)
