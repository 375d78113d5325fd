// The model and the TF.js backend in use, and switching them: one switch at a time,
// each followed by new predictions. The visitor's backend choice is remembered.
import { fetchJson, loadModelArtifacts, loadReport, wasmUrls } from './data.js';
import { BACKENDS, currentBackend, initBackend, threadCount } from './model.js';
import * as ui from './ui.js';

const BACKEND_KEY = 'fashion-mnist-backend'; // localStorage: the visitor's backend choice

/** Returns the backend the visitor chose on an earlier visit, or the first of BACKENDS. */
function preferredBackend() {
  try {
    return localStorage.getItem(BACKEND_KEY) || BACKENDS[0];
  } catch {
    return BACKENDS[0];
  }
}

/** Remembers the visitor's backend choice for the next visit. */
function rememberBackend(name) {
  try {
    localStorage.setItem(BACKEND_KEY, name);
  } catch {
    // Storage can be disabled; the choice then lasts for this visit only.
  }
}

/**
 * Creates the switching controller and fills the model and backend selectors.
 * Switches wait for `ready`, the page's start-up; onSwitched() predicts the gallery
 * and the drawing again after each.
 */
export function createSwitching({ ready, config, classifier, onSwitched }) {
  const state = {
    info: null, // model-info JSON of the model in use
    queue: Promise.resolve(), // model and backend switches run one after another
    backendNote: '', // why the preferred backend is not the one running, if it is not
  };

  const trained = []; // models trained in this page: entries with their info and graph inline
  const entries = () => [...config.models, ...trained];

  function modelEntry(name) {
    const entry = entries().find((m) => m.name === name);
    if (!entry) {
      const names = entries()
        .map((m) => m.name)
        .join(', ');
      throw new Error(`Unknown model "${name}"; this site has: ${names}`);
    }
    return entry;
  }

  /** Enables the selectors and says which model and backend run, with how many threads. */
  function showReady() {
    const backend = currentBackend();
    const threads = threadCount();
    const threading = backend === 'wasm' ? ` · ${threads} thread${threads === 1 ? '' : 's'}` : '';
    ui.setSwitchesEnabled(true);
    ui.setStatus(
      'ready',
      `Ready · model ${state.info.name} · backend ${backend}${threading}${state.backendNote}`,
    );
  }

  /** Fetches a model's info and files, verified: [info, artifacts]. */
  function fetchModel(entry) {
    if (entry.graph) return Promise.resolve([entry.info, entry.graph]);
    return Promise.all([
      fetchJson(entry.info, `Model info for ${entry.name}`),
      loadModelArtifacts(entry),
    ]);
  }

  /** Loads a model (fetched now, unless `fetched` already holds it) and makes it current. */
  async function useModel(entry, fetched = fetchModel(entry)) {
    const [info, artifacts] = await fetched;
    await classifier.load(artifacts, entry.name);
    state.info = info;
    ui.showModelInfo(info);
    ui.selectModel(entry.name);
  }

  /** Renders the training report of the model in use, unless another is chosen meanwhile. */
  async function showReport() {
    const entry = modelEntry(state.info.name);
    // The report's code comes after the first prediction: it never weighs on the first view.
    let renderReport, showReportUnavailable;
    try {
      ({ renderReport, showReportUnavailable } = await import('./report.js'));
    } catch (err) {
      ui.showError(`The training report could not load: ${err.message}`);
      return;
    }
    if (entry.graph) {
      showReportUnavailable(
        `${entry.name} was trained in this browser: its curves and confusion matrix are ` +
          'in the training panel.',
      );
      return;
    }
    try {
      const { report, examples } = await loadReport(entry);
      if (state.info?.name === entry.name) renderReport(report, examples, config.imageSize);
    } catch (err) {
      showReportUnavailable(`The training report is not available: ${err.message}`);
      ui.showError(err.message);
    }
  }

  /** Starts a backend, preferring `name`; notes why it fell back if it had to. */
  async function useBackend(name) {
    const { name: running, skipped } = await initBackend(name, wasmUrls());
    state.backendNote = skipped.length ? ` (not available: ${skipped.join('; ')})` : '';
    ui.selectBackend(running);
    return running;
  }

  /**
   * Runs a switch (of model or backend) after any switch in progress, then predicts
   * the gallery and the drawing again. If it fails, what was in use stays in use.
   */
  function queueSwitch(what, change) {
    const run = state.queue.then(async () => {
      await ready;
      ui.setStatus('loading', `Loading ${what}…`);
      ui.setSwitchesEnabled(false);
      try {
        if ((await change()) === false) return; // nothing to change
        await onSwitched();
      } catch (err) {
        ui.showError(`Could not switch to ${what}: ${err.message}`);
        throw err;
      } finally {
        ui.selectModel(state.info.name);
        ui.selectBackend(currentBackend());
        showReady();
      }
    });
    state.queue = run.catch(() => {});
    return run;
  }

  /** Switches models, then re-predicts the gallery and the drawing. */
  function setModel(name) {
    return queueSwitch(`model ${name}`, async () => {
      const entry = modelEntry(name);
      if (entry.name === state.info.name) return false;
      await useModel(entry);
      showReport();
    });
  }

  /** Switches the TF.js backend and remembers the choice for the next visit. */
  function setBackend(name) {
    return queueSwitch(`the ${name} backend`, async () => {
      if (name === currentBackend()) return false;
      rememberBackend(name);
      await useBackend(name);
      await useModel(modelEntry(state.info.name)); // the weights move to the new backend
    });
  }

  /** Starts the backend the visitor prefers and loads the default model (its report later). */
  async function start() {
    const entry = modelEntry(config.defaultModel);
    const fetched = fetchModel(entry); // downloads while the backend starts
    fetched.catch(() => {}); // a failure surfaces in useModel, not as an unhandled rejection
    await useBackend(preferredBackend());
    await useModel(entry, fetched);
  }

  /**
   * Offers a model trained in the page, {name, description, testAccuracy, info, graph}
   * with graph its {json, weightData}, in the selector and to setModel.
   */
  function addModel(entry) {
    trained.push(entry);
    ui.renderModelOptions(entries());
    ui.selectModel(state.info.name);
  }

  ui.renderModelOptions(config.models, (name) => setModel(name).catch(() => {}));
  ui.renderBackendOptions(BACKENDS, (name) => setBackend(name).catch(() => {}));
  return {
    get info() {
      return state.info;
    },
    get names() {
      return entries().map((m) => m.name);
    },
    addModel,
    setModel,
    setBackend,
    showReady,
    showReport,
    start,
  };
}
