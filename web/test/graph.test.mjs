import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { headOf, withWeights } from '../src/graph.js';

const shipped = (name) =>
  JSON.parse(readFileSync(new URL(`../public/models/${name}/model.json`, import.meta.url)));

/** A graph's files: an int32 constant, a float16-quantized weight and a float32 one. */
function files() {
  const json = {
    format: 'graph-model',
    modelTopology: { node: [] },
    weightsManifest: [
      {
        paths: ['shard.bin'],
        weights: [
          { name: 'shape', shape: [2], dtype: 'int32' },
          {
            name: 'kernel',
            shape: [3],
            dtype: 'float32',
            quantization: { dtype: 'float16', original_dtype: 'float32' },
          },
          { name: 'bias', shape: [2], dtype: 'float32' },
        ],
      },
    ],
  };
  const bytes = new Uint8Array(8 + 6 + 8);
  bytes.set(new Uint8Array(Int32Array.from([-1, 784]).buffer), 0);
  bytes.set([1, 2, 3, 4, 5, 6], 8); // float16 values, kept as bytes
  bytes.set(new Uint8Array(Float32Array.from([0.5, -0.5]).buffer), 14);
  return { json, weightData: bytes.buffer };
}

describe('withWeights', () => {
  test('replaces the float weights asked for and keeps every other byte', () => {
    const seen = [];
    const out = withWeights(files(), (spec, k) => {
      seen.push([spec.name, k]);
      return spec.name === 'kernel' ? Float32Array.from([7, 8, 9]) : undefined;
    });
    assert.deepEqual(seen, [
      ['kernel', 0],
      ['bias', 1],
    ]);
    const specs = out.json.weightsManifest[0].weights;
    assert.deepEqual(specs[1], { name: 'kernel', shape: [3], dtype: 'float32' }); // now float32
    assert.deepEqual(specs[2], files().json.weightsManifest[0].weights[2]);
    assert.deepEqual([...new Int32Array(out.weightData, 0, 2)], [-1, 784]);
    assert.deepEqual([...new Float32Array(out.weightData.slice(8, 20))], [7, 8, 9]);
    assert.deepEqual([...new Float32Array(out.weightData.slice(20, 28))], [0.5, -0.5]);
    assert.equal(out.weightData.byteLength, 28);
  });

  test('refuses new values of the wrong size', () => {
    assert.throws(
      () =>
        withWeights(files(), (spec) => (spec.name === 'bias' ? new Float32Array(3) : undefined)),
      /3 new values do not fit bias \(2\)/,
    );
  });
});

describe('headOf', () => {
  test("finds the dense layer under the shipped models' softmax", () => {
    assert.deepEqual(headOf(shipped('mlp')), {
      features: 'mlp/dense/Relu',
      kernel: 'mlp/dense_1/MatMul/ReadVariableOp',
      bias: 'mlp/dense_1/BiasAdd/ReadVariableOp',
    });
    // Keras numbers a layer's name by how many were built before it in the process.
    assert.match(headOf(shipped('cnn')).features, /^cnn\/flatten(_\d+)?\/Reshape$/);
  });

  test('says null for a graph that does not end in a dense layer and a softmax', () => {
    assert.equal(headOf(files().json), null);
  });
});
