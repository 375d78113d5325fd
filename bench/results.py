"""What one benchmark run measured, and the goals it is judged by."""

from __future__ import annotations

from dataclasses import dataclass, field

# The goals (issues 12 and 13); BENCHMARKS.md's verdict lists each with its measured value.
GOALS = {
    "latency": 1.0,  # the page's single-image latency ÷ Keras', at most
    "throughput": 0.5,  # the page's batch throughput ÷ Keras', at least (WASM, default threads)
    "threaded_throughput": 0.3,  # the same with threads, at least
    "first_prediction_ms": 300,  # median first gallery prediction of fresh loads, at most
    "first_view_brotli": 300_000,  # bytes until then as `python -m web` sends them, at most
    "first_view_gzip": 360_000,  # the same files as gzip -9, at most
    "peer_bytes": 0.4,  # the page's first-view bytes ÷ the peer's, at most
    "peer_first_prediction": 0.5,  # the page's time to first prediction ÷ the peer's, at most
    "training_accuracy": 0.85,  # test accuracy the page's training reaches…
    "training_seconds": 60,  # …within this many seconds of training
    "teach_seconds": 3,  # teaching one example to the model in use, at most
    "performance": 95,  # Lighthouse scores, at least
    "accessibility": 100,
    "best-practices": 100,
    "cls": 0.1,  # Lighthouse's cumulative layout shift, at most
}


@dataclass
class FirstView:
    """Fresh visits up to the first gallery prediction, and the files they fetched."""

    prediction_ms: list[float] = field(default_factory=list)
    files: int = 0
    raw: int = 0  # bytes on disk
    gzip: int = 0  # bytes as gzip -9
    brotli: int = 0  # bytes as the server sent them to a client accepting br (0: not measured)


@dataclass
class TrainingRun:
    """One training run: per epoch, the training seconds so far and the accuracy reached."""

    epochs: list[dict] = field(default_factory=list)  # {epoch, seconds, accuracy, test_accuracy?}
    test_accuracy: float = 0.0  # on the 10,000 test images after the last epoch
    seconds: float = 0.0  # what the runtime itself reports for the whole run
    threads: int = 1  # WASM threads the page's training worker ran (Keras: all cores)


@dataclass
class Results:
    """Everything one benchmark run measured."""

    first_view: FirstView = field(default_factory=FirstView)
    browser: dict = field(default_factory=dict)  # (model, backend) → {latency_ms, per_second}
    threads: dict = field(default_factory=dict)  # (model, threads) → {latency_ms, per_second}
    keras: dict = field(default_factory=dict)  # model → {latency_ms, per_second}
    peer_view: FirstView = field(default_factory=FirstView)
    peer: dict = field(default_factory=dict)  # {backend, latency_ms, per_second}
    page_training: TrainingRun = field(default_factory=TrainingRun)
    page_training_checks: list[TrainingRun] = field(default_factory=list)  # shorter runs
    page_training_threaded: TrainingRun = field(default_factory=TrainingRun)  # threads on
    keras_training: TrainingRun = field(default_factory=TrainingRun)
    training_images: int = 0
    teach_seconds: list[float] = field(default_factory=list)  # each example taught, in turn
    lighthouse: dict | None = None  # the median run (lighthouse.median_run), if any ran
    lighthouse_error: str = ""  # why Lighthouse runs gave no report
    machine: dict = field(default_factory=dict)
