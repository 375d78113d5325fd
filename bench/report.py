"""Writes BENCHMARKS.md from one run's Results: the verdict on every goal first, then
each measurement with how it was made. Every sentence with a number reads it from the
Results, so the text changes when the numbers do."""

from __future__ import annotations

import statistics

from bench.inference import BACKENDS, BATCH, PAGE_LOADS, RUNS, THREADS, WARM_UP
from bench.lighthouse import CATEGORIES
from bench.peer import GALLERY_SIZE, PEER_IMAGES
from bench.results import GOALS, Results, TrainingRun
from bench.training import epoch_rates, time_to
from core.layout import PAGE_TRAIN_IMAGES, PAGE_VALIDATION_IMAGES

THREADED = 2  # the threaded figure the verdict uses: one thread per core of this machine


def mark(ok: bool) -> str:
    """Says whether a goal was met."""
    return "met" if ok else "missed"


def ratio(a: float, b: float) -> str:
    """Returns a ÷ b to two decimals, or a dash when b is missing."""
    return f"{a / b:.2f}" if b else "–"


def speed_words(ratio: float) -> str:
    """Says a speed ratio (above 1: faster) in words: "3.2× faster", "1.5× slower"."""
    return f"{ratio:.1f}× faster" if ratio >= 1 else f"{1 / ratio:.1f}× slower"


# Verdict -------------------------------------------------------------------------------


def trained_seconds(run: TrainingRun) -> float:
    """Returns a run's training seconds: up to the end of its last epoch."""
    return run.epochs[-1]["seconds"]


def page_runs(results: Results) -> list[TrainingRun]:
    """Returns the page's training runs, each with its test accuracy measured at its end."""
    return [results.page_training, *results.page_training_checks]


def training_verdict(results: Results) -> str:
    """Judges the page's training: ≥ 85% test accuracy within 60 s of training, by the
    fastest of its runs that reached it."""
    goal = (
        f"- Page training reaches ≥ {GOALS['training_accuracy']:.0%} test accuracy within "
        f"{GOALS['training_seconds']} s of training"
    )
    good = [r for r in page_runs(results) if r.test_accuracy >= GOALS["training_accuracy"]]
    if not good:
        return f"{goal}: no run reached it, missed."
    best = min(good, key=trained_seconds)
    ok = trained_seconds(best) <= GOALS["training_seconds"]
    return (
        f"{goal}: {best.test_accuracy:.2%} after {len(best.epochs)} epochs, "
        f"{trained_seconds(best):.1f} s, {mark(ok)}."
    )


def teach_verdict(results: Results) -> str:
    """Judges teaching: every example taught within the goal's seconds."""
    slowest = max(results.teach_seconds)
    return (
        f"- Teaching one example (goal ≤ {GOALS['teach_seconds']} s): slowest of "
        f"{len(results.teach_seconds)} {slowest:.2f} s, {mark(slowest <= GOALS['teach_seconds'])}."
    )


def lighthouse_verdicts(results: Results) -> list[str]:
    """Judges the median Lighthouse run's scores and CLS, or says it did not run."""
    if results.lighthouse is None:
        return [f"- Lighthouse: not measured ({results.lighthouse_error}), missed."]
    scores = results.lighthouse["scores"]
    runs = len(results.lighthouse["performance_runs"])
    lines = [
        f"- Lighthouse {CATEGORIES[key]} (goal {'' if GOALS[key] == 100 else '≥ '}"
        f"{GOALS[key]}): {scores[CATEGORIES[key]]}, {mark(scores[CATEGORIES[key]] >= GOALS[key])}."
        for key in ("performance", "accessibility", "best-practices")
    ]
    cls = results.lighthouse["metrics"]["Cumulative Layout Shift"]["value"]
    ok = cls <= GOALS["cls"]
    return [
        f"- Lighthouse runs: {runs}; the lines below are the run with the median Performance.",
        *lines,
        f"- Lighthouse CLS (goal ≤ {GOALS['cls']}): {cls:.3f}, {mark(ok)}.",
    ]


def verdicts(results: Results, model: str) -> list[str]:
    """Compares the default model's numbers with every goal; says met or missed."""
    wasm, keras = results.browser[(model, "wasm")], results.keras[model]
    latency = wasm["latency_ms"] / keras["latency_ms"]
    throughput = wasm["per_second"] / keras["per_second"]
    threaded = results.threads[(model, THREADED)]["per_second"] / keras["per_second"]
    view, peer = results.first_view, results.peer_view
    first = statistics.median(view.prediction_ms)
    bytes_vs_peer = view.gzip / peer.gzip
    first_vs_peer = first / statistics.median(peer.prediction_ms)
    return [
        f"- Single-image latency on WASM ÷ Keras (goal ≤ {GOALS['latency']:g}): "
        f"{latency:.2f}, {mark(latency <= GOALS['latency'])}.",
        f"- Batch throughput on WASM ÷ Keras `predict` (goal ≥ {GOALS['throughput']:g}): "
        f"{throughput:.2f}, {mark(throughput >= GOALS['throughput'])}.",
        f"- Batch throughput on WASM with {THREADED} threads ÷ Keras `predict` "
        f"(goal ≥ {GOALS['threaded_throughput']:g}): {threaded:.2f}, "
        f"{mark(threaded >= GOALS['threaded_throughput'])}.",
        f"- First gallery prediction, median of {PAGE_LOADS} fresh loads (goal ≤ "
        f"{GOALS['first_prediction_ms']:,} ms): {first:,.0f} ms, "
        f"{mark(first <= GOALS['first_prediction_ms'])}.",
        f"- First view as `python -m web` sends it with brotli (goal ≤ "
        f"{GOALS['first_view_brotli']:,} bytes): {view.brotli:,} bytes, "
        f"{mark(view.brotli <= GOALS['first_view_brotli'])}.",
        f"- First view as gzip -9 (goal ≤ {GOALS['first_view_gzip']:,} bytes): "
        f"{view.gzip:,} bytes, {mark(view.gzip <= GOALS['first_view_gzip'])}.",
        f"- First-view bytes ÷ the peer's, both gzip -9 (goal ≤ {GOALS['peer_bytes']:g}): "
        f"{bytes_vs_peer:.2f}, {mark(bytes_vs_peer <= GOALS['peer_bytes'])}.",
        f"- Time to first prediction ÷ the peer's (goal ≤ {GOALS['peer_first_prediction']:g}): "
        f"{first_vs_peer:.2f}, {mark(first_vs_peer <= GOALS['peer_first_prediction'])}.",
        training_verdict(results),
        teach_verdict(results),
        *lighthouse_verdicts(results),
    ]


# First view ----------------------------------------------------------------------------


def first_view_section(results: Results) -> list[str]:
    """Renders the first view of the page and the peer, side by side."""
    page, peer = results.first_view, results.peer_view
    rows = [("the page", page), ("the peer", peer)]
    lines = [
        f"Time from navigation start to the first gallery prediction (the "
        f"`first-gallery-prediction` mark both pages set), {PAGE_LOADS} fresh visits each "
        "(new browser context: no cache, no service worker). Bytes: every file fetched "
        "until then, on disk (raw), as `gzip -9` output, and, for the page, the bytes "
        "`python -m web` actually sends (each file requested again with `Accept-Encoding: "
        "br`: its precompressed .br copy where the build wrote one). The peer is served by "
        "a plain static server, uncompressed; its gzip -9 figure is what a compressing "
        "host would send.",
        "",
        "| | first prediction (median) | min–max | files | raw | gzip -9 | brotli (sent) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, view in rows:
        times = view.prediction_ms
        lines.append(
            f"| {name} | {statistics.median(times):,.0f} ms | {min(times):,.0f}–"
            f"{max(times):,.0f} ms | {view.files} | {view.raw:,} | {view.gzip:,} | "
            f"{f'{view.brotli:,}' if view.brotli else '–'} |"
        )
    first = ratio(statistics.median(page.prediction_ms), statistics.median(peer.prediction_ms))
    lines.append(
        f"| page ÷ peer | {first} "
        f"| | | {ratio(page.raw, peer.raw)} | {ratio(page.gzip, peer.gzip)} | |"
    )
    return lines


# Speed ---------------------------------------------------------------------------------


def speed_row(label: str, found: dict, keras: dict, peer: dict | None) -> str:
    """Renders one runtime's latency and throughput with its ratios to the peer and Keras."""
    peer = peer or {}
    return (
        f"| {label} | {found['latency_ms']:.2f} ms | "
        f"{ratio(found['latency_ms'], peer.get('latency_ms'))} | "
        f"{ratio(found['latency_ms'], keras['latency_ms'])} | {found['per_second']:,.0f} /s | "
        f"{ratio(found['per_second'], peer.get('per_second'))} | "
        f"{ratio(found['per_second'], keras['per_second'])} |"
    )


def table(results: Results, models: list[str]) -> list[str]:
    """Renders the side-by-side speed table as Markdown lines."""
    lines = [
        "| model, runtime | one image (median) | vs peer | vs Keras | batches | vs peer | "
        "vs Keras |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for model in models:
        keras = results.keras[model]
        peer = results.peer if model == models[0] else None  # the peer runs the default model
        lines.append(speed_row(f"{model}, Keras (TensorFlow, CPU)", keras, keras, peer))
        if peer:
            lines.append(speed_row(f"{model}, peer (TF.js {peer['backend']})", peer, keras, peer))
        for backend in BACKENDS:
            found = results.browser[(model, backend)]
            lines.append(speed_row(f"{model}, page on {backend}", found, keras, peer))
        for threads in THREADS:
            found = results.threads[(model, threads)]
            label = f"{model}, page on wasm, {threads} thread(s) asked, {found['threads']} ran"
            lines.append(speed_row(label, found, keras, peer))
    return lines


def findings(results: Results, models: list[str]) -> list[str]:
    """Reads the run's numbers back as sentences, so the text changes when the numbers do."""
    lines = []
    for model in models:
        keras = results.keras[model]
        by_latency = sorted(BACKENDS, key=lambda b: results.browser[(model, b)]["latency_ms"])
        by_rate = sorted(BACKENDS, key=lambda b: -results.browser[(model, b)]["per_second"])
        fastest = results.browser[(model, by_latency[0])]
        best = results.browser[(model, by_rate[0])]
        lines += [
            f"- {model}, one image: the page is fastest on {by_latency[0]}, "
            f"{speed_words(keras['latency_ms'] / fastest['latency_ms'])} than Keras; "
            f"slowest on {by_latency[-1]}.",
            f"- {model}, 10,000 images: the page is fastest on {by_rate[0]}, "
            f"{speed_words(best['per_second'] / keras['per_second'])} than Keras; "
            f"slowest on {by_rate[-1]}.",
        ]
    return lines


# Training ------------------------------------------------------------------------------


def page_test_accuracy(results: Results) -> list[str]:
    """Says what the page's runs reached on the test set, and so where its time to the
    goal's test accuracy lies: after the slowest run below it, by the fastest one above."""
    goal = GOALS["training_accuracy"]
    runs = sorted(page_runs(results), key=trained_seconds)
    lines = [
        f"The page evaluates on the test set only after its last epoch, so its test "
        f"accuracy is measured per run: the tutorial's {len(results.page_training.epochs)} "
        f"epochs, then fresh runs of fewer (`train({{epochs: k}})`, each from a new random "
        f"start): first of the epochs the validation accuracy took to reach {goal:.0%}, "
        "then halfway between the longest run below the goal and the shortest one at it:",
        "",
        *(
            f"- {len(run.epochs)} epochs: {run.test_accuracy:.2%} test accuracy after "
            f"{trained_seconds(run):.1f} s of training ({run.seconds:.1f} s as `train()` "
            "reports it, preparing the images included)."
            for run in runs
        ),
        "",
    ]
    below = [trained_seconds(r) for r in runs if r.test_accuracy < goal]
    above = [trained_seconds(r) for r in runs if r.test_accuracy >= goal]
    if above:
        lower = f"more than {max(below):.1f} s and " if below else ""
        lines.append(
            f"So the page reaches {goal:.0%} test accuracy in {lower}at most "
            f"{min(above):.1f} s of training."
        )
    else:
        lines.append(f"No run of the page reached {goal:.0%} test accuracy.")
    return lines


def rates(run: TrainingRun) -> str:
    """Says a run's images per second per epoch: median and range."""
    found = epoch_rates(run, PAGE_TRAIN_IMAGES)
    return f"{statistics.median(found):,.0f} ({min(found):,.0f}–{max(found):,.0f})"


def reached(run: TrainingRun, key: str = "accuracy") -> str:
    """Says when a run's `key` accuracy first reached the goal: seconds and epoch."""
    found = time_to(run, key)
    return f"{found['seconds']:.1f} s (epoch {found['epoch']})" if found else "not reached"


def training_threads(results: Results, one_thread_rate: float) -> list[str]:
    """Renders the page's training with threads on beside the same run on one thread."""
    threaded = results.page_training_threaded
    if not threaded.epochs:
        return ["Threads: the threaded training run did not take place."]
    rate = statistics.median(epoch_rates(threaded, PAGE_TRAIN_IMAGES))
    return [
        f"Threads on and off: the same training (the tutorial's settings) in a fresh page "
        f"that the browser tells it has {2 * THREADED} cores, so that the page, cross-origin "
        f"isolated by `python -m web`, gives its training worker {THREADED} WASM threads "
        f"(`fashionMnist.train` said {threaded.threads} ran; the run above: "
        f"{results.page_training.threads}). Images per second per epoch, median (range): "
        f"{rates(threaded)} with threads, against {rates(results.page_training)} on one "
        f"thread: {rate / one_thread_rate:.2f}× ({len(threaded.epochs)} epochs, "
        f"{threaded.test_accuracy:.2%} test accuracy at the end).",
    ]


def training_section(results: Results) -> list[str]:
    """Renders training speed: the page against Keras, per epoch, and the check run."""
    page, keras = results.page_training, results.keras_training
    page_rate = statistics.median(epoch_rates(page, PAGE_TRAIN_IMAGES))
    keras_rate = statistics.median(epoch_rates(keras, PAGE_TRAIN_IMAGES))
    goal = f"{GOALS['training_accuracy']:.0%}"
    lines = [
        f"The tutorial's MLP, trained by the page (`fashionMnist.train`: TF.js layers in a "
        f"Web Worker, WASM) and by Keras `fit` (TensorFlow, CPU, all cores), on the same "
        f"{PAGE_TRAIN_IMAGES:,} training images (the project's seeded split), with the same "
        f"{PAGE_VALIDATION_IMAGES:,} validation images checked after every epoch, and the "
        f"tutorial's settings ({len(page.epochs)} epochs, batch 32, Adam 0.001, sparse "
        "categorical cross-entropy). An epoch's time ends when its validation accuracy is "
        "known, so both include the validation pass: in the page, when the train-progress "
        "element shows the epoch, counted from the moment it enters its training phase "
        "(after downloading and decoding the images); in Keras, at `on_epoch_end`. Keras "
        "also evaluates on the 10,000 test images after every epoch, outside the timing; "
        "the page does so once, after its last epoch.",
        "",
        "| runtime | images/s per epoch: median (range) | vs Keras | "
        f"{goal} validation accuracy | {goal} test accuracy | test accuracy at the end |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| page (TF.js, WASM, {page.threads} thread) | {rates(page)} | "
        f"{page_rate / keras_rate:.2f} | {reached(page)} | see below | {page.test_accuracy:.2%} |",
        f"| Keras `fit` | {rates(keras)} | 1 | {reached(keras)} | "
        f"{reached(keras, 'test_accuracy')} | {keras.test_accuracy:.2%} |",
        "",
        "| epoch | page: seconds | page: validation accuracy | Keras: seconds | "
        "Keras: validation accuracy | Keras: test accuracy |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for mine, theirs in zip(page.epochs, keras.epochs, strict=False):
        lines.append(
            f"| {mine['epoch']} | {mine['seconds']:.1f} | {mine['accuracy']:.2%} | "
            f"{theirs['seconds']:.1f} | {theirs['accuracy']:.2%} | "
            f"{theirs['test_accuracy']:.2%} |"
        )
    lines += ["", *page_test_accuracy(results)]
    lines += [
        "",
        *training_threads(results, page_rate),
        "",
        f"Teaching: {len(results.teach_seconds)} test images taught to the default model one "
        "after another (`fashionMnist.teach`, each under another class than its own, as a "
        "visitor corrects a wrong answer), timed in the page from the call until the model "
        "in use has learnt it; each refits the head on every example taught so far. Seconds, "
        "in turn: " + ", ".join(f"{s:.2f}" for s in results.teach_seconds) + ".",
    ]
    return lines


# Lighthouse ----------------------------------------------------------------------------


def lighthouse_section(results: Results) -> list[str]:
    """Renders Lighthouse's scores, metrics and failing audits, or why it did not run."""
    found = results.lighthouse
    if found is None:
        return [f"Lighthouse did not run: {results.lighthouse_error}."]
    runs = found["performance_runs"]
    failed = [f"({results.lighthouse_error}.)"] if results.lighthouse_error else []
    return [
        f"Lighthouse {found['version']} (npm), its default {found['form_factor']} preset "
        "(simulated throttling), in the system Chromium (headless), on the page as "
        "`python -m web` serves it on loopback.",
        "",
        f"It ran {len(runs)} times: Performance {', '.join(map(str, runs))}, in run order. "
        "Lighthouse scales the main-thread work it sees on this shared machine, so the "
        "score moves from run to run; the scores, metrics and audits below are the run "
        f"with the median Performance score ({found['scores']['Performance']}).",
        *failed,
        "",
        "| " + " | ".join(found["scores"]) + " |",
        "| " + " | ".join("---:" for _ in found["scores"]) + " |",
        "| " + " | ".join(str(score) for score in found["scores"].values()) + " |",
        "",
        *(f"- {name}: {metric['display']}" for name, metric in found["metrics"].items()),
        "",
        "Audits below full marks:" if found["failing"] else "No audit below full marks.",
        "",
        *(f"- {title}" for title in found["failing"]),
    ]


# The whole report -----------------------------------------------------------------------


def markdown(results: Results, models: list[str]) -> str:
    """Renders BENCHMARKS.md."""
    m = results.machine
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); every number below comes from one run,",
        "the page, the plain TF.js peer and Keras side by side, on this machine:",
        "",
        f"- {m['date']}; {m['cpu']}, {m['cores']} cores, {m['memory']} RAM; {m['os']}",
        f"- Chromium {m['chromium']} (headless, loopback; WebGL renderer: {m['webgl']}), "
        f"Python {m['python']}, TensorFlow {m['tensorflow']}",
        f"- Load average (1, 5, 15 min) at the start: {m['load_start']}; at the end: "
        f"{m['load']}. The machine is shared, so the numbers are noisy.",
        "",
        f"## Verdict ({models[0]}, the default model)",
        "",
        *verdicts(results, models[0]),
        "",
        "## First view: the page and the peer",
        "",
        *first_view_section(results),
        "",
        "## Speed",
        "",
        f"One image: `predict` in the page, timed inside the page, median of {RUNS} after "
        f"{WARM_UP} warm-up calls; Keras: `model(x)`. Batches: the page and Keras, the "
        f"official 10,000 test images in batches of {BATCH} (Keras: "
        f"`model.predict(x, batch_size={BATCH})`); the peer, the first {PEER_IMAGES:,} of "
        "them (WebGL on a software renderer is slow). Ratios are this ÷ the peer and this ÷ "
        "Keras (latency: lower is better; throughput: higher is better).",
        "",
        "The peer: a plain TF.js page as TF.js's own examples are written (bench/peer.py): "
        "the full `@tensorflow/tfjs` bundle from npm (`tf.min.js`), the default model "
        "converted from Keras at bench time to a float32 layers model by tensorflowjs' "
        "converter, TF.js's default backend (no `setBackend`), predicting the page's first "
        f"gallery ({GALLERY_SIZE} images of its first samples sprite).",
        "",
        f"Threads: TF.js runs one WASM thread per two logical cores the browser reports, at "
        f"most four on the page, and this machine has {m['cores']} cores, so the page runs "
        f"one thread here. For n threads the benchmark makes Chromium report 2n cores "
        "(DevTools `Emulation.setHardwareConcurrencyOverride`) and records "
        f"`fashionMnist.threads`. 'All' threads means one per core of this machine: "
        f"{THREADED} here, the figure the verdict uses; 4 is the page's cap, shown for "
        "comparison: more threads than cores. The backend rows run the machine's default "
        "(one thread).",
        "",
        *table(results, models),
        "",
        *findings(results, models),
        "",
        "What shapes them: Keras pays TensorFlow's eager-mode overhead on every `model(x)`",
        "call and runs oneDNN's native kernels on all cores for batches; the page's WASM",
        "backend runs 128-bit SIMD on the threads above; WebGL (the peer's default) runs on",
        "the renderer named above (SwiftShader is a software renderer).",
        "",
        "## Training speed",
        "",
        *training_section(results),
        "",
        "## Lighthouse",
        "",
        *lighthouse_section(results),
        "",
    ]
    return "\n".join(lines)
