// Owns TensorFlow.js: the backend, the loaded model and every tensor. No DOM here.
import { concat } from './data.js';
import { nextTask } from './tasks.js';
import {
  env,
  getBackend,
  getThreadsCount,
  io,
  loadFallback,
  loadGraphModel,
  loadThreadedGlue,
  memory as tfMemory,
  ready,
  setBackend,
  setThreadsCount,
  setWasmPaths,
  tensor3d,
  tidy,
} from './tfjs/index.js';

export const BACKENDS = ['wasm', 'webgl', 'cpu']; // in order of preference
const BATCH = 1000; // images per predict call; bounds memory for big requests
const OCCLUSION_PATCH = 4; // saliency: side of the square hidden from the model, in pixels
const OCCLUSION_STRIDE = 2;
// WASM threads at most: beyond this, a model this small gains less than the threads cost.
const MAX_THREADS = 4;

export const currentBackend = () => getBackend();
export const memory = () => tfMemory();

/** Returns how many threads the backend computes with: 1 but on threaded WASM. */
export const threadCount = () => (getBackend() === 'wasm' ? getThreadsCount() : 1);

/**
 * Returns how many WASM threads would help on this device, 1 if threads would not.
 * TF.js runs at most one thread per two logical cores (it takes two to be one physical
 * core), so a two-core device would only pay for a threaded start-up it cannot use.
 */
export function usefulThreads() {
  const cores = globalThis.navigator?.hardwareConcurrency || 1;
  return Math.max(1, Math.min(Math.floor(cores / 2), MAX_THREADS));
}

/**
 * Tells whether WASM may run threaded: threads must help, and they need SharedArrayBuffer,
 * which browsers give only to cross-origin isolated pages (COOP and COEP headers, sent by
 * the server or added by the service worker).
 */
const threaded = () =>
  usefulThreads() > 1 &&
  globalThis.crossOriginIsolated === true &&
  typeof SharedArrayBuffer === 'function';

/** Returns how many threads WASM runs with in this page (and its workers): 1 unless threaded. */
export const wasmThreads = () => (threaded() ? usefulThreads() : 1);

/** Loads the threaded WASM loader; if it cannot, says why in `skipped` and returns false. */
async function threadedLoaderLoads(skipped) {
  try {
    await loadThreadedGlue();
    return true;
  } catch (err) {
    skipped.push(`WASM threads (their loader could not load: ${err.message})`);
    return false;
  }
}

/**
 * Starts the first backend that works, trying `preferred` first, then the others in
 * the order of BACKENDS. Returns {name, skipped}: skipped says why others did not start.
 * wasmFiles maps the .wasm file names to their URLs in the site.
 */
export async function initBackend(preferred, wasmFiles) {
  const skipped = [];
  // When it may thread, TF.js's own test still picks the binary (threaded SIMD, SIMD, plain).
  if (threaded() && (await threadedLoaderLoads(skipped))) {
    setThreadsCount(usefulThreads());
  } else {
    env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  setWasmPaths(wasmFiles);
  const order = [preferred, ...BACKENDS.filter((name) => name !== preferred)].filter(Boolean);
  for (const name of order) {
    if (name === 'wasm' && typeof WebAssembly !== 'object') {
      skipped.push('wasm (this browser has no WebAssembly)');
      continue;
    }
    try {
      if (name !== 'wasm') await loadFallback(name);
      if (await setBackend(name)) {
        await ready();
        return { name: getBackend(), skipped };
      }
      skipped.push(`${name} (it did not start)`);
    } catch (err) {
      skipped.push(`${name} (${err.message})`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

/**
 * Returns the artifacts tf.io.fromMemory takes, from a graph model's parsed model.json
 * and its weight shards joined into one ArrayBuffer (in the manifest's order).
 */
function artifactsFrom({ json, weightData }) {
  if (!json?.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error('it is not a TF.js graph model');
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData,
    format: json.format,
    signature: json.signature,
  };
}

/** A TF.js graph model that maps n × size × size pixels to n × classes probabilities. */
export class Classifier {
  constructor(imageSize, numClasses) {
    this.imageSize = imageSize;
    this.numClasses = numClasses;
    this.model = null;
  }

  /**
   * Makes a model current from its verified files, {json, weightData} (see data.js). A
   * model that replaces another first makes one throwaway prediction, which initialises
   * its kernels out of sight; the first model's first prediction is the gallery's, which
   * a throwaway one would only delay. A model `taught` is a variant of the one in use:
   * `base` keeps the files it came from.
   */
  async load(files, name, { taught = false } = {}) {
    let model;
    try {
      model = await loadGraphModel(io.fromMemory(artifactsFrom(files)));
    } catch (err) {
      throw new Error(`The ${name} model could not be built: ${err.message}`);
    }
    await nextTask(); // decoding the weights was one long step; predicting is the next
    const previous = this.model;
    if (previous) {
      const warmUp = tidy(() =>
        model.predict(
          tensor3d(new Float32Array(this.imageSize ** 2), [1, this.imageSize, this.imageSize]),
        ),
      );
      await warmUp.data();
      warmUp.dispose();
    }
    this.model = model;
    this.taught = taught;
    if (!taught) this.base = { files, name };
    previous?.dispose();
  }

  /** Returns n × d values of graph node `node` (such as the head's input) for validated pixels. */
  async features(pixels, n, node) {
    const size = this.imageSize;
    const parts = [];
    for (let start = 0; start < n; start += BATCH) {
      const count = Math.min(BATCH, n - start);
      const slice = pixels.subarray(start * size * size, (start + count) * size * size);
      const out = tidy(() => this.model.execute(tensor3d(slice, [count, size, size]), node));
      try {
        parts.push(await out.data());
      } finally {
        out.dispose();
      }
    }
    return concat(parts, Float32Array);
  }

  /** Returns the float32 values of the model's named weights (dequantized). */
  weightValues(names) {
    return Promise.all(names.map((name) => this.model.weights[name][0].data()));
  }

  /** Returns a Float32Array of n × classes probabilities for validated pixels. */
  async predict(pixels, n) {
    if (!this.model) throw new Error('No model is loaded');
    const size = this.imageSize;
    const out = new Float32Array(n * this.numClasses);
    for (let start = 0; start < n; start += BATCH) {
      const count = Math.min(BATCH, n - start);
      const slice = pixels.subarray(start * size * size, (start + count) * size * size);
      const probs = tidy(() => this.model.predict(tensor3d(slice, [count, size, size])));
      try {
        out.set(await probs.data(), start * this.numClasses);
      } finally {
        probs.dispose();
      }
    }
    return out;
  }

  /**
   * Returns which pixels drove the prediction of class `cls` for one image, by
   * occlusion (Zeiler and Fergus, 2014): hide each small square of the image in turn
   * and measure how much the class's probability drops. A Float32Array(size × size)
   * scaled to [0, 1].
   */
  async saliency(pixels, cls) {
    const size = this.imageSize;
    const starts = [];
    for (let at = 0; at + OCCLUSION_PATCH <= size; at += OCCLUSION_STRIDE) starts.push(at);
    const n = starts.length ** 2;
    const batch = new Float32Array((n + 1) * size * size);
    batch.set(pixels); // image 0: the original
    let k = 1;
    for (const top of starts) {
      for (const left of starts) {
        const copy = batch.subarray(k * size * size, (k + 1) * size * size);
        copy.set(pixels);
        for (let y = top; y < top + OCCLUSION_PATCH; y++) {
          copy.fill(0, y * size + left, y * size + left + OCCLUSION_PATCH);
        }
        k += 1;
      }
    }
    const probs = await this.predict(batch, n + 1);
    const base = probs[cls];
    const heat = new Float32Array(size * size);
    const cover = new Float32Array(size * size);
    k = 1;
    for (const top of starts) {
      for (const left of starts) {
        const drop = Math.max(0, base - probs[k * this.numClasses + cls]);
        for (let y = top; y < top + OCCLUSION_PATCH; y++) {
          for (let x = left; x < left + OCCLUSION_PATCH; x++) {
            heat[y * size + x] += drop;
            cover[y * size + x] += 1;
          }
        }
        k += 1;
      }
    }
    let peak = 0;
    for (let i = 0; i < heat.length; i++) {
      heat[i] = cover[i] ? heat[i] / cover[i] : 0;
      peak = Math.max(peak, heat[i]);
    }
    return peak > 0 ? heat.map((v) => v / peak) : heat;
  }
}
