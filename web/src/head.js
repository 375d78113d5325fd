// Fine-tunes a model's classifier head, softmax(features · kernel + bias), on examples
// of its frozen features. The page's TF.js has no gradients (it only predicts), so the
// gradient of the cross-entropy is written out: features' · (probabilities − targets).
// The two matrix products run on the backend; the rest is small enough for plain JS.
import { fused, tensor1d, tensor2d, tidy } from './tfjs/index.js';

const STEPS = 120; // full-batch Adam steps
const RATE = 0.002; // Adam's learning rate
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;
const PULL = 1e-2; // L2 pull toward the head as it was, so that it changes no more than needed

/** Returns softmax(logits) row by row, in place: n rows of `classes` values. */
function softmaxRows(logits, classes) {
  for (let row = 0; row < logits.length; row += classes) {
    let top = -Infinity;
    for (let j = 0; j < classes; j++) top = Math.max(top, logits[row + j]);
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      logits[row + j] = Math.exp(logits[row + j] - top);
      sum += logits[row + j];
    }
    for (let j = 0; j < classes; j++) logits[row + j] /= sum;
  }
  return logits;
}

/** One Adam optimizer over a flat Float32Array of parameters. */
function adam(params) {
  const m = new Float32Array(params.length);
  const v = new Float32Array(params.length);
  let t = 0;
  return (grad) => {
    t += 1;
    const correct1 = 1 - BETA1 ** t;
    const correct2 = 1 - BETA2 ** t;
    for (let i = 0; i < params.length; i++) {
      m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
      v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
      params[i] -= (RATE * (m[i] / correct1)) / (Math.sqrt(v[i] / correct2) + EPSILON);
    }
  };
}

/**
 * Fits the head to examples: `features` (n × d Float32Array), their `labels` (−1: keep
 * the head's own answer for it) and `weights` (each example's share of the loss; they
 * sum to 1), starting from the head's `kernel` (d × classes) and `bias` (classes).
 * Returns the new {kernel, bias}.
 */
export async function fitHead({ features, labels, weights, kernel, bias }) {
  const n = labels.length;
  const classes = bias.length;
  const d = features.length / n;
  const start = Float32Array.from(kernel);
  const w = Float32Array.from(kernel);
  const b = Float32Array.from(bias);
  const stepW = adam(w);
  const stepB = adam(b);
  const x = tensor2d(features, [n, d]);
  let kept; // n × classes: the head's probabilities before any step
  try {
    for (let step = 0; step < STEPS; step++) {
      const logits = tidy(() =>
        fused.matMul({ a: x, b: tensor2d(w, [d, classes]), bias: tensor1d(b) }),
      );
      const probs = softmaxRows(await logits.data(), classes);
      logits.dispose();
      if (step === 0) kept = Float32Array.from(probs); // what the head said before
      // d(loss)/d(logits) = weight × (probabilities − target), row by row; the target
      // is the one-hot label, or for label −1 the head's own first answer (distillation).
      const delta = probs;
      const gradB = new Float32Array(classes);
      for (let i = 0; i < n; i++) {
        if (labels[i] >= 0) delta[i * classes + labels[i]] -= 1;
        else for (let j = 0; j < classes; j++) delta[i * classes + j] -= kept[i * classes + j];
        for (let j = 0; j < classes; j++) {
          delta[i * classes + j] *= weights[i];
          gradB[j] += delta[i * classes + j];
        }
      }
      const product = tidy(() =>
        fused.matMul({ a: x, b: tensor2d(delta, [n, classes]), transposeA: true }),
      );
      const gradW = await product.data();
      product.dispose();
      for (let i = 0; i < gradW.length; i++) gradW[i] += PULL * (w[i] - start[i]);
      stepW(gradW);
      stepB(gradB);
    }
  } finally {
    x.dispose();
  }
  return { kernel: w, bias: b };
}
