// Runs an exported TF.js graph model in Node with the page's own model module
// (web/src/model.js, bundled with the page's trimmed TF.js, on the WASM backend the
// page starts with), so the export checks exactly what the browser will compute.
//
//   node export/tfjs_predict.mjs MODEL_JSON IMAGES COUNT OUT
//
// IMAGES holds COUNT images as raw uint8 pixels (COUNT × 28 × 28, row-major);
// OUT receives COUNT × classes float32 probabilities (little-endian).
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trimmedTfjs } from '../web/esbuild.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const WASM_DIR = join(
  dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);

/** Bundles the page's model module for Node and loads it. */
async function loadPageModel() {
  const folder = mkdtempSync(join(tmpdir(), 'tfjs-predict-'));
  try {
    const outfile = join(folder, 'model.cjs');
    await build({
      entryPoints: [join(ROOT, 'web', 'src', 'model.js')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs', // TF.js's Node platform code calls require()
      plugins: [trimmedTfjs],
      logLevel: 'error',
    });
    return require(outfile);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The shape of a graph model's only input or output, from its signature. */
const shapeOf = (tensors) => Object.values(tensors)[0].tensorShape.dim.map((d) => Number(d.size));

async function main([modelJson, imagesPath, countText, outPath]) {
  if (!outPath) throw new Error('usage: tfjs_predict.mjs MODEL_JSON IMAGES COUNT OUT');
  const { Classifier, initBackend } = await loadPageModel();
  const simd = join(WASM_DIR, 'tfjs-backend-wasm-simd.wasm');
  const { name } = await initBackend('wasm', {
    'tfjs-backend-wasm-simd.wasm': simd,
    'tfjs-backend-wasm.wasm': join(WASM_DIR, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-threaded-simd.wasm': simd, // never used: threads are off
  });
  if (name !== 'wasm') throw new Error(`the WASM backend did not start (got ${name})`);

  const json = JSON.parse(readFileSync(modelJson, 'utf8'));
  const shards = json.weightsManifest.flatMap((group) =>
    group.paths.map((path) => readFileSync(join(dirname(modelJson), path))),
  );
  const weights = Buffer.concat(shards);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length);
  const [, size] = shapeOf(json.signature.inputs); // (batch, size, size)
  const numClasses = shapeOf(json.signature.outputs).at(-1); // (batch, classes)
  const count = Number(countText);
  const pixels = readFileSync(imagesPath);
  if (pixels.length !== count * size * size) {
    throw new Error(`${imagesPath} holds ${pixels.length} bytes, not ${count} images`);
  }
  const classifier = new Classifier(size, numClasses);
  await classifier.load({ json, weightData }, modelJson);
  const probs = await classifier.predict(
    Float32Array.from(pixels, (v) => v / 255),
    count,
  );
  writeFileSync(outPath, Buffer.from(probs.buffer, probs.byteOffset, probs.byteLength));
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
