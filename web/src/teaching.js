// Teaching the model in use: the visitor's examples, kept across visits, and a
// classifier head fine-tuned on them, with small variations of each, mixed with the
// shipped sample images so that the model does not forget the rest. The frozen
// layers stay as they are. No DOM and no tensors here: model.js and head.js own those.
import { concat } from './data.js';
import { headOf, withWeights } from './graph.js';
import { fitHead } from './head.js';
import { loadTaught, removeTaught, saveTaught } from './taught-store.js';
import { VARIATIONS, vary } from './variations.js';

const TAUGHT_SHARE = 0.2; // of the loss, the taught examples'; the shipped samples share the rest

/**
 * Creates the teaching controller for the page's classifier. samples() returns the
 * shipped sample images {pixels, labels, count}; onChanged() re-predicts what the
 * page shows after the model in use changed.
 */
export function createTeaching({ config, classifier, samples, onChanged }) {
  const size = config.imageSize;
  const perImage = size * size;
  const state = {
    examples: [], // {key, pixels, label}: key is the example's in storage, or null
    heads: new Map(), // model name → its own head {kernel, bias}, read before any teaching
    features: new Map(), // model name → the shipped samples' features
    queue: Promise.resolve(), // changes run one after another
    tuned: null, // the files of the model in use as taught, or null when nothing is
  };

  /**
   * Returns the model in use's own head, as shipped or trained: {names, kernel, bias},
   * names being headOf's (its input node, its weights) and kernel and bias their values.
   */
  async function baseHead() {
    const { files, name } = classifier.base;
    const head = headOf(files.json);
    if (!head) throw new Error(`The ${name} model cannot be taught: it has no dense output layer`);
    if (!state.heads.has(name)) {
      if (classifier.taught) await classifier.load(files, name); // its own weights again
      const [kernel, bias] = await classifier.weightValues([head.kernel, head.bias]);
      state.heads.set(name, { kernel, bias });
    }
    return { names: head, ...state.heads.get(name) };
  }

  /** Returns the features, labels and loss shares of the examples to fit the head to. */
  async function trainingSet({ names }) {
    const { name } = classifier.base;
    const shipped = samples();
    if (!shipped) throw new Error('the sample images, which it rehearses with, did not load');
    if (!state.features.has(name)) {
      state.features.set(
        name,
        await classifier.features(shipped.pixels, shipped.count, names.features),
      );
    }
    const taught = state.examples.flatMap((e) => VARIATIONS.map((v) => vary(e.pixels, size, v)));
    const taughtFeatures = await classifier.features(
      concat(taught, Float32Array),
      taught.length,
      names.features,
    );
    const taughtLabels = state.examples.flatMap((e) => VARIATIONS.map(() => e.label));
    const weights = [
      ...new Array(shipped.count).fill((1 - TAUGHT_SHARE) / shipped.count),
      ...new Array(taught.length).fill(TAUGHT_SHARE / taught.length),
    ];
    return {
      features: concat([state.features.get(name), taughtFeatures], Float32Array),
      // The samples keep the answers the model gave them before it was taught anything.
      labels: [...new Array(shipped.count).fill(-1), ...taughtLabels],
      weights,
    };
  }

  /** Fits the model in use to the examples taught, or restores it when there are none. */
  async function retune() {
    const { files, name } = classifier.base;
    state.tuned = null;
    if (!state.examples.length) {
      if (classifier.taught) await classifier.load(files, name);
      return;
    }
    const head = await baseHead();
    const { kernel, bias } = await fitHead({
      ...(await trainingSet(head)),
      kernel: head.kernel,
      bias: head.bias,
    });
    const { names } = head;
    const tuned = withWeights(files, (spec) =>
      spec.name === names.kernel ? kernel : spec.name === names.bias ? bias : undefined,
    );
    await classifier.load(tuned, name, { taught: true });
    state.tuned = tuned;
  }

  /**
   * Runs a change after any change in progress, then refits the model in use and, unless
   * told not to, re-predicts what the page shows.
   */
  function queued(change, { refresh = true } = {}) {
    const run = state.queue.then(async () => {
      const result = await change();
      await retune();
      if (refresh) await onChanged();
      return result;
    });
    state.queue = run.catch(() => {});
    return run;
  }

  /**
   * Teaches one example (validated pixels and a class id) to the model in use. Resolves
   * with {before, after, seconds}: its probabilities before and after, and the time taken.
   */
  function teach(pixels, label) {
    const started = performance.now();
    let before;
    return queued(async () => {
      await baseHead(); // refuses a model that cannot be taught before keeping anything
      before = await classifier.predict(pixels, 1);
      const key = await saveTaught(pixels, label);
      state.examples.push({ key, pixels, label });
    }).then(async () => ({
      before,
      after: await classifier.predict(pixels, 1),
      seconds: (performance.now() - started) / 1000,
    }));
  }

  /** Removes the example at `index` from the model in use and from storage. */
  function remove(index) {
    return queued(async () => {
      const [removed] = state.examples.splice(index, 1);
      if (removed) await removeTaught([removed.key]);
    });
  }

  /** Drops every taught example: the model in use is as shipped (or trained) again. */
  function forget() {
    return queued(async () => {
      await removeTaught(state.examples.map((e) => e.key));
      state.examples = [];
    });
  }

  /** Reads the examples kept from earlier visits and teaches them; resolves with a note. */
  async function start() {
    const { examples, note } = await loadTaught(perImage, config.numClasses);
    if (examples.length) await queued(() => (state.examples = examples));
    return note;
  }

  return {
    start,
    teach,
    remove,
    forget,
    /** Fits a newly switched-to model to the examples taught; its caller re-predicts. */
    retune: () => queued(() => {}, { refresh: false }),
    /** The model in use as taught, for a download: {name, files}, or null. */
    get taughtModel() {
      return state.tuned && { name: classifier.base.name, files: state.tuned };
    },
    /** The examples taught: [{label, pixels}], oldest first. */
    get examples() {
      return state.examples.map(({ label, pixels }) => ({ label, pixels }));
    },
  };
}
