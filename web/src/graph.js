// Reads and rewrites a TF.js graph model's files ({json, weightData}, as data.js loads
// them): where its classifier head is, and the same graph with new weights. Plain data
// in and out: no tensors, no DOM.
import { concat } from './data.js';

const QUANTIZED_BYTES = { float16: 2, uint16: 2, uint8: 1 }; // bytes per stored value

/** Returns the weight specs of a graph model's json, in the order of its weight data. */
const specsOf = (json) => json.weightsManifest.flatMap((group) => group.weights);

/**
 * Returns a graph model's files with some float weights replaced: `replace(spec, k)` is
 * called for the k-th float32 weight and returns its new values (a Float32Array of the
 * spec's size), or undefined to keep them. Replaced weights are stored as float32,
 * the others keep their bytes (and their quantization).
 */
export function withWeights(files, replace) {
  const parts = [];
  let offset = 0;
  let k = 0;
  const weights = specsOf(files.json).map((spec) => {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const stored = count * (QUANTIZED_BYTES[spec.quantization?.dtype] ?? 4);
    const own = new Uint8Array(files.weightData, offset, stored);
    offset += stored;
    const values = spec.dtype === 'float32' ? replace(spec, k++) : undefined;
    if (values === undefined) {
      parts.push(own);
      return spec;
    }
    if (values.length !== count) {
      throw new Error(`${values.length} new values do not fit ${spec.name} (${spec.shape})`);
    }
    parts.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return { name: spec.name, shape: spec.shape, dtype: 'float32' };
  });
  const json = { ...files.json, weightsManifest: [{ paths: [], weights }] };
  return { json, weightData: concat(parts, Uint8Array).buffer };
}

/**
 * Finds a graph's classifier head: the dense layer whose output the final softmax
 * takes. Returns {features, kernel, bias}, the names of its input node and of its two
 * weights, or null when the graph does not end that way.
 */
export function headOf(json) {
  const nodes = new Map(json.modelTopology.node.map((node) => [node.name, node]));
  const softmax = json.modelTopology.node.find((node) => node.op === 'Softmax');
  const dense = softmax && nodes.get(softmax.input[0]);
  if (dense?.op !== '_FusedMatMul' || dense.input.length !== 3) return null;
  const [features, kernel, bias] = dense.input;
  return { features, kernel, bias };
}

/**
 * Returns a graph model's files as TF.js saves them, for a download: `name`.json (its
 * weights manifest naming the weights file) and `name`.weights.bin.
 */
export function graphDownload(files, name) {
  const weightsName = `${name}.weights.bin`;
  const weights = specsOf(files.json);
  const json = { ...files.json, weightsManifest: [{ paths: [weightsName], weights }] };
  return [
    { name: `${name}.json`, type: 'application/json', data: JSON.stringify(json) },
    { name: weightsName, type: 'application/octet-stream', data: files.weightData },
  ];
}
