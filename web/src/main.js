// Starts the page: loads the config, the samples and the model, and wires the gallery,
// the drawing pad and uploads, model switching, the train and teach panels and
// window.fashionMnist together (see shared/CONTRACT.md).
import { createApi } from './api.js';
import { loadConfig, loadManifest, loadSampleIndex, loadSamples, sizeUnder } from './data.js';
import { createGallery } from './gallery.js';
import { setGalleryBusy } from './gallery-view.js';
import { createInput } from './input.js';
import { Classifier, currentBackend, memory, threadCount, wasmThreads } from './model.js';
import { registerServiceWorker } from './service-worker.js';
import { createSwitching } from './switching.js';
import { judge } from './uncertainty.js';
import * as ui from './ui.js';

/** Returns a promise with the functions that settle it. */
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Loads the rest of the sample images; the gallery's next images come from all of them. */
async function loadAllSamples(gallery, index) {
  try {
    gallery.addSamples(await loadSamples(index));
  } catch (err) {
    ui.showError(err.message);
  }
}

/**
 * Loads the train panel, which the page needs only once it predicts; resolves with
 * it, or rejects if this site cannot train (exported without the tutorial's model).
 */
async function loadTrainPanel(config, models) {
  if (!config.training) {
    document.querySelector('[data-testid="train-panel"]').hidden = true;
    throw new Error('This site was exported without the tutorial model, so it cannot train');
  }
  const { createTrainPanel } = await import('./train-panel.js');
  const downloadSize = sizeUnder(config.training.index.replace(/[^/]*$/, ''));
  return createTrainPanel({
    config,
    models,
    downloadSize,
    threads: wasmThreads(),
    showError: ui.showError,
  });
}

/** Loads everything and wires the parts; resolves once the model is in and predicting. */
async function start(api, ready) {
  ui.setStatus('loading', 'Loading the model…');
  await loadManifest(ui.manifestUrl());
  const config = await loadConfig();
  const classifier = new Classifier(config.imageSize, config.numClasses);
  // Whether the page trusts a prediction, by the calibration of the model in use.
  const verdict = (probs) => judge(probs, models.info.calibration);
  const input = createInput({ config, classifier, verdict });
  const gallery = createGallery({ config, classifier, verdict, modelName: () => models.info.name });
  const refresh = () => Promise.all([gallery.refresh(), input.predict()]);
  let teachPanel = Promise.resolve(null); // teaching, once loaded
  const models = createSwitching({
    ready,
    config,
    classifier,
    // A model switched to learns what the visitor taught, then everything re-predicts.
    onSwitched: async () => {
      await (await teachPanel.catch(() => null))?.retune();
      await refresh();
    },
  });
  api.connect({ config, classifier, models });

  // Samples and model load side by side; either can fail without hiding the other.
  // Only the first part of the samples is needed for the first gallery.
  const indexLoaded = loadSampleIndex(config);
  const samplesLoaded = indexLoaded
    .then((index) => loadSamples(index, 1))
    .then((samples) => gallery.start(samples)); // predictions follow once the model is in
  const [samplesResult, modelResult] = await Promise.allSettled([samplesLoaded, models.start()]);
  if (samplesResult.status === 'rejected') ui.showError(samplesResult.reason.message);
  if (modelResult.status === 'rejected') throw modelResult.reason;

  if (gallery.hasSamples) {
    await gallery.predict();
    performance.mark('first-gallery-prediction'); // the benchmark measures up to here
  }
  models.showReport(); // only now, so that it never delays the first prediction
  const trainPanel = loadTrainPanel(config, models);
  trainPanel.catch(() => {}); // fashionMnist.train says why, when called
  api.connect({ trainPanel });
  if (gallery.hasSamples) {
    gallery.enableFilter();
    await loadAllSamples(gallery, await indexLoaded);
  }
  // Teaching rehearses with the samples, so it starts once they are all in; examples
  // taught on earlier visits are learnt again before the page says it is ready.
  teachPanel = import('./teach-panel.js').then(({ createTeachPanel }) =>
    createTeachPanel({
      config,
      classifier,
      input,
      samples: () => gallery.samples,
      refresh,
      showError: ui.showError,
    }),
  );
  api.connect({ teachPanel });
  try {
    api.connect({ teaching: await teachPanel });
  } catch (err) {
    ui.showError(`Teaching is not available: ${err.message}`);
  }
  await input.predict(); // anything drawn or dropped while the model loaded
  models.showReady();
  // On a first visit to a host without isolation headers, this reloads the page once the
  // worker can isolate it, and `ready` settles in the reloaded page instead.
  await registerServiceWorker();
}

const started = deferred();
started.promise.catch(() => {}); // failures are shown in the banner; callers still see the rejection
const api = createApi(started.promise, { backend: currentBackend, threads: threadCount, memory });
window.fashionMnist = api.contract;

start(api, started.promise).then(started.resolve, (err) => {
  setGalleryBusy(false); // the images show, without predictions
  ui.setStatus('error', 'The model is not available');
  ui.showError(err.message);
  ui.setInteractive(
    false,
    'Drawing and uploads are disabled because the model could not be loaded.',
  );
  started.reject(err);
  registerServiceWorker();
});
