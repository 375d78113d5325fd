// The Web Worker that trains the tutorial's model, off the page's main thread so the
// page stays responsive. It has its own full TF.js (layers, gradients, optimizers),
// built as a separate file that is fetched only when a visitor starts training.
//
// In:  {type: 'train', index, bytes, options, wasmPaths, threads, numClasses}, then
//      {type: 'stop'} at any time.
// Out: {type: 'phase', phase}, {type: 'batches', points}, {type: 'epoch', ...},
//      then {type: 'done', ...} or {type: 'failed', message}.
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import { concat } from './data.js';
import { decodeSprite } from './sprite.js';
import { lossProblem } from './training.js';

const BATCH_POST_MS = 100; // batch points are sent to the page at most this often
const YIELD_MS = 30; // the worker reads its messages (Stop) at least this often
const EVALUATE_BATCH = 1000; // test images per predict call

let stopRequested = false;

/** Lets the worker's queued messages (Stop) run; MessageChannel has no timer clamping. */
const channel = new MessageChannel();
const yieldToMessages = () =>
  new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });

// Load ---------------------------------------------------------------------------

/** Decodes one split's sprites into {x: n × 28 × 28 tensor, y: n labels, count}. */
async function loadSplit(split, bytes, name) {
  const parts = await Promise.all(
    split.sprites.map((sprite) =>
      decodeSprite(bytes[sprite.file], sprite, `Training images (${name})`, sprite.file),
    ),
  );
  const count = split.labels.length;
  const pixels = concat(parts, Float32Array);
  const { tile } = split.sprites[0];
  if (pixels.length !== count * tile * tile) {
    throw new Error(`The ${name} images and labels disagree: the training data is damaged`);
  }
  return {
    x: tf.tensor3d(pixels, [count, tile, tile]),
    y: tf.tensor1d(split.labels, 'float32'),
    count,
  };
}

/**
 * Starts the WASM backend, threaded when the page says threads help and it is isolated,
 * or the CPU one if WASM cannot start. Returns {backend, threads}.
 */
async function startBackend(wasmPaths, threads) {
  if (threads > 1) {
    // TF.js's threaded build sizes its pool of WASM threads from navigator.hardwareConcurrency
    // (one per two cores), read here in the worker. The page chose `threads` from its own
    // core count, the same on a real device; this keeps the pool at the page's choice where
    // the page's count is emulated (the tests and the benchmark make the browser report more).
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads });
    setThreadsCount(threads);
  } else {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  setWasmPaths(wasmPaths);
  try {
    if (await tf.setBackend('wasm')) return { backend: 'wasm', threads: getThreadsCount() };
  } catch {
    // falls through to the CPU backend
  }
  await tf.setBackend('cpu');
  return { backend: tf.getBackend(), threads: 1 };
}

// Build ---------------------------------------------------------------------------

/** Builds and compiles the tutorial's model: Flatten → Dense(128, relu) → Dense(10). */
function buildModel(imageSize, learningRate) {
  const model = sequential({
    layers: [
      layers.flatten({ inputShape: [imageSize, imageSize] }),
      layers.dense({ units: 128, activation: 'relu' }),
      layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(learningRate),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

// Train ---------------------------------------------------------------------------

/** Fits the model, reporting every batch and epoch; Stop ends it after the current batch. */
async function fit(model, train, validation, { epochs, batchSize }) {
  const batches = Math.ceil(train.count / batchSize);
  let points = [];
  let lastPost = performance.now();
  let lastYield = lastPost;
  let epochsDone = 0;
  let failure = null;
  await model.fit(train.x, train.y, {
    epochs,
    batchSize,
    shuffle: true,
    validationData: [validation.x, validation.y],
    yieldEvery: 'never', // the callbacks below yield, without requestAnimationFrame's waits
    callbacks: {
      onBatchEnd: async (batch, logs) => {
        failure = lossProblem(logs.loss, epochsDone + 1, batch + 1);
        if (failure) {
          model.stopTraining = true;
          return;
        }
        points.push({
          epoch: epochsDone + (batch + 1) / batches,
          loss: logs.loss,
          accuracy: logs.acc,
        });
        const now = performance.now();
        if (now - lastPost >= BATCH_POST_MS) {
          postMessage({ type: 'batches', points });
          points = [];
          lastPost = now;
        }
        if (now - lastYield >= YIELD_MS) {
          await yieldToMessages();
          lastYield = performance.now();
        }
        if (stopRequested) model.stopTraining = true;
      },
      onEpochEnd: async (epoch, logs) => {
        if (points.length) postMessage({ type: 'batches', points });
        points = [];
        // A stop mid-epoch ends it early, without validation: it does not count as done.
        if (failure || logs.val_loss === undefined) return;
        epochsDone = epoch + 1;
        postMessage({
          type: 'epoch',
          epoch: epochsDone,
          loss: logs.loss,
          accuracy: logs.acc,
          valLoss: logs.val_loss,
          valAccuracy: logs.val_acc,
        });
      },
    },
  });
  if (failure) throw new Error(failure);
  return epochsDone;
}

// Evaluate ------------------------------------------------------------------------

/** Returns {testAccuracy, confusion} of the model on the test images (rows: true class). */
async function evaluate(model, test, numClasses) {
  const confusion = Array.from({ length: numClasses }, () => new Array(numClasses).fill(0));
  const labels = await test.y.data();
  let right = 0;
  for (let start = 0; start < test.count; start += EVALUATE_BATCH) {
    const size = Math.min(EVALUATE_BATCH, test.count - start);
    const predicted = tf.tidy(() => tf.argMax(model.predict(tf.slice(test.x, start, size)), -1));
    const classes = await predicted.data();
    predicted.dispose();
    classes.forEach((cls, i) => {
      const label = labels[start + i];
      confusion[label][cls] += 1;
      if (cls === label) right += 1;
    });
  }
  return { testAccuracy: right / test.count, confusion };
}

// Save ----------------------------------------------------------------------------

/** Returns the model's TF.js layers-model files, {modelTopology, weightSpecs, weightData}. */
async function saveModel(model) {
  let saved;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const { modelTopology, weightSpecs, weightData } = saved;
  return { modelTopology, weightSpecs, weightData };
}

// The whole run -------------------------------------------------------------------

async function train({ index, bytes, options, wasmPaths, threads, numClasses }) {
  const started = performance.now();
  const runtime = await startBackend(wasmPaths, threads);
  postMessage({ type: 'phase', phase: 'preparing', ...runtime });
  const [trainSet, validation, test] = await Promise.all([
    loadSplit(index.train, bytes, 'training'),
    loadSplit(index.validation, bytes, 'validation'),
    loadSplit(index.test, bytes, 'test'),
  ]);
  const model = buildModel(index.train.sprites[0].tile, options.learningRate);
  try {
    postMessage({ type: 'phase', phase: 'training', images: trainSet.count });
    const epochs = await fit(model, trainSet, validation, options);
    const trainedIn = (performance.now() - started) / 1000;
    postMessage({ type: 'phase', phase: 'evaluating', images: test.count });
    const evaluation = await evaluate(model, test, numClasses);
    const files = await saveModel(model);
    postMessage(
      {
        type: 'done',
        epochs,
        seconds: trainedIn,
        stopped: stopRequested,
        ...runtime,
        ...evaluation,
        files,
      },
      [files.weightData],
    );
  } finally {
    model.dispose();
    for (const split of [trainSet, validation, test]) tf.dispose([split.x, split.y]);
  }
}

self.onmessage = ({ data }) => {
  if (data.type === 'stop') {
    stopRequested = true;
  } else if (data.type === 'train') {
    train(data).catch((err) => postMessage({ type: 'failed', message: err.message }));
  }
};
