// The page's own TensorFlow.js: core, the graph-model converter and the WASM backend
// with only the kernels our models use (see graph_ops.js). WebGL and CPU are fallbacks,
// loaded on demand as separate chunks, so visitors with WASM never download them.
import { registerKernel } from './core.js';
import {
  getThreadsCount,
  setThreadsCount,
  setWasmPaths,
} from '@tensorflow/tfjs-backend-wasm/dist/base';
import { _fusedMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/_FusedMatMul';
import { fusedConv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedConv2D';
import { identityConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Identity';
import { maxPoolConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPool';
import { reshapeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape';
import { softmaxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Softmax';

export * from './core.js';
export { loadGraphModel } from '@tensorflow/tfjs-converter';
export { getThreadsCount, setThreadsCount, setWasmPaths };
export { loadThreadedGlue } from './threaded_glue.js';

for (const config of [
  _fusedMatMulConfig,
  fusedConv2DConfig,
  identityConfig,
  maxPoolConfig,
  reshapeConfig,
  softmaxConfig,
]) {
  registerKernel(config);
}

/** Registers a fallback backend ('webgl' or 'cpu') by loading its chunk. */
export async function loadFallback(name) {
  if (name === 'webgl') await import('./webgl.js');
  else if (name === 'cpu') await import('./cpu.js');
  else throw new Error(`Unknown TF.js backend "${name}"`);
}
