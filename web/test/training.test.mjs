import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkOptions, layersWeights, lossProblem } from '../src/training.js';

const training = {
  epochs: 10,
  batchSize: 32,
  learningRate: 0.001,
  maxEpochs: 100,
  maxBatchSize: 4096,
  maxLearningRate: 1,
};

describe('checkOptions', () => {
  test("fills in the config's defaults and reads numbers typed as text", () => {
    assert.deepEqual(checkOptions(undefined, training), {
      epochs: 10,
      batchSize: 32,
      learningRate: 0.001,
    });
    assert.deepEqual(checkOptions({ epochs: '3', learningRate: ' 0.01 ' }, training), {
      epochs: 3,
      batchSize: 32,
      learningRate: 0.01,
    });
  });

  test('refuses each bad setting, saying which and why', () => {
    const refusals = [
      [{ epochs: 0 }, /Epochs must be a whole number from 1 to 100, got 0/],
      [{ epochs: 101 }, /Epochs must be a whole number from 1 to 100/],
      [{ batchSize: -32 }, /Batch size must be a whole number from 1 to 4096, got -32/],
      [{ batchSize: 1e6 }, /Batch size must be a whole number/],
      [{ learningRate: 'fast' }, /Learning rate must be a number, got "fast"/],
      [{ learningRate: '' }, /Learning rate must be a number, got ""/],
      [{ learningRate: 0 }, /Learning rate must be above 0 and at most 1, got 0/],
      [{ learningRate: NaN }, /Learning rate must be a number/],
      [null, /Training options must be an object/],
      ['fast', /Training options must be an object/],
    ];
    for (const [options, message] of refusals) {
      assert.throws(() => checkOptions(options, training), message, JSON.stringify(options));
    }
  });
});

describe('lossProblem', () => {
  test('stops training on a NaN or infinite loss, and only then', () => {
    assert.equal(lossProblem(0.45, 1, 10), '');
    assert.match(lossProblem(NaN, 2, 7), /The loss became NaN at epoch 2, batch 7; try a smaller/);
    assert.match(lossProblem(Infinity, 1, 1), /became Infinity/);
    assert.match(lossProblem(undefined, 1, 1), /became undefined/);
  });
});

describe('layersWeights', () => {
  test("reads each weight's values from the saved weight data, in order", () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const weights = layersWeights({
      weightSpecs: [
        { name: 'kernel', shape: [2, 3], dtype: 'float32' },
        { name: 'bias', shape: [2], dtype: 'float32' },
      ],
      weightData: data.buffer,
    });
    assert.deepEqual(
      weights.map((w) => [w.shape, [...w.values]]),
      [
        [
          [2, 3],
          [1, 2, 3, 4, 5, 6],
        ],
        [[2], [7, 8]],
      ],
    );
  });
});
