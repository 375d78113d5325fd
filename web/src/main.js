// Wires the page together: loads config, samples and model, runs the gallery, the
// drawing pad and uploads, and exposes window.fashionMnist (see shared/CONTRACT.md).
import {
  fetchJson,
  loadConfig,
  loadManifest,
  loadModelArtifacts,
  loadReport,
  loadSampleIndex,
  loadSamples,
  samplePixels,
  urlOf,
} from './data.js';
import {
  BACKENDS,
  Classifier,
  currentBackend,
  initBackend,
  memory,
  validatePixels,
} from './model.js';
import { DrawingPad } from './canvas.js';
import { NothingToClassify, preprocess } from './preprocess.js';
import { InputError, decodeImageFile } from './upload.js';
import { renderReport, showReportUnavailable } from './report.js';
import * as ui from './ui.js';

const GALLERY_SIZE = 15; // the tutorial's 5 × 3 grid
const FILL_LEVEL = 80; // gray level (0-255) that fills closed outlines: measured best, docs/models.md
const SETTLE_MS = 400; // the input counts as settled after this pause: announce and explain

const state = {
  config: null,
  info: null, // model-info JSON of the model in use
  classifier: null,
  samples: null,
  sampleProbs: null, // probabilities of every shipped sample under the model in use
  gallery: [], // [{index, label, pixels, probs, element}]
  pad: null, // the DrawingPad
  upload: null, // {bitmap, name} while an uploaded picture is the input
  fill: true, // fill closed outlines of drawings
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
  preprocess: preprocessForApi,
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

/** The contract's preprocess: the pipeline drawings and uploads go through. */
function preprocessForApi(source) {
  if (!state.config)
    throw new Error('preprocess: the page is still loading; await fashionMnist.ready');
  return preprocess(source, state.config.imageSize);
}

// Gallery --------------------------------------------------------------------------

const shuffled = (values) => {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

/** Probabilities of every shipped sample under the model in use, computed once per model. */
async function sampleProbabilities() {
  if (!state.sampleProbs) {
    const { samples } = state;
    state.sampleProbs = await state.classifier.predict(samples.pixels, samples.count);
  }
  return state.sampleProbs;
}

/** Picks the sample positions to show for a filter: all, mistakes, or most confident mistakes. */
async function pickPositions(mode) {
  const { samples, config } = state;
  const all = [...Array(samples.count).keys()];
  if (mode === 'all') return { positions: shuffled(all).slice(0, GALLERY_SIZE), note: '' };
  const probs = await sampleProbabilities();
  const classes = config.numClasses;
  const row = (i) => probs.subarray(i * classes, (i + 1) * classes);
  const mistakes = all.filter((i) => ui.argmax(row(i)) !== samples.labels[i]);
  const note =
    `${mistakes.length} of the ${samples.count} shipped test images are misclassified by ` +
    `${state.info.name}` +
    (mode === 'confident' ? '; these are the ones it was surest about.' : '.');
  const confidence = (i) => Math.max(...row(i));
  const positions =
    mode === 'confident'
      ? mistakes.sort((a, b) => confidence(b) - confidence(a)).slice(0, GALLERY_SIZE)
      : shuffled(mistakes).slice(0, GALLERY_SIZE);
  return { positions, note };
}

/** Shows a fresh set of sampled test images for the filter in use, then predicts them. */
async function resample() {
  const { positions, note } = await pickPositions(galleryMode());
  ui.showGalleryNote(note);
  const { samples } = state;
  state.gallery = positions.map((i) => ({
    index: samples.indices[i],
    label: samples.labels[i],
    pixels: samplePixels(samples, i),
    probs: null,
  }));
  const elements = ui.renderGallery(state.gallery, state.config.imageSize, openDetail);
  state.gallery.forEach((item, i) => (item.element = elements[i]));
  await predictGallery();
}

let galleryMode = () => 'all';

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

/** Opens one gallery image large, then adds its saliency map. */
async function openDetail(position) {
  const item = state.gallery[position];
  ui.openDetail(item, state.config.classNames);
  if (!item.probs) return;
  const map = await state.classifier.saliency(item.pixels, ui.argmax(item.probs));
  ui.showDetailSaliency(item.pixels, map);
}

async function showGallery() {
  ui.setGalleryBusy(true);
  try {
    await resample();
  } catch (err) {
    ui.showError(`The gallery could not be classified: ${err.message}`);
  } finally {
    ui.setGalleryBusy(false);
  }
}

// Drawing and uploads --------------------------------------------------------------

const input = { running: false, again: false };
let settledTimer = 0;

/**
 * Once the input has stopped changing: tells screen readers the prediction and
 * shows the saliency map (too slow to redo on every stroke).
 */
async function explain(pixels, probs) {
  const predicted = ui.argmax(probs);
  const { classNames } = state.config;
  ui.announce(`Prediction: ${classNames[predicted]}, ${Math.round(100 * probs[predicted])}%`);
  const map = await state.classifier.saliency(pixels, predicted);
  if (!input.running && !input.again && ui.isShowingInput(pixels)) ui.showDrawSaliency(pixels, map);
}

/** The model's input for the drawing or upload; null when there is none. */
function currentPixels() {
  const { config, pad, upload } = state;
  if (upload) return preprocess(upload.bitmap, config.imageSize);
  if (pad.isEmpty) return null;
  return preprocess(state.fill ? pad.filled(FILL_LEVEL) : pad.canvas, config.imageSize);
}

/** Re-predicts the drawing or upload; calls arriving meanwhile coalesce into one more run. */
async function predictInput() {
  if (input.running) {
    input.again = true;
    return;
  }
  input.running = true;
  try {
    do {
      input.again = false;
      const { classifier, config } = state;
      let pixels = null;
      try {
        pixels = currentPixels();
      } catch (err) {
        if (!(err instanceof NothingToClassify)) throw err;
        ui.showInputMessage(err.message, 'info');
      }
      const probs = pixels && classifier?.model ? await classifier.predict(pixels, 1) : null;
      if (input.again) continue; // newer input (or Clear) wins over this result
      ui.showDrawResult(probs, config.classNames, pixels);
      clearTimeout(settledTimer);
      if (probs) settledTimer = setTimeout(() => explain(pixels, probs), SETTLE_MS);
    } while (input.again);
  } catch (err) {
    ui.showError(`Your input could not be classified: ${err.message}`);
  } finally {
    input.running = false;
    ui.setDrawBusy(false);
  }
}

function leaveUpload() {
  state.upload?.bitmap.close();
  state.upload = null;
  ui.showUpload(null);
}

/** Checks, decodes and classifies an image file from the picker, a drop or a paste. */
async function useFile(file) {
  ui.showInputMessage('');
  let decoded;
  try {
    decoded = await decodeImageFile(file);
  } catch (err) {
    ui.showInputMessage(
      err instanceof InputError ? err.message : `The image could not be read: ${err.message}`,
    );
    return;
  }
  leaveUpload();
  state.pad.clear();
  state.upload = { bitmap: decoded.bitmap, name: file.name };
  ui.showUpload(decoded.bitmap, file.name);
  if (decoded.note) ui.showInputMessage(decoded.note, 'info');
  ui.setDrawBusy(true);
  await predictInput();
}

function setUpInput() {
  const canvas = document.querySelector('[data-testid="draw-canvas"]');
  let frame = 0;
  state.pad = new DrawingPad(canvas, {
    cursor: document.getElementById('pen-cursor'),
    onStart: () => {
      if (state.upload) leaveUpload(); // drawing replaces an uploaded picture
      ui.showInputMessage('');
    },
    // At most one prediction per animation frame, however many pointer events arrive.
    onChange: () => {
      ui.setDrawBusy(true);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(predictInput);
    },
  });
  document.querySelector('[data-testid="clear"]').addEventListener('click', () => {
    cancelAnimationFrame(frame);
    ui.setDrawBusy(true);
    leaveUpload();
    ui.showInputMessage('');
    state.pad.clear();
    ui.announce('Cleared');
    predictInput();
  });
  const fill = document.querySelector('[data-testid="fill-toggle"]');
  fill.checked = state.fill;
  fill.addEventListener('change', () => {
    state.fill = fill.checked;
    ui.setDrawBusy(true);
    predictInput();
  });

  const brush = document.querySelector('[data-testid="brush"]');
  state.pad.brushFraction = Number(brush.value);
  brush.addEventListener('change', () => (state.pad.brushFraction = Number(brush.value)));

  const picker = document.querySelector('[data-testid="upload"]');
  picker.addEventListener('change', () => {
    if (picker.files.length) useFile(picker.files[0]);
    picker.value = ''; // the same file can be chosen again
  });
  document.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault(); // allow a drop
  });
  document.addEventListener('drop', (event) => {
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault(); // never navigate to the dropped file
    useFile(event.dataTransfer.files[0]);
  });
  document.addEventListener('paste', (event) => {
    const file = event.clipboardData?.files[0];
    if (file && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      useFile(file);
    }
  });
  ui.showDrawResult(null, state.config.classNames);
}

// Models and backends ---------------------------------------------------------------

const BACKEND_KEY = 'fashion-mnist-backend'; // localStorage: the visitor's backend choice
let switching = Promise.resolve(); // model and backend switches run one after another
let backendNote = ''; // why the preferred backend is not the one running, if it is not

function modelEntry(name) {
  const entry = state.config.models.find((m) => m.name === name);
  if (!entry) {
    const names = state.config.models.map((m) => m.name).join(', ');
    throw new Error(`Unknown model "${name}"; this site has: ${names}`);
  }
  return entry;
}

function statusText() {
  return `Ready · model ${state.info.name} · backend ${currentBackend()}${backendNote}`;
}

/** Loads a model (verified) and its info and makes it current; its report follows. */
async function useModel(entry) {
  const [info, artifacts] = await Promise.all([
    fetchJson(entry.info, `Model info for ${entry.name}`),
    loadModelArtifacts(entry),
  ]);
  await state.classifier.load(artifacts, entry.name);
  state.info = info;
  state.sampleProbs = null;
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

/** Starts a backend, preferring `name`; notes why it fell back if it had to. */
async function useBackend(name) {
  const wasmFiles = {
    'tfjs-backend-wasm-simd.wasm': urlOf('tfjs-backend-wasm-simd.wasm'),
    'tfjs-backend-wasm.wasm': urlOf('tfjs-backend-wasm.wasm'),
    // TF.js insists on a path for its threaded build, which the page never uses
    // (initBackend turns threads off); point it at the single-threaded SIMD one.
    'tfjs-backend-wasm-threaded-simd.wasm': urlOf('tfjs-backend-wasm-simd.wasm'),
  };
  const { name: running, skipped } = await initBackend(name, wasmFiles);
  backendNote = skipped.length ? ` (not available: ${skipped.join('; ')})` : '';
  ui.selectBackend(running);
  return running;
}

/**
 * Runs a switch (of model or backend) after any switch in progress, then predicts
 * the gallery and the drawing again. If it fails, what was in use stays in use.
 */
function queueSwitch(what, change) {
  const run = switching.then(async () => {
    await ready;
    ui.setStatus('loading', `Loading ${what}…`);
    ui.setSwitchesEnabled(false);
    try {
      if ((await change()) === false) return; // nothing to change
      // Mistakes depend on the model, so a filtered gallery is picked again.
      ui.setGalleryBusy(true);
      const gallery = galleryMode() === 'all' ? predictGallery() : resample();
      await Promise.all([gallery, predictInput()]);
    } catch (err) {
      ui.showError(`Could not switch to ${what}: ${err.message}`);
      throw err;
    } finally {
      ui.selectModel(state.info.name);
      ui.selectBackend(currentBackend());
      ui.setGalleryBusy(false);
      ui.setSwitchesEnabled(true);
      ui.setStatus('ready', statusText());
    }
  });
  switching = run.catch(() => {});
  return run;
}

/** The contract's setModel: switches models, then re-predicts the gallery and drawing. */
function setModel(name) {
  return queueSwitch(`model ${name}`, async () => {
    const entry = modelEntry(name);
    if (entry.name === state.info.name) return false;
    await useModel(entry);
  });
}

/** Switches the TF.js backend and remembers the choice for the next visit. */
function setBackendChoice(name) {
  return queueSwitch(`the ${name} backend`, async () => {
    if (name === currentBackend()) return false;
    try {
      localStorage.setItem(BACKEND_KEY, name);
    } catch {
      // Storage can be disabled; the choice then lasts for this visit only.
    }
    await useBackend(name);
    await useModel(modelEntry(state.info.name)); // the weights move to the new backend
  });
}

function preferredBackend() {
  try {
    return localStorage.getItem(BACKEND_KEY) || BACKENDS[0];
  } catch {
    return BACKENDS[0];
  }
}

// Start-up -------------------------------------------------------------------------

/** Loads the rest of the sample images once the page is ready; the gallery uses them next. */
async function loadAllSamples(index) {
  try {
    const all = await loadSamples(index);
    state.samples = all;
    state.sampleProbs = null;
  } catch (err) {
    ui.showError(err.message);
  }
}

/** Registers the service worker that keeps the site working offline; failure is harmless. */
function keepOffline() {
  navigator.serviceWorker?.register('sw.js').catch((err) => {
    console.warn(`The site will not work offline: ${err.message}`);
  });
}

async function start() {
  ui.setStatus('loading', 'Loading the model…');
  ui.setUpDetail();
  await loadManifest(document.querySelector('meta[name="site-manifest"]').content);
  state.config = await loadConfig();
  setUpInput();
  ui.renderModelOptions(state.config.models, (name) => setModel(name).catch(() => {}));
  ui.renderBackendOptions(BACKENDS, (name) => setBackendChoice(name).catch(() => {}));
  const entry = modelEntry(state.config.defaultModel);

  // Samples and model load side by side; either can fail without hiding the other.
  // Only the first part of the samples is needed for the first gallery.
  const indexLoaded = loadSampleIndex(state.config);
  const samplesLoaded = indexLoaded
    .then((index) => loadSamples(index, 1))
    .then((samples) => {
      state.samples = samples;
      document.querySelector('[data-testid="resample"]').disabled = false;
      return resample(); // shows the images; predictions follow once the model is in
    });
  const modelLoaded = useBackend(preferredBackend()).then(() => {
    state.classifier = new Classifier(state.config.imageSize, state.config.numClasses);
    return useModel(entry);
  });

  const [samplesResult, modelResult] = await Promise.allSettled([samplesLoaded, modelLoaded]);
  if (samplesResult.status === 'rejected') ui.showError(samplesResult.reason.message);
  if (modelResult.status === 'rejected') throw modelResult.reason;

  if (state.samples) {
    await predictGallery();
    performance.mark('first-gallery-prediction'); // the benchmark measures up to here
    ui.setGalleryBusy(false);
    galleryMode = ui.setUpGalleryFilter(showGallery); // the filters need the model's predictions
    await loadAllSamples(await indexLoaded);
  }
  await predictInput(); // anything drawn or dropped while the model loaded
  ui.setSwitchesEnabled(true);
  ui.setStatus('ready', statusText());
  keepOffline();
}

document.querySelector('[data-testid="resample"]').addEventListener('click', showGallery);

start().then(resolveReady, (err) => {
  ui.setGalleryBusy(false); // the images show, without predictions
  ui.setStatus('error', 'The model is not available');
  ui.showError(err.message);
  ui.setInteractive(
    false,
    'Drawing and uploads are disabled because the model could not be loaded.',
  );
  rejectReady(err);
  keepOffline();
});
