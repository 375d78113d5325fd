// Stripping TF.js's WASM binaries to the page's kernels: what stays, what goes, and the
// refusal of a kernel the binary lacks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { stripWasm } from '../strip_wasm.mjs';
import { WASM_KERNELS } from '../src/tfjs/graph_ops.js';

const require = createRequire(import.meta.url);
const DIST = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const exportsOf = (bytes) =>
  WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((entry) => entry.name);

for (const name of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  test(`${name} keeps the runtime and the page's kernels, and drops the others`, () => {
    const whole = readFileSync(join(DIST, name));
    const stripped = stripWasm(whole, WASM_KERNELS, name);
    const before = exportsOf(whole);
    const after = exportsOf(stripped);
    const runtime = before.filter((e) => !/^_?[A-Z]/.test(e));
    assert.ok(runtime.includes('malloc') && runtime.includes('register_tensor'));
    assert.deepEqual(after.toSorted(), [...runtime, ...WASM_KERNELS].toSorted());
    assert.ok(before.includes('Conv2DBackpropInput') && !after.includes('Conv2DBackpropInput'));
    assert.ok(stripped.length < 0.7 * whole.length, `${stripped.length} of ${whole.length} bytes`);
  });
}

test('a kernel the binary lacks is refused by name', () => {
  const whole = readFileSync(join(DIST, 'tfjs-backend-wasm.wasm'));
  assert.throws(
    () => stripWasm(whole, ['FusedConv2D', 'NoSuchKernel'], 'tfjs-backend-wasm.wasm'),
    /tfjs-backend-wasm\.wasm has no kernel functions NoSuchKernel/,
  );
});
