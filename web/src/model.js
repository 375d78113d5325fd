// Owns TensorFlow.js: the backend, the loaded model and every tensor. No DOM here.
import * as tf from '@tensorflow/tfjs';

const BATCH = 1000; // images per predict call; bounds memory for big requests

/** Starts the first backend that works, in order of preference, and returns its name. */
export async function initBackend(preferred = ['webgl', 'cpu']) {
  for (const name of preferred) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // Try the next backend.
    }
  }
  throw new Error(`No TensorFlow.js backend could start (tried ${preferred.join(', ')})`);
}

export const currentBackend = () => tf.getBackend();
export const memory = () => tf.memory();

/**
 * Checks a predict request and returns its pixels as a Float32Array.
 * Throws an Error that says what is wrong with it.
 */
export function validatePixels(pixels, n, perImage) {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`n must be a whole number of images ≥ 1, got ${String(n)}`);
  }
  const isArrayLike =
    Array.isArray(pixels) || (ArrayBuffer.isView(pixels) && !(pixels instanceof DataView));
  if (!isArrayLike) {
    throw new Error('pixels must be a Float32Array or an array of numbers');
  }
  if (pixels.length !== n * perImage) {
    throw new Error(
      `pixels has length ${pixels.length}, expected ${n} × ${perImage} = ${n * perImage}`,
    );
  }
  const values = Float32Array.from(pixels);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof pixels[i] !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new Error(
        `pixels[${i}] is ${String(pixels[i])}; every value must be a number in [0, 1]`,
      );
    }
  }
  return values;
}

/** A loaded TF.js layers model that maps n × size × size pixels to n × classes probabilities. */
export class Classifier {
  constructor(imageSize, numClasses) {
    this.imageSize = imageSize;
    this.numClasses = numClasses;
    this.model = null;
  }

  /** Loads a layers model from url, warms it up, and only then makes it current. */
  async load(url) {
    let model;
    try {
      model = await tf.loadLayersModel(url);
    } catch (err) {
      throw new Error(`The model (${url}) could not be loaded: ${err.message}`);
    }
    // One throwaway prediction compiles kernels now, not in front of the visitor.
    tf.tidy(() => model.predict(tf.zeros([1, this.imageSize, this.imageSize])));
    const previous = this.model;
    this.model = model;
    previous?.dispose();
  }

  /**
   * Returns which pixels drove the prediction of class `cls` for one image: the
   * gradient of that class's probability with respect to each input pixel,
   * averaged over noisy copies of the image (SmoothGrad, Smilkov et al. 2017)
   * and scaled to [0, 1]. A Float32Array(size × size).
   */
  async saliency(pixels, cls, copies = 4, noise = 0.1) {
    if (!this.model) throw new Error('No model is loaded');
    const size = this.imageSize;
    const map = tf.tidy(() => {
      const image = tf.tensor3d(pixels, [1, size, size]);
      const noisy = image.add(tf.randomNormal([copies, size, size], 0, noise, 'float32', 7));
      const classProbability = (x) =>
        this.model.apply(x, { training: false }).gather([cls], 1).sum();
      const magnitude = tf.grad(classProbability)(noisy).abs().mean(0); // (size, size)
      return magnitude.div(magnitude.max().add(1e-12));
    });
    try {
      return await map.data();
    } finally {
      map.dispose();
    }
  }

  /** Returns a Float32Array of n × classes probabilities for validated pixels. */
  async predict(pixels, n) {
    if (!this.model) throw new Error('No model is loaded');
    const perImage = this.imageSize * this.imageSize;
    const out = new Float32Array(n * this.numClasses);
    for (let start = 0; start < n; start += BATCH) {
      const count = Math.min(BATCH, n - start);
      const slice = pixels.subarray(start * perImage, (start + count) * perImage);
      const probs = tf.tidy(() =>
        this.model.predict(tf.tensor3d(slice, [count, this.imageSize, this.imageSize])),
      );
      try {
        out.set(await probs.data(), start * this.numClasses);
      } finally {
        probs.dispose();
      }
    }
    return out;
  }
}
