// Wires the page together: loads config, samples and model, runs the gallery and
// the drawing pad, and exposes window.fashionMnist (see shared/CONTRACT.md).
import { fetchJson, loadConfig, loadReport, loadSamples, samplePixels } from './data.js';
import { Classifier, currentBackend, initBackend, memory, validatePixels } from './model.js';
import { DrawingPad } from './canvas.js';
import { fromCanvas } from './preprocess.js';
import { renderReport, showReportUnavailable } from './report.js';
import * as ui from './ui.js';

const GALLERY_SIZE = 15; // the tutorial's 5 × 3 grid

const state = {
  config: null,
  info: null, // model-info JSON of the model in use
  classifier: null,
  samples: null,
  gallery: [], // [{index, label, pixels, probs, element}]
  pad: null, // the DrawingPad
};

let resolveReady;
let rejectReady;
const ready = new Promise((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
ready.catch(() => {}); // failures are shown in the banner; callers still see the rejection

window.fashionMnist = {
  ready,
  get classNames() {
    return state.config ? [...state.config.classNames] : [];
  },
  get model() {
    const info = state.info;
    return info ? { name: info.name, params: info.params, testAccuracy: info.testAccuracy } : null;
  },
  get backend() {
    return currentBackend();
  },
  get models() {
    return state.config ? state.config.models.map((m) => m.name) : [];
  },
  memory,
  predict,
  setModel,
};

/** The contract's predict: validates, waits for the model, returns n × 10 probabilities. */
async function predict(pixels, n = 1) {
  if (!state.config) await ready;
  const size = state.config.imageSize;
  const values = validatePixels(pixels, n, size * size);
  await ready;
  return state.classifier.predict(values, n);
}

// Gallery --------------------------------------------------------------------------

/** Picks a fresh random set of sampled test images and shows them. */
function resample() {
  const { samples } = state;
  const positions = new Set();
  const wanted = Math.min(GALLERY_SIZE, samples.count);
  while (positions.size < wanted) positions.add(Math.floor(Math.random() * samples.count));
  state.gallery = [...positions].map((i) => ({
    index: samples.indices[i],
    label: samples.labels[i],
    pixels: samplePixels(samples, i),
    probs: null,
  }));
  const elements = ui.renderGallery(state.gallery, state.config.imageSize, (position) =>
    ui.openDetail(state.gallery[position], state.config.classNames),
  );
  state.gallery.forEach((item, i) => (item.element = elements[i]));
}

/** Predicts every gallery image in one batch and shows the results. */
async function predictGallery() {
  const items = state.gallery;
  if (!state.classifier?.model || items.length === 0) return;
  const perImage = state.samples.perImage;
  const batch = new Float32Array(items.length * perImage);
  items.forEach((item, i) => batch.set(item.pixels, i * perImage));
  const probs = await state.classifier.predict(batch, items.length);
  if (items !== state.gallery) return; // resampled meanwhile; the new set has its own run
  const classes = state.config.numClasses;
  items.forEach((item, i) => {
    item.probs = probs.slice(i * classes, (i + 1) * classes);
    ui.showGalleryPrediction(item.element, item.probs, item.label, state.config.classNames);
  });
}

// Drawing --------------------------------------------------------------------------

let drawing = { running: false, again: false };

/** Re-predicts the drawing; calls arriving mid-prediction coalesce into one more run. */
async function predictDrawing() {
  if (drawing.running) {
    drawing.again = true;
    return;
  }
  drawing.running = true;
  try {
    do {
      drawing.again = false;
      const { config, classifier, pad } = state;
      const preview = document.querySelector('[data-testid="draw-preview"]');
      const pixels = pad.isEmpty ? null : fromCanvas(pad.canvas, config.imageSize);
      ui.drawPixels(preview, pixels ?? new Float32Array(config.imageSize ** 2));
      const probs = pixels && classifier?.model ? await classifier.predict(pixels, 1) : null;
      // A Clear during the prediction wins over its result.
      ui.showDrawResult(pad.isEmpty ? null : probs, config.classNames);
    } while (drawing.again);
  } catch (err) {
    ui.showError(`Drawing could not be classified: ${err.message}`);
  } finally {
    drawing.running = false;
    ui.setDrawBusy(false);
  }
}

function setUpDrawing() {
  const canvas = document.querySelector('[data-testid="draw-canvas"]');
  let frame = 0;
  state.pad = new DrawingPad(canvas, {
    // At most one prediction per animation frame, however many pointer events arrive.
    onChange: () => {
      ui.setDrawBusy(true);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(predictDrawing);
    },
  });
  document.querySelector('[data-testid="clear"]').addEventListener('click', () => {
    cancelAnimationFrame(frame);
    ui.setDrawBusy(true);
    state.pad.clear();
    predictDrawing();
  });
  ui.showDrawResult(null, state.config.classNames);
}

// Models ---------------------------------------------------------------------------

let switching = Promise.resolve(); // model switches run one after another

function modelEntry(name) {
  const entry = state.config.models.find((m) => m.name === name);
  if (!entry) {
    const names = state.config.models.map((m) => m.name).join(', ');
    throw new Error(`Unknown model "${name}"; this site has: ${names}`);
  }
  return entry;
}

function statusText() {
  return `Ready · model ${state.info.name} · backend ${currentBackend()}`;
}

/** Loads a model and its info and makes it current; its report follows in the background. */
async function useModel(entry) {
  const [info] = await Promise.all([
    fetchJson(entry.info, `Model info for ${entry.name}`),
    state.classifier.load(entry.model),
  ]);
  state.info = info;
  ui.showModelInfo(info);
  ui.selectModel(entry.name);
  showReport(entry);
}

/** Renders a model's training report unless another model was chosen meanwhile. */
async function showReport(entry) {
  try {
    const { report, examples } = await loadReport(entry, state.config.imageSize);
    if (state.info?.name === entry.name) renderReport(report, examples, state.config.imageSize);
  } catch (err) {
    showReportUnavailable(`The training report is not available: ${err.message}`);
    ui.showError(err.message);
  }
}

/** The contract's setModel: switches models, then re-predicts the gallery and drawing. */
function setModel(name) {
  const run = switching.then(async () => {
    await ready;
    const entry = modelEntry(name);
    if (entry.name === state.info.name) return;
    ui.setStatus('loading', `Loading model ${entry.name}…`);
    ui.setModelSelectEnabled(false);
    try {
      await useModel(entry);
      await Promise.all([predictGallery(), predictDrawing()]);
    } catch (err) {
      ui.showError(`Could not switch to model ${entry.name}: ${err.message}`);
      ui.selectModel(state.info.name); // the previous model stays in use
      throw err;
    } finally {
      ui.setModelSelectEnabled(true);
      ui.setStatus('ready', statusText());
    }
  });
  switching = run.catch(() => {});
  return run;
}

// Start-up -------------------------------------------------------------------------

async function start() {
  ui.setStatus('loading', 'Loading the model…');
  ui.setUpDetail();
  state.config = await loadConfig();
  setUpDrawing();
  ui.renderModelOptions(state.config.models, (name) => setModel(name).catch(() => {}));
  const entry = modelEntry(state.config.defaultModel);

  // Samples and model load side by side; either can fail without hiding the other.
  const samplesLoaded = loadSamples(state.config).then((samples) => {
    state.samples = samples;
    resample();
    document.querySelector('[data-testid="resample"]').disabled = false;
  });
  const modelLoaded = initBackend().then(() => {
    state.classifier = new Classifier(state.config.imageSize, state.config.numClasses);
    return useModel(entry);
  });

  const [samplesResult, modelResult] = await Promise.allSettled([samplesLoaded, modelLoaded]);
  if (samplesResult.status === 'rejected') ui.showError(samplesResult.reason.message);
  if (modelResult.status === 'rejected') throw modelResult.reason;

  if (state.samples) await predictGallery();
  await predictDrawing(); // anything drawn while the model loaded
  ui.setModelSelectEnabled(true);
  ui.setStatus('ready', statusText());
}

document.querySelector('[data-testid="resample"]').addEventListener('click', async () => {
  resample();
  try {
    await predictGallery();
  } catch (err) {
    ui.showError(`Gallery could not be classified: ${err.message}`);
  }
});

start().then(resolveReady, (err) => {
  ui.setStatus('error', 'The model is not available');
  ui.showError(err.message);
  ui.setInteractive(false, 'Drawing is disabled because the model could not be loaded.');
  rejectReady(err);
});
