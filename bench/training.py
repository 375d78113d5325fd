"""Measures training speed side by side: the tutorial's MLP trained in the page
(`fashionMnist.train`, TF.js in a Web Worker) and by Keras `fit`, on the same images
with the same settings.

Both train on the page's PAGE_TRAIN_IMAGES training images with its
PAGE_VALIDATION_IMAGES validation images (the project's seeded split), so every epoch
of either includes the same validation pass. An epoch's time is taken where its
validation accuracy becomes known: in the page, when the train-progress element shows
the epoch (a MutationObserver, `performance.now()`); in Keras, at `on_epoch_end`.
Keras also evaluates on the 10,000 test images after every epoch, outside the timing.
The page evaluates on the test set once, at the end of a run.
"""

from __future__ import annotations

import time

from bench.inference import open_page
from bench.results import GOALS, TrainingRun
from core.dataset import SEED
from core.layout import PAGE_TRAIN_IMAGES, PAGE_TRAIN_MODEL, PAGE_VALIDATION_IMAGES

PROGRESS = "[data-testid=train-progress]"
MAX_CHECKS = 2  # shorter runs that narrow down the page's time to the goal's test accuracy

# Records, per epoch, the seconds since the page entered its training phase (after the
# download and decoding of the images) and the validation accuracy it shows.
TRAIN_JS = """async ([selector, options]) => {
    const progress = document.querySelector(selector);
    const epochs = [];
    let started = null;
    const observer = new MutationObserver(() => {
        const now = performance.now();
        if (started === null && progress.dataset.state === 'training') started = now;
        const epoch = Number(progress.dataset.epoch);
        if (started !== null && epoch > epochs.length) {
            const accuracy = Number(progress.dataset.accuracy);
            epochs.push({epoch, seconds: (now - started) / 1000, accuracy});
        }
    });
    observer.observe(progress, {attributes: true});
    try {
        return {result: await fashionMnist.train(options), epochs};
    } finally {
        observer.disconnect();
    }
}"""


def settings() -> dict:
    """Returns the tutorial's settings the page trains with by default: epochs, batch, rate."""
    from train.models import get_spec

    recipe = get_spec(PAGE_TRAIN_MODEL).recipe
    return {
        "epochs": recipe.epochs,
        "batchSize": recipe.batch_size,
        "learningRate": recipe.learning_rate,
    }


def time_to(run: TrainingRun, key: str = "accuracy") -> dict | None:
    """Returns the first epoch whose `key` reaches the goal's accuracy, or None."""
    return next((e for e in run.epochs if e.get(key, 0) >= GOALS["training_accuracy"]), None)


def epoch_rates(run: TrainingRun, images: int) -> list[float]:
    """Returns the images per second of each epoch."""
    ends = [e["seconds"] for e in run.epochs]
    return [images / (end - start) for start, end in zip([0.0, *ends], ends, strict=False)]


# The page ------------------------------------------------------------------------------


def page_run(page, options: dict) -> TrainingRun:
    """Trains in the page with `options`; returns its epochs and final test accuracy."""
    page.wait_for_selector(PROGRESS, state="attached")
    found = page.evaluate(TRAIN_JS, [PROGRESS, options])
    result = found["result"]
    return TrainingRun(
        epochs=found["epochs"],
        test_accuracy=result["testAccuracy"],
        seconds=result["seconds"],
        threads=result.get("threads", 1),
    )


def next_epochs(runs: list[TrainingRun], guess: int | None) -> int | None:
    """Returns how many epochs the next check run trains, or None: `guess` (the epoch
    whose validation accuracy reached the goal) if it lies between the longest run below
    the goal's test accuracy and the shortest run at it, else halfway between them."""
    goal = GOALS["training_accuracy"]
    below = max((len(r.epochs) for r in runs if r.test_accuracy < goal), default=0)
    above = min((len(r.epochs) for r in runs if r.test_accuracy >= goal), default=None)
    if above is None:
        return None  # no run reached it: longer runs than the tutorial's are not tried
    if guess is None or not below < guess < above:
        guess = (below + above) // 2
    return guess if below < guess < above else None


def page_training(browser, url: str) -> tuple[TrainingRun, list[TrainingRun]]:
    """Trains for the tutorial's epochs, then up to MAX_CHECKS fresh runs of fewer epochs
    that narrow down when the test accuracy reaches the goal: measured, not guessed."""
    options = settings()
    context, page = open_page(browser, url)
    page.evaluate("fashionMnist.ready")
    print(f"  training in the page: {options['epochs']} epochs…", flush=True)
    full = page_run(page, options)
    reached = time_to(full)
    checks: list[TrainingRun] = []
    for _ in range(MAX_CHECKS):
        epochs = next_epochs([full, *checks], reached and reached["epoch"])
        if epochs is None:
            break
        print(f"  training in the page: {epochs} epochs…", flush=True)
        checks.append(page_run(page, {**options, "epochs": epochs}))
    context.close()
    return full, checks


def page_training_threaded(browser, url: str, threads: int) -> TrainingRun:
    """Trains for the tutorial's epochs with threads on: the browser reports 2 × `threads`
    cores, so the page (cross-origin isolated by the dev server) gives its worker them."""
    context, page = open_page(browser, url, cores=2 * threads)
    page.evaluate("fashionMnist.ready")
    print(f"  training in the page with {threads} threads…", flush=True)
    run = page_run(page, settings())
    context.close()
    return run


TEACH_EXAMPLES = 10  # examples taught in turn; each refits on all taught so far

# Teaches test images one after another, each under another class than its own (as a
# visitor corrects a wrong answer), timing each `teach` inside the page.
TEACH_JS = """async ([pixels, labels]) => {
    const seconds = [];
    for (let i = 0; i < labels.length; i++) {
        const started = performance.now();
        await fashionMnist.teach(pixels.slice(i * 784, (i + 1) * 784), labels[i]);
        seconds.push((performance.now() - started) / 1000);
    }
    await fashionMnist.forget();
    return seconds;
}"""


def page_teaching(browser, url: str, images, labels) -> list[float]:
    """Returns the seconds each of TEACH_EXAMPLES examples took to teach the default model."""
    context, page = open_page(browser, url)
    page.evaluate("fashionMnist.ready")
    print(f"  teaching the page {TEACH_EXAMPLES} examples…", flush=True)
    pixels = (images[:TEACH_EXAMPLES].reshape(-1) / 255).tolist()
    wrong = [(int(label) + 1) % 10 for label in labels[:TEACH_EXAMPLES]]
    seconds = page.evaluate(TEACH_JS, [pixels, wrong])
    context.close()
    return seconds


# Keras ---------------------------------------------------------------------------------


def keras_training(data) -> TrainingRun:
    """Trains the tutorial's MLP with Keras `fit` on the page's images and settings."""
    import tf_keras as keras

    from train.data import scale, split_indices
    from train.models import build_mlp

    options = settings()
    train, validation = split_indices(data, SEED)
    train, validation = train[:PAGE_TRAIN_IMAGES], validation[:PAGE_VALIDATION_IMAGES]
    x, y = scale(data.train_images[train]), data.train_labels[train]
    x_val, y_val = scale(data.train_images[validation]), data.train_labels[validation]
    x_test, y_test = scale(data.test_images), data.test_labels
    run = TrainingRun()

    class EpochClock(keras.callbacks.Callback):
        """Times each epoch (with its validation pass) and evaluates on the test images."""

        def on_epoch_begin(self, epoch, logs=None):
            """Starts the epoch's clock."""
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            """Stops the clock, then evaluates on the test set (not timed)."""
            seconds = time.perf_counter() - self.started
            done = run.epochs[-1]["seconds"] if run.epochs else 0.0
            _, test = self.model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
            run.epochs.append(
                {
                    "epoch": epoch + 1,
                    "seconds": done + seconds,
                    "accuracy": logs["val_accuracy"],
                    "test_accuracy": test,
                }
            )

    keras.utils.set_random_seed(SEED)
    model = build_mlp()
    model.compile(
        optimizer=keras.optimizers.Adam(options["learningRate"]),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    print(f"  training with Keras: {options['epochs']} epochs…", flush=True)
    model.fit(
        x,
        y,
        batch_size=options["batchSize"],
        epochs=options["epochs"],
        validation_data=(x_val, y_val),
        shuffle=True,
        verbose=0,
        callbacks=[EpochClock()],
    )
    run.test_accuracy = run.epochs[-1]["test_accuracy"]
    run.seconds = run.epochs[-1]["seconds"]
    return run
