// The train panel: the visitor's settings, the live progress and curves, Stop, and
// the result (test accuracy, confusion matrix, download). Loaded after the page's
// first prediction, so it never weighs on the first view. Training itself happens in
// training.js and its worker; this file only renders and wires.
import { progressChart } from './charts.js';
import { download } from './download.js';
import { grouped } from './format.js';
import { confusionTable, pct } from './report.js';
import { checkOptions, createTrainer, downloadFiles } from './training.js';
import { showSteps } from './tutorial-steps.js';
import { byTestId, el } from './ui.js';

const REDRAW_MS = 250; // the curves are redrawn at most this often
const MAX_BATCH_POINTS = 600; // batch points kept per chart; older ones are thinned out

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Formats seconds as "1 min 05 s" or "42 s". */
function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** Names what the worker computed on: "WASM, 2 threads", "WASM, 1 thread" or "CPU". */
const runtimeText = ({ backend, threads }) =>
  backend === 'wasm' ? `WASM, ${threads} thread${threads === 1 ? '' : 's'}` : backend.toUpperCase();

/** Halves a list of points by dropping every other one, keeping the last. */
const thinned = (points) => points.filter((_, i) => i % 2 === 1 || i === points.length - 1);

/**
 * Creates the panel for the site's `config` and the page's model switching controller;
 * downloadSize is the bytes a training run downloads; threads, the WASM threads to train on. Returns {train(options)}: the
 * contract's fashionMnist.train, which the Train button runs too.
 */
export function createTrainPanel({ config, models, downloadSize, threads, showError }) {
  const panel = byTestId('train-panel');
  const form = panel.querySelector('form');
  const inputs = {
    epochs: byTestId('train-epochs'),
    batchSize: byTestId('train-batch-size'),
    learningRate: byTestId('train-learning-rate'),
  };
  const start = byTestId('train-start');
  const stop = byTestId('train-stop');
  const message = byTestId('train-message');
  const progress = byTestId('train-progress');
  const bar = progress.querySelector('progress');
  const status = progress.querySelector('#train-status');
  const curves = panel.querySelector('.train-curves');
  const result = panel.querySelector('.train-result');
  const training = config.training;
  let trained = 0; // models trained in this visit, to name the next one
  let run = null; // the run in progress: its settings, timings and points

  showSteps(panel.querySelector('.code-steps'));
  for (const [key, input] of Object.entries(inputs)) input.value = String(training[key]);
  panel.querySelector('#train-size').textContent = `${megabytes(downloadSize)} in all`;

  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function setState(state, text) {
    progress.dataset.state = state;
    status.textContent = text;
    const busy = state === 'loading' || state === 'training';
    start.disabled = busy;
    stop.disabled = !busy;
    for (const input of Object.values(inputs)) input.disabled = busy;
  }

  function drawCurves() {
    const { batches, epochs, options } = run;
    const pick = (key) => epochs.map((e) => e[key]);
    curves.replaceChildren(
      progressChart(
        'Loss',
        batches.map((b) => [b.epoch, b.loss]),
        pick('loss'),
        pick('valLoss'),
        options.epochs,
        (v) => v.toFixed(2),
      ),
      progressChart(
        'Accuracy',
        batches.map((b) => [b.epoch, b.accuracy]),
        pick('accuracy'),
        pick('valAccuracy'),
        options.epochs,
        (v) => pct(v, 0),
      ),
      el(
        'figcaption',
        {},
        el('span', { className: 'key batch' }, 'each batch'),
        el('span', { className: 'key train' }, 'training, per epoch'),
        el('span', { className: 'key validation' }, 'validation, per epoch'),
      ),
    );
    curves.hidden = false;
    run.drawn = performance.now();
  }

  /** Shows how far training is, with the time spent and the time left. */
  function showTraining(done) {
    const { options, trainingStarted } = run;
    bar.value = done / options.epochs;
    const elapsed = (performance.now() - trainingStarted) / 1000;
    const left = done > 0 ? (elapsed * (options.epochs - done)) / done : NaN;
    setState(
      'training',
      `Training: epoch ${Math.min(options.epochs, Math.floor(done) + 1)} of ${options.epochs} · ` +
        `${duration(elapsed)} elapsed` +
        (Number.isFinite(left) ? ` · about ${duration(left)} left` : ''),
    );
    if (performance.now() - run.drawn >= REDRAW_MS) drawCurves();
  }

  function onEvent(event) {
    if (event.type === 'download') {
      bar.value = event.total ? event.loaded / event.total : 0;
      status.textContent = `Downloading the training images: ${megabytes(event.loaded)} of ${megabytes(event.total)}`;
    } else if (event.type === 'phase' && event.phase === 'preparing') {
      bar.removeAttribute('value'); // indeterminate while the images are decoded
      status.textContent = `Preparing the images (training on ${runtimeText(event)})…`;
    } else if (event.type === 'phase' && event.phase === 'training') {
      run.trainingStarted = performance.now();
      showTraining(0);
    } else if (event.type === 'phase' && event.phase === 'evaluating') {
      bar.removeAttribute('value');
      status.textContent = `Evaluating on the ${grouped(event.images)} test images…`;
    } else if (event.type === 'batches') {
      run.batches.push(...event.points);
      while (run.batches.length > MAX_BATCH_POINTS) run.batches = thinned(run.batches);
      showTraining(event.points.at(-1).epoch);
    } else if (event.type === 'epoch') {
      run.epochs.push(event);
      Object.assign(progress.dataset, {
        epoch: String(event.epoch),
        loss: String(event.valLoss ?? event.loss),
        accuracy: String(event.valAccuracy ?? event.accuracy),
      });
      drawCurves();
      showTraining(event.epoch);
    }
  }

  const trainer = createTrainer(config, threads, (event) => run && onEvent(event));

  /** Shows the trained model's test accuracy, confusion matrix and download. */
  function showResult(name, outcome) {
    const table = confusionTable({ classNames: config.classNames, confusion: outcome.confusion });
    table.dataset.testid = 'train-confusion';
    const files = downloadFiles(outcome.files);
    const save = el('button', { type: 'button' }, 'Download the model (TF.js files)');
    save.dataset.testid = 'train-download';
    save.addEventListener('click', () => download(files));
    const tested = outcome.confusion.flat().reduce((a, b) => a + b, 0);
    const headline = el(
      'p',
      { className: 'headline' },
      `${name}: ${pct(outcome.testAccuracy, 2)} of the ${grouped(tested)} test ` +
        `images right after ${outcome.epochs} epochs (${duration(outcome.seconds)} on ` +
        `${runtimeText(outcome)}).`,
    );
    const home = el(
      'p',
      { className: 'muted' },
      'Take it home: the download is a TF.js layers model (a .json and a .bin file). ' +
        'In a clone of the project, ',
      el('code', {}, `python -m pagemodel ~/Downloads/${files[0].name}`),
      ' loads it into Keras and evaluates it on the official test set.',
    );
    const scroll = el('div', { className: 'table-scroll' }, table);
    result.replaceChildren(headline, save, home, scroll);
    result.hidden = false;
  }

  /** Trains with the given settings; resolves as the contract says, or rejects saying why. */
  async function train(options) {
    let checked;
    try {
      checked = checkOptions(options, training);
    } catch (err) {
      say(err.message);
      throw err;
    }
    if (run) throw new Error('Training is already running; stop it first');
    say('');
    run = { options: checked, batches: [], epochs: [], drawn: 0, trainingStarted: 0 };
    Object.assign(progress.dataset, {
      epoch: '0',
      epochs: String(checked.epochs),
      loss: '',
      accuracy: '',
    });
    setState('loading', 'Downloading the training images…');
    try {
      const outcome = await trainer.train(checked);
      trained += 1;
      const name = `trained-${trained}`;
      const params = outcome.weights.reduce((sum, w) => sum + w.values.length, 0);
      const info = { name, params, testAccuracy: outcome.testAccuracy, trainedHere: true };
      models.addModel({
        name,
        description: `the tutorial's model trained in this browser, ${outcome.epochs} epochs`,
        testAccuracy: outcome.testAccuracy,
        info,
        graph: outcome.graph,
      });
      drawCurves();
      bar.value = 1;
      showResult(name, outcome);
      setState(
        outcome.stopped ? 'stopped' : 'done',
        `${outcome.stopped ? 'Stopped' : 'Done'} after ${outcome.epochs} of ${checked.epochs} ` +
          `epochs: ${pct(outcome.testAccuracy, 2)} test accuracy. ${name} is now in use.`,
      );
      await models.setModel(name);
      const summary = {
        name,
        testAccuracy: outcome.testAccuracy,
        epochs: outcome.epochs,
        seconds: outcome.seconds,
        threads: outcome.threads,
      };
      if (outcome.stopped) {
        throw new Error(
          `Training was stopped after ${outcome.epochs} epochs; the model trained so far ` +
            `is in use as ${name}`,
        );
      }
      return summary;
    } catch (err) {
      if (err.stopped) {
        setState('stopped', `${err.message}; the model in use has not changed.`);
      } else if (progress.dataset.state !== 'stopped') {
        setState('error', `Training failed: ${err.message}`);
        showError(`Training failed: ${err.message}. The model in use has not changed.`);
      }
      throw err;
    } finally {
      run = null;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const options = Object.fromEntries(
      Object.entries(inputs).map(([key, input]) => [key, input.value]),
    );
    train(options).catch(() => {}); // shown in the panel and the banner
  });
  stop.addEventListener('click', () => {
    stop.disabled = true;
    status.textContent = 'Stopping after this batch…';
    trainer.stop();
  });
  if (!downloadSize) {
    // A site built without the dataset on disk (see the Makefile): nothing to train on.
    const missing = 'This copy of the site was built without the training images';
    say(`${missing}; \`make build\` writes them from the Fashion-MNIST dataset.`);
    return {
      train: async () => {
        throw new Error(missing);
      },
    };
  }
  start.disabled = false;
  return { train };
}
