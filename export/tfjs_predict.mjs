// Runs an exported TF.js graph model in Node with TensorFlow.js itself, on the same
// WASM backend the page uses, so the export can check what the browser will compute.
//
//   node export/tfjs_predict.mjs MODEL_JSON IMAGES COUNT OUT
//
// IMAGES holds COUNT images as raw uint8 pixels (COUNT × 28 × 28, row-major);
// OUT receives COUNT × classes float32 probabilities (little-endian).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-wasm');
const { loadGraphModel } = require('@tensorflow/tfjs-converter');

const BATCH = 1000;

async function loadModel(modelJson) {
  const json = JSON.parse(readFileSync(modelJson, 'utf8'));
  const shards = json.weightsManifest.flatMap((group) =>
    group.paths.map((path) => readFileSync(join(dirname(modelJson), path))),
  );
  const weights = Buffer.concat(shards);
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      format: json.format,
      signature: json.signature,
    }),
  );
}

async function main([modelJson, imagesPath, countText, outPath]) {
  if (!outPath) throw new Error('usage: tfjs_predict.mjs MODEL_JSON IMAGES COUNT OUT');
  await tf.setBackend('wasm');
  const model = await loadModel(modelJson);
  const [, height, width] = model.inputs[0].shape;
  const count = Number(countText);
  const pixels = readFileSync(imagesPath);
  if (pixels.length !== count * height * width) {
    throw new Error(`${imagesPath} holds ${pixels.length} bytes, not ${count} images`);
  }
  const chunks = [];
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    const slice = pixels.subarray(start * height * width, (start + n) * height * width);
    const probs = tf.tidy(() =>
      model.predict(tf.tensor3d(Float32Array.from(slice, (v) => v / 255), [n, height, width])),
    );
    chunks.push(await probs.data());
    probs.dispose();
  }
  const out = new Float32Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  writeFileSync(outPath, Buffer.from(out.buffer));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
