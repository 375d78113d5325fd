// Strips TF.js's WASM binaries down to the kernels the page runs. Each binary exports one
// function per TF.js kernel (Abs, Add, …, FusedConv2D, _FusedMatMul) beside the runtime's
// own functions (init, malloc, the thread helpers: every name not capitalised). Binaryen's
// wasm-metadce keeps the runtime and the kernels asked for, with everything they reach,
// and drops the rest: most of the binary, for a page whose models use five kernels.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const METADCE = join(dirname(require.resolve('binaryen/package.json')), 'bin', 'wasm-metadce');
// The WebAssembly features TF.js 4.22's binaries use; binaryen refuses anything else.
const FEATURES = [
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-simd',
  '--enable-bulk-memory',
  '--enable-threads',
];
const isKernel = (name) => /^_?[A-Z]/.test(name);

/**
 * Returns the binary with only the runtime's exports and the kernel functions `kernels`.
 * Throws if the binary lacks one of them: the page could not run it.
 */
export function stripWasm(bytes, kernels, what) {
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes));
  const names = new Set(exports.map((entry) => entry.name));
  const missing = kernels.filter((kernel) => !names.has(kernel));
  if (missing.length) throw new Error(`${what} has no kernel functions ${missing.join(', ')}`);
  // The outside world as wasm-metadce takes it: one node per export, the kept ones roots.
  const graph = exports.map(({ name }) => ({
    name: `export:${name}`,
    export: name,
    ...(!isKernel(name) || kernels.includes(name) ? { root: true } : {}),
  }));
  const folder = mkdtempSync(join(tmpdir(), 'strip-wasm-'));
  try {
    const [input, output, graphFile] = ['in.wasm', 'out.wasm', 'graph.json'].map((f) =>
      join(folder, f),
    );
    writeFileSync(input, bytes);
    writeFileSync(graphFile, JSON.stringify(graph));
    try {
      execFileSync(
        process.execPath,
        [METADCE, ...FEATURES, '--graph-file', graphFile, input, '-o', output],
        { stdio: ['ignore', 'ignore', 'pipe'] }, // stdout lists what it dropped
      );
    } catch (err) {
      throw new Error(`wasm-metadce could not strip ${what}: ${err.stderr || err.message}`);
    }
    const stripped = readFileSync(output);
    if (!WebAssembly.validate(stripped)) throw new Error(`stripping ${what} made it invalid`);
    return stripped;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
