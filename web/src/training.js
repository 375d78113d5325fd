// Trains the tutorial's model in the page: checks the settings, downloads the training
// images (verified against the manifest), runs the training worker, and turns what it
// learnt into a model the page predicts with and a download Keras can load.
// No DOM and no tensors here: the worker owns the training's TF.js.
import { loadModelArtifacts, loadTrainingFiles, urlOf, wasmUrls } from './data.js';
import { withWeights } from './graph.js';

const WORKER = 'train-worker.js'; // the training worker's logical name in the manifest
// Where the manifest lists the whole WASM binaries, which the worker's full TF.js needs
// (the page's are stripped to its own kernels).
const WORKER_WASM = 'train-worker/';
export const DOWNLOAD_NAME = 'fashion-mnist-trained'; // the download's model.json is this .json

/**
 * Returns the settings {epochs, batchSize, learningRate}, with the config's defaults
 * for missing ones, or throws an Error saying which setting is wrong and why.
 */
export function checkOptions(options, training) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new Error('Training options must be an object such as {epochs: 5}');
  }
  const given = options ?? {};
  const read = (key, label) => {
    const value = given[key] ?? training[key];
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      throw new Error(`${label} must be a number, got "${String(value)}"`);
    }
    return number;
  };
  const epochs = read('epochs', 'Epochs');
  const batchSize = read('batchSize', 'Batch size');
  const learningRate = read('learningRate', 'Learning rate');
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > training.maxEpochs) {
    throw new Error(`Epochs must be a whole number from 1 to ${training.maxEpochs}, got ${epochs}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > training.maxBatchSize) {
    throw new Error(
      `Batch size must be a whole number from 1 to ${training.maxBatchSize}, got ${batchSize}`,
    );
  }
  if (!(learningRate > 0 && learningRate <= training.maxLearningRate)) {
    throw new Error(
      `Learning rate must be above 0 and at most ${training.maxLearningRate}, got ${learningRate}`,
    );
  }
  return { epochs, batchSize, learningRate };
}

/**
 * Says why training cannot go on after a batch whose loss is `loss` (NaN or infinite:
 * the weights have diverged), or returns '' when the loss is a number.
 */
export function lossProblem(loss, epoch, batch) {
  if (Number.isFinite(loss)) return '';
  return `The loss became ${loss} at epoch ${epoch}, batch ${batch}; try a smaller learning rate`;
}

/**
 * Returns the weights of a layers model's files, [{shape, values}] in the order of its
 * weight specs (all float32, as the worker saves them): views into its weight data.
 */
export function layersWeights({ weightSpecs, weightData }) {
  let offset = 0;
  return weightSpecs.map(({ shape }) => {
    const values = new Float32Array(
      weightData,
      offset,
      shape.reduce((a, b) => a * b, 1),
    );
    offset += values.byteLength;
    return { shape, values };
  });
}

/**
 * Returns the graph-model files {json, weightData} the page predicts with: the
 * exported tutorial model's graph (`template`, its files as loaded for the page) with
 * the trained weights, in order and shape, in place of its own float weights.
 */
export function trainedGraph(template, weights) {
  let used = 0;
  const graph = withWeights(template, (spec, k) => {
    if (weights[k]?.shape.join('×') !== spec.shape.join('×')) {
      throw new Error(`the trained weights do not fit the model's graph at ${spec.name}`);
    }
    used = k + 1;
    return weights[k].values;
  });
  if (used !== weights.length) {
    throw new Error(`the model's graph has ${used} weights, but ${weights.length} were trained`);
  }
  return graph;
}

/**
 * Returns the download of a trained model as TF.js layers-model files, the format
 * the tensorflowjs converter loads into Keras: model.json and its weights file.
 */
export function downloadFiles({ modelTopology, weightSpecs, weightData }) {
  const weightsName = `${DOWNLOAD_NAME}.weights.bin`;
  const json = {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js in the Fashion-MNIST page',
    convertedBy: null,
    modelTopology,
    weightsManifest: [{ paths: [weightsName], weights: weightSpecs }],
  };
  return [
    { name: `${DOWNLOAD_NAME}.json`, type: 'application/json', data: JSON.stringify(json) },
    { name: weightsName, type: 'application/octet-stream', data: weightData },
  ];
}

/**
 * Creates the trainer; its worker computes on `threads` WASM threads (the page's own
 * count: a dedicated worker shares the page's cross-origin isolation). `onEvent` receives what the worker says as it goes:
 * {type: 'download', loaded, total}, {type: 'phase', phase}, {type: 'batches', points},
 * {type: 'epoch', epoch, loss, accuracy, valLoss, valAccuracy}.
 */
export function createTrainer(config, threads, onEvent) {
  let worker = null;
  let stopping = false; // Stop pressed before the worker started: it never starts

  /**
   * Trains with checked options; resolves with {epochs, seconds, stopped, testAccuracy,
   * confusion, files, weights, graph}, or rejects with an Error that says what went wrong.
   */
  async function train(options) {
    stopping = false;
    const entry = config.models.find((m) => m.name === config.training.model);
    onEvent({ type: 'phase', phase: 'loading' });
    const [{ index, bytes }, template] = await Promise.all([
      loadTrainingFiles(config.training, (loaded, total) =>
        onEvent({ type: 'download', loaded, total }),
      ),
      loadModelArtifacts(entry),
    ]);
    if (stopping) {
      throw Object.assign(new Error('Training was stopped before it began'), { stopped: true });
    }
    const wasmPaths = Object.fromEntries(
      Object.entries(wasmUrls(WORKER_WASM)).map(([name, url]) => [
        name,
        new URL(url, location.href).href,
      ]),
    );
    worker = new Worker(urlOf(WORKER));
    try {
      const result = await new Promise((resolve, reject) => {
        worker.onmessage = ({ data }) => {
          if (data.type === 'done') resolve(data);
          else if (data.type === 'failed') reject(new Error(data.message));
          else onEvent(data);
        };
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(`The training worker failed: ${event.message || 'it could not start'}`));
        };
        worker.postMessage(
          {
            type: 'train',
            index,
            bytes,
            options,
            wasmPaths,
            threads,
            numClasses: config.numClasses,
          },
          Object.values(bytes),
        );
      });
      const weights = layersWeights(result.files);
      return { ...result, weights, graph: trainedGraph(template, weights) };
    } finally {
      worker.terminate();
      worker = null;
    }
  }

  /** Asks the worker to stop after its current batch; the weights so far are kept. */
  function stop() {
    stopping = true;
    worker?.postMessage({ type: 'stop' });
  }

  return { train, stop };
}
