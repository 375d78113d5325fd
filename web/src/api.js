// window.fashionMnist, the page's hooks for its tests (shared/CONTRACT.md). It reads the
// page's parts and holds no TF.js itself, so validatePixels also runs in Node.
import { preprocess } from './preprocess.js';
import { judge } from './uncertainty.js';

/**
 * Checks a predict request and returns its pixels as a Float32Array (or other
 * values in [0, 1], called `name` in the messages). Throws an Error that says what
 * is wrong with it.
 */
export function validatePixels(pixels, n, perImage, name = 'pixels') {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`n must be a whole number of images ≥ 1, got ${String(n)}`);
  }
  const isArrayLike =
    Array.isArray(pixels) || (ArrayBuffer.isView(pixels) && !(pixels instanceof DataView));
  if (!isArrayLike) {
    throw new Error(`${name} must be a Float32Array or an array of numbers`);
  }
  if (pixels.length !== n * perImage) {
    throw new Error(
      `${name} has length ${pixels.length}, expected ${n} × ${perImage} = ${n * perImage}`,
    );
  }
  const values = Float32Array.from(pixels);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof pixels[i] !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new Error(
        `${name}[${i}] is ${String(pixels[i])}; every value must be a number in [0, 1]`,
      );
    }
  }
  return values;
}

/**
 * Checks one example to teach, 784 pixel values and a class id of `classes`; returns the
 * pixels as a Float32Array, or throws an Error that says what is wrong with it.
 */
export function validateExample(pixels, label, perImage, classes) {
  const values = validatePixels(pixels, 1, perImage);
  if (!Number.isInteger(label) || label < 0 || label >= classes) {
    throw new Error(
      `label must be a class id, a whole number from 0 to ${classes - 1}; got ${String(label)}`,
    );
  }
  return values;
}

/**
 * Builds the contract's object. `ready` settles once the page has started; backend(),
 * threads() and memory() report on TF.js. The page's parts join later with connect({config,
 * classifier, models}), `models` being the switching controller, once the config is in.
 */
export function createApi(ready, { backend, threads, memory }) {
  const parts = {
    config: null,
    classifier: null,
    models: null,
    trainPanel: null, // promises of the panels, loaded after the first prediction
    teachPanel: null,
    teaching: null, // the teach panel, once loaded
  };

  /** The contract's predict: validates, waits for the model, returns n × 10 probabilities. */
  async function predict(pixels, n = 1) {
    if (!parts.config) await ready;
    const size = parts.config.imageSize;
    const values = validatePixels(pixels, n, size * size);
    await ready;
    return parts.classifier.predict(values, n);
  }

  /** The contract's preprocess: the pipeline drawings and uploads go through. */
  function preprocessForApi(source) {
    if (!parts.config)
      throw new Error('preprocess: the page is still loading; await fashionMnist.ready');
    return preprocess(source, parts.config.imageSize);
  }

  /**
   * Whether the page trusts one image's probabilities (10 numbers, as predict returns
   * them) under the model in use: {unsure, torn, first, second, confidence}, the same
   * verdict the drawing result and the gallery show. Beyond the contract: for tools.
   */
  function judgeForApi(probs) {
    if (!parts.models?.info)
      throw new Error('judge: the page is still loading; await fashionMnist.ready');
    const values = validatePixels(probs, 1, parts.config.numClasses, 'probs');
    return judge(values, parts.models.info.calibration);
  }

  /** The contract's setModel: switches models, then re-predicts the gallery and drawing. */
  async function setModel(name) {
    if (!parts.models) await ready;
    return parts.models.setModel(name);
  }

  /** The contract's train: trains the tutorial's model in the page (see train-panel.js). */
  async function train(options) {
    await ready;
    return (await parts.trainPanel).train(options);
  }

  /** The contract's teach: checks the example, then teaches it to the model in use. */
  async function teach(pixels, label) {
    if (!parts.config) await ready;
    const { imageSize, numClasses } = parts.config;
    const values = validateExample(pixels, label, imageSize ** 2, numClasses);
    await ready;
    await (await parts.teachPanel).teach(values, label);
  }

  /** The contract's forget: drops every taught example and restores the model in use. */
  async function forget() {
    await ready;
    await (await parts.teachPanel).forget();
  }

  const contract = {
    ready,
    get classNames() {
      return parts.config ? [...parts.config.classNames] : [];
    },
    get model() {
      const info = parts.models?.info;
      return info
        ? { name: info.name, params: info.params, testAccuracy: info.testAccuracy }
        : null;
    },
    get backend() {
      return backend();
    },
    get threads() {
      return threads();
    },
    get models() {
      if (parts.models) return parts.models.names;
      return parts.config ? parts.config.models.map((m) => m.name) : [];
    },
    memory,
    predict,
    preprocess: preprocessForApi,
    judge: judgeForApi,
    setModel,
    train,
    teach,
    /** The examples taught and kept: [{label}] (none until the page is ready). */
    taught() {
      return parts.teaching?.taught() ?? [];
    },
    forget,
  };
  return { contract, connect: (loaded) => Object.assign(parts, loaded) };
}
