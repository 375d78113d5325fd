// The ops the graph-model executor may call for the ops in graph_ops.js. The build
// resolves the converter's `ops_for_converter` import to this file, so the bundle
// carries these ops only.
import { conv2d as fusedConv2d } from '@tensorflow/tfjs-core/dist/ops/fused/conv2d';
import { matMul as fusedMatMul } from '@tensorflow/tfjs-core/dist/ops/fused/mat_mul';

export const fused = { conv2d: fusedConv2d, matMul: fusedMatMul };
export { maxPool } from '@tensorflow/tfjs-core/dist/ops/max_pool';
export { reshape } from '@tensorflow/tfjs-core/dist/ops/reshape';
export { softmax } from '@tensorflow/tfjs-core/dist/ops/softmax';
