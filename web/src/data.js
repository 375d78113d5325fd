// Fetches the site's files through its manifest, which maps each logical name (such as
// "models/cnn/model.json") to its content-hashed file, size and SHA-256. Every download
// is checked against the manifest before use; a mismatch is an Error naming the file.
import { grouped } from './format.js';
import { decodeSprite } from './sprite.js';

let files = null; // the manifest's entries by logical name

async function fetchOk(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new Error(`${what} (${url}) could not be fetched: ${err.message}`);
  }
  if (!response.ok) {
    throw new Error(`${what} (${url}) answered ${response.status} ${response.statusText}`.trim());
  }
  return response;
}

function parseJson(bytes, what, url) {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(`${what} (${url}) is not valid JSON`);
  }
}

/** Joins typed arrays end to end into one new array of Type. */
export function concat(parts, Type) {
  const joined = new Type(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

const hex = (buffer) =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** Loads the manifest the build wrote; every other file is found through it. */
export async function loadManifest(url) {
  const response = await fetchOk(url, 'Site manifest');
  files = parseJson(await response.arrayBuffer(), 'Site manifest', url).files;
}

/** Returns the URL of a file in the site by its logical name. */
export function urlOf(logical) {
  const entry = files?.[logical];
  if (!entry) throw new Error(`${logical} is not listed in the site manifest`);
  return entry.url;
}

// TF.js's WASM binaries, by the file names TF.js asks for.
const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

/**
 * Returns the URLs of TF.js's WASM binaries by file name, as setWasmPaths takes them: the
 * page's, or those listed under `folder` (the training worker's whole ones).
 */
export function wasmUrls(folder = '') {
  return Object.fromEntries(WASM_FILES.map((name) => [name, urlOf(folder + name)]));
}

/** Returns the bytes of the site's files under a folder (such as "training/"). */
export function sizeUnder(folder) {
  return Object.entries(files ?? {})
    .filter(([logical]) => logical.startsWith(folder))
    .reduce((sum, [, entry]) => sum + entry.size, 0);
}

/** Reads a response's body, calling onProgress(bytes so far) as chunks arrive. */
async function readBody(response, onProgress) {
  if (!onProgress || !response.body) return response.arrayBuffer();
  const chunks = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    loaded += next.value.length;
    onProgress(loaded);
  }
  return concat(chunks, Uint8Array).buffer;
}

/**
 * Fetches a file and checks its size and SHA-256 against the manifest; returns its
 * bytes. onProgress(bytes so far), if given, follows the download.
 */
export async function fetchVerified(logical, what, onProgress) {
  const entry = files?.[logical];
  if (!entry) throw new Error(`${what}: ${logical} is not listed in the site manifest`);
  let bytes;
  const response = await fetchOk(entry.url, what);
  try {
    bytes = await readBody(response, onProgress);
  } catch (err) {
    throw new Error(`${what} (${entry.url}) stopped downloading: ${err.message}`);
  }
  if (bytes.byteLength !== entry.size) {
    throw new Error(
      `${what} (${entry.url}) is ${grouped(bytes.byteLength)} bytes, expected ` +
        `${grouped(entry.size)}: the download is truncated or damaged`,
    );
  }
  // Web Crypto exists only in secure contexts (https, localhost); elsewhere the size check stands.
  if (globalThis.crypto?.subtle) {
    const digest = hex(await crypto.subtle.digest('SHA-256', bytes));
    if (digest !== entry.sha256) {
      throw new Error(`${what} (${entry.url}) failed its SHA-256 check: the file is corrupted`);
    }
  }
  return bytes;
}

/** Fetches, verifies and parses a JSON file of the site. */
export async function fetchJson(logical, what) {
  return parseJson(await fetchVerified(logical, what), what, urlOf(logical));
}

/** Loads config.json: class names, image size, models and sample files. */
export function loadConfig() {
  return fetchJson('config.json', 'Site config');
}

/**
 * Loads a TF.js graph model's files, verified: {json, weightData}, its parsed
 * model.json and its weight shards joined into one ArrayBuffer (Classifier.load's input).
 */
export async function loadModelArtifacts(entry) {
  const what = `The ${entry.name} model`;
  const json = await fetchJson(entry.model, `${what} (model.json)`);
  if (!Array.isArray(json.weightsManifest)) {
    throw new Error(`${what} (${urlOf(entry.model)}) is not a TF.js graph model`);
  }
  const folder = entry.model.replace(/[^/]*$/, '');
  const shards = await Promise.all(
    json.weightsManifest.flatMap((group) =>
      group.paths.map((path) => fetchVerified(folder + path, `${what}'s weights (${path})`)),
    ),
  );
  const weights = concat(
    shards.map((shard) => new Uint8Array(shard)),
    Uint8Array,
  );
  return { json, weightData: weights.buffer };
}

/** Fetches and decodes a sprite, described by {file, tile, positions} (see sprite.js). */
async function loadSprite(sprite, what) {
  return decodeSprite(await fetchVerified(sprite.file, what), sprite, what, urlOf(sprite.file));
}

/** Loads the sample index: test-set indices, true labels and the sprites that hold them. */
export function loadSampleIndex(config) {
  return fetchJson(config.samples.index, 'Sample index');
}

/**
 * Loads the images of the first `parts` sprites of the sample (all by default): the
 * first part alone is enough for the first gallery, so the rest can follow later.
 * Returns {count, indices, labels, pixels, perImage}.
 */
export async function loadSamples(index, parts = Infinity) {
  const sprites = index.sprites.slice(0, parts);
  const decoded = await Promise.all(sprites.map((sprite) => loadSprite(sprite, 'Sample images')));
  const count = sprites.reduce((sum, sprite) => sum + sprite.positions.length, 0);
  const { tile } = index.sprites[0];
  return {
    count,
    indices: index.indices.slice(0, count),
    labels: index.labels.slice(0, count),
    pixels: concat(decoded, Float32Array),
    perImage: tile * tile,
  };
}

/** Returns the pixels of sample i (a view, not a copy). */
export function samplePixels(samples, i) {
  return samples.pixels.subarray(i * samples.perImage, (i + 1) * samples.perImage);
}

/**
 * Loads a model's training report and the pixels of its example mistakes: the
 * examples of each confused pair in turn, in the order the report lists the pairs.
 */
export async function loadReport(entry) {
  const what = `Training report for ${entry.name}`;
  const report = await fetchJson(entry.report, what);
  const examples = report.examples.positions.length
    ? await loadSprite(report.examples, `${what}: example images`)
    : new Float32Array(0);
  return { report, examples };
}

/** The parts of the train panel's data, in the order they download. */
const TRAINING_SPLITS = ['train', 'validation', 'test'];

/**
 * Fetches the train panel's files, verified: its index and every sprite's bytes,
 * {index, bytes} with bytes by logical name. onProgress(loaded, total) follows the
 * whole download in bytes.
 */
export async function loadTrainingFiles(training, onProgress) {
  const index = await fetchJson(training.index, 'Training data index');
  const sprites = TRAINING_SPLITS.flatMap((split) => index[split]?.sprites ?? []);
  if (!sprites.length) throw new Error(`Training data index (${urlOf(training.index)}) is empty`);
  const total = sprites.reduce((sum, sprite) => sum + (files[sprite.file]?.size ?? 0), 0);
  const loaded = new Map();
  const progress = (file) => (bytes) => {
    loaded.set(file, bytes);
    onProgress(
      [...loaded.values()].reduce((sum, n) => sum + n, 0),
      total,
    );
  };
  const bytes = await Promise.all(
    sprites.map((sprite) => fetchVerified(sprite.file, 'Training images', progress(sprite.file))),
  );
  return { index, bytes: Object.fromEntries(sprites.map((s, i) => [s.file, bytes[i]])) };
}
