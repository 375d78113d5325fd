// Assembles the static site in web/dist from the page's source (web/src, web/static) and
// the exported model and data files (web/public):
//
// - the page's JavaScript, bundled with a trimmed TF.js (web/src/tfjs), minified, split so
//   the WebGL and CPU fallbacks load only when needed; source maps are written but never
//   linked, so visitors never fetch them;
// - TF.js's WASM binaries, stripped to the kernels the page runs (strip_wasm.mjs);
// - the training worker, bundled apart with the full TF.js it trains with, and the whole
//   WASM binaries that TF.js needs;
// - every file but index.html and sw.js under a content-hashed name, so hosts can cache
//   them for ever; manifest-<hash>.json maps each logical name to its file, size and
//   SHA-256, and the page verifies what it downloads against it;
// - sw.js, the service worker that keeps the site available offline;
// - beside every file a host may send compressed, a brotli (.br) and a gzip (.gz) copy, so
//   that hosts (and `python -m web`) send them as they are, at the best compression.
//
// The site is built in a staging folder beside web/dist and swapped in only when complete.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { trimmedTfjs } from './esbuild.mjs';
import { GRAPH_OPS, WASM_KERNELS } from './src/tfjs/graph_ops.js';
import { stripWasm } from './strip_wasm.mjs';

const WEB = dirname(fileURLToPath(import.meta.url));
const SRC = join(WEB, 'src');
const require = createRequire(import.meta.url);
const WASM_DIR = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
const WASM_FILES = [
  'tfjs-backend-wasm-threaded-simd.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm.wasm',
];
// Files worth compressing, and the copies written beside them. Not PNGs (compressed
// already), nor source maps and licence texts (the page never fetches them).
const COMPRESSIBLE = /\.(html|js|css|json|wasm|bin)$/;
const COMPRESSED = {
  '.br': (bytes) =>
    brotliCompressSync(bytes, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  '.gz': (bytes) => gzipSync(bytes, { level: zlib.Z_BEST_COMPRESSION }),
};
const TRAIN_WORKER = 'train-worker.js'; // the training worker's logical name in the manifest
const WORKER_WASM = 'train-worker/'; // where the manifest lists the worker's whole binaries
const PRELOADS = '<!-- preloads -->'; // where index.html gets its <link rel=modulepreload> tags

const { values: args } = parseArgs({
  options: {
    public: { type: 'string', default: join(WEB, 'public') },
    out: { type: 'string', default: join(WEB, 'dist') },
    'no-minify': { type: 'boolean', default: false },
  },
});
const publicDir = resolve(args.public);
const outDir = resolve(args.out);

class BuildError extends Error {}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Lists the files under a folder, as paths relative to it with forward slashes. */
function filesUnder(folder, prefix = '') {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(folder, path) : [path];
  });
}

/** Copies a file under a content-hashed name and returns its manifest entry. */
function addHashed(stage, logical, bytes) {
  const hash = sha256(bytes);
  const ext = extname(logical);
  const url = `${logical.slice(0, logical.length - ext.length)}-${hash.slice(0, 12)}${ext}`;
  mkdirSync(dirname(join(stage, url)), { recursive: true });
  writeFileSync(join(stage, url), bytes);
  return { url, size: bytes.length, sha256: hash };
}

/** Refuses a model that uses an op the page's trimmed TF.js cannot run. */
function checkModelOps(logical, bytes) {
  const topology = JSON.parse(bytes).modelTopology;
  const unknown = [...new Set((topology.node ?? []).map((node) => node.op))].filter(
    (op) => !GRAPH_OPS.includes(op),
  );
  if (unknown.length) {
    throw new BuildError(
      `${logical} uses ops the page's TF.js build does not include: ${unknown.join(', ')}. ` +
        'Add their kernels in web/src/tfjs/index.js and the ops in web/src/tfjs/graph_ops.js.',
    );
  }
}

async function bundle(stage) {
  const result = await build({
    entryPoints: { app: join(SRC, 'main.js') },
    outdir: stage,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2020',
    minify: !args['no-minify'],
    sourcemap: 'external', // written for debugging, never linked from the page
    legalComments: 'external',
    metafile: true,
    plugins: [trimmedTfjs],
    logLevel: 'error',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const [entry, meta] = outputs.find(([, output]) => output.entryPoint?.endsWith('main.js'));
  // The chunks the entry imports statically: the page needs them before anything runs.
  const chunks = meta.imports
    .filter((imported) => imported.kind === 'import-statement')
    .map((imported) => relative(stage, resolve(imported.path)));
  return { app: basename(entry), chunks };
}

/**
 * Bundles the training worker on its own, with the full TF.js it trains with (not the
 * page's trimmed one); only visitors who start training fetch it. Returns its bytes.
 */
async function bundleWorker() {
  const result = await build({
    entryPoints: [join(SRC, 'train-worker.js')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    minify: !args['no-minify'],
    legalComments: 'none', // the page's legal comments file already covers TF.js
    write: false,
    logLevel: 'error',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

function serviceWorker(stage, precache) {
  const build = sha256(JSON.stringify(precache)).slice(0, 12);
  const source = readFileSync(join(SRC, 'sw.js'), 'utf8')
    .replace("'__BUILD__'", JSON.stringify(build))
    .replace("['__PRECACHE__']", JSON.stringify(precache));
  if (source.includes('__PRECACHE__') || source.includes('__BUILD__')) {
    throw new BuildError('web/src/sw.js lacks its __BUILD__ or __PRECACHE__ placeholder');
  }
  writeFileSync(join(stage, 'sw.js'), source);
}

/**
 * Writes the .br and .gz copies of every compressible file in the stage, each only if it
 * is smaller than the file. They are the same files in transport form: no manifest or
 * precache lists them.
 */
function precompress(stage) {
  for (const file of filesUnder(stage).filter((f) => COMPRESSIBLE.test(f))) {
    const bytes = readFileSync(join(stage, file));
    for (const [suffix, compress] of Object.entries(COMPRESSED)) {
      const copy = compress(bytes);
      if (copy.length < bytes.length) writeFileSync(join(stage, file + suffix), copy);
    }
  }
}

/**
 * Returns the <link> tags that let the browser fetch the app's chunks side by side with
 * the app, instead of once the app has run. (Preloading the first view's data as well was
 * measured: no sooner a first prediction on loopback, and a later Largest Contentful
 * Paint under Lighthouse's slow mobile network, where it competes with the page's code.)
 */
function preloads(chunks) {
  return chunks.map((url) => `<link rel="modulepreload" href="${url}" />`).join('\n    ');
}

function page(stage, names, links) {
  let html = readFileSync(join(WEB, 'static', 'index.html'), 'utf8');
  if (!html.includes(PRELOADS)) {
    throw new BuildError(`web/static/index.html lacks its ${PRELOADS} placeholder`);
  }
  html = html.replace(PRELOADS, links);
  for (const [placeholder, url] of Object.entries(names)) {
    if (!html.includes(`"${placeholder}"`)) {
      throw new BuildError(`web/static/index.html does not reference "${placeholder}"`);
    }
    html = html.replace(`"${placeholder}"`, `"${url}"`);
  }
  writeFileSync(join(stage, 'index.html'), html);
}

async function assemble(stage) {
  if (!existsSync(join(publicDir, 'config.json'))) {
    throw new BuildError(
      `${publicDir} has no config.json. Export the model first: python -m export ` +
        '(or restore web/public from git).',
    );
  }
  const { app, chunks } = await bundle(stage);
  const files = {};
  for (const logical of filesUnder(publicDir)) {
    const bytes = readFileSync(join(publicDir, logical));
    if (logical.endsWith('model.json')) checkModelOps(logical, bytes);
    files[logical] = addHashed(stage, logical, bytes);
  }
  for (const name of WASM_FILES) {
    const bytes = readFileSync(join(WASM_DIR, 'dist', name));
    files[name] = addHashed(stage, name, stripWasm(bytes, WASM_KERNELS, name));
    files[WORKER_WASM + name] = addHashed(stage, WORKER_WASM + name, bytes);
  }
  files[TRAIN_WORKER] = addHashed(stage, TRAIN_WORKER, await bundleWorker());
  const css = readFileSync(join(WEB, 'static', 'style.css'), 'utf8');
  const minified = (await transform(css, { loader: 'css', minify: !args['no-minify'] })).code;
  const style = addHashed(stage, 'style.css', Buffer.from(minified));
  const manifest = addHashed(stage, 'manifest.json', Buffer.from(JSON.stringify({ files })));
  page(
    stage,
    { 'app.js': app, 'style.css': style.url, 'manifest.json': manifest.url },
    preloads(chunks),
  );

  // Everything a visit can fetch, for the service worker to keep offline, but for the
  // training worker and its images: only visitors who train fetch those (many MB).
  const config = JSON.parse(readFileSync(join(publicDir, 'config.json'), 'utf8'));
  const trainingDir = config.training ? `${dirname(config.training.index)}/` : null;
  const onDemand = new Set(
    Object.entries(files)
      .filter(
        ([name]) =>
          name === TRAIN_WORKER ||
          name.startsWith(WORKER_WASM) ||
          (trainingDir && name.startsWith(trainingDir)),
      )
      .map(([, entry]) => entry.url),
  );
  const precache = [
    './',
    ...filesUnder(stage).filter((f) => !/\.(map|txt)$/.test(f) && !onDemand.has(f)),
  ];
  serviceWorker(
    stage,
    precache.filter((f) => f !== 'index.html'),
  );
  precompress(stage); // last, so that it covers sw.js and nothing lists the copies
  return { app, manifest: manifest.url, count: Object.keys(files).length };
}

/**
 * Yields an empty staging folder beside `dest` for build(stage); once it succeeds, puts the
 * stage at `dest`. The same steps as the export's core/files.py, where it cannot exchange
 * the two folders atomically: rename the old folder aside, rename the new one into place.
 */
async function staged(dest, build) {
  const parent = dirname(dest);
  const name = basename(dest);
  mkdirSync(parent, { recursive: true });
  for (const stale of readdirSync(parent).filter((f) => f.startsWith(`.${name}.tmp-`))) {
    rmSync(join(parent, stale), { recursive: true, force: true }); // left by a killed build
  }
  const stage = mkdtempSync(join(parent, `.${name}.tmp-`));
  try {
    const result = await build(stage);
    chmodSync(stage, 0o755); // mkdtemp makes it 0700; a served site must be readable
    const old = join(parent, `.${name}.old`);
    rmSync(old, { recursive: true, force: true });
    if (existsSync(dest)) renameSync(dest, old);
    renameSync(stage, dest);
    rmSync(old, { recursive: true, force: true });
    return result;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

try {
  const built = await staged(outDir, assemble);
  console.log(
    `Built the site in ${relative(process.cwd(), outDir) || '.'}: ${built.app}, ` +
      `${built.count} model and data files listed in ${built.manifest}`,
  );
} catch (err) {
  console.error(`error: build failed: ${err.message}`);
  process.exit(1);
}
