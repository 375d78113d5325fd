// window.fashionMnist's checks, which run before any model: validatePixels, and the
// contract's promise that predict rejects rather than throws.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApi, validatePixels } from '../src/api.js';

describe('validatePixels', () => {
  test('returns a Float32Array copy of valid pixels', () => {
    const pixels = [0, 0.25, 0.5, 1];
    const values = validatePixels(pixels, 2, 2);
    assert.ok(values instanceof Float32Array);
    assert.deepEqual([...values], pixels);
    const typed = new Float64Array(pixels);
    assert.notEqual(validatePixels(typed, 1, 4), typed);
  });

  test('takes any typed array but a DataView', () => {
    assert.deepEqual([...validatePixels(new Uint8Array([0, 1]), 1, 2)], [0, 1]);
    assert.throws(() => validatePixels(new DataView(new ArrayBuffer(8)), 1, 2), /Float32Array/);
  });

  test('refuses a count of images that is not a whole number ≥ 1', () => {
    for (const n of [0, -1, 1.5, NaN, '1', null]) {
      assert.throws(() => validatePixels([0], n, 1), /n must be a whole number/, String(n));
    }
  });

  test('refuses what is not an array of numbers', () => {
    for (const pixels of [null, undefined, 'pixels', 42, { length: 1, 0: 0.5 }]) {
      assert.throws(() => validatePixels(pixels, 1, 1), /pixels must be a Float32Array/);
    }
  });

  test('refuses a wrong length, saying the expected one', () => {
    assert.throws(() => validatePixels(new Float32Array(783), 1, 784), {
      message: 'pixels has length 783, expected 1 × 784 = 784',
    });
    assert.throws(() => validatePixels([0, 0, 0], 2, 2), /expected 2 × 2 = 4/);
  });

  test('refuses values that are not numbers in [0, 1], naming the first', () => {
    const cases = [
      [[0, NaN], /pixels\[1\] is NaN/],
      [[0, Infinity], /pixels\[1\] is Infinity/],
      [[-0.01, 0], /pixels\[0\] is -0.01/],
      [[0, 1.5], /pixels\[1\] is 1.5/],
      [[0, '0.5'], /pixels\[1\] is 0.5; every value must be a number/],
      [[null, 0], /pixels\[0\] is null/],
      [new Float32Array([0.5, NaN]), /pixels\[1\] is NaN/],
    ];
    for (const [pixels, message] of cases)
      assert.throws(() => validatePixels(pixels, 1, 2), message);
  });
});

describe('createApi', () => {
  const config = {
    imageSize: 2,
    numClasses: 2,
    classNames: ['a', 'b'],
    models: [{ name: 'tiny' }],
  };
  const classifier = { predict: async (values, n) => new Float32Array(n * 2).fill(values[0]) };

  function started() {
    const api = createApi(Promise.resolve(), { backend: () => 'cpu', memory: () => ({}) });
    api.connect({
      config,
      classifier,
      models: {
        info: { name: 'tiny', params: 3, testAccuracy: 0.5, extra: 1 },
        names: ['tiny', 'trained-1'], // the site's models and those trained in the page
      },
    });
    return api.contract;
  }

  test('predict rejects bad pixels instead of throwing', async () => {
    const contract = started();
    const result = contract.predict([0, 0, 0], 1);
    assert.ok(result instanceof Promise);
    await assert.rejects(result, /expected 1 × 4 = 4/);
  });

  test('predict returns the classifier’s probabilities for valid pixels', async () => {
    const probs = await started().predict([0.5, 0, 0, 0, 0.25, 0, 0, 0], 2);
    assert.deepEqual([...probs], [0.5, 0.5, 0.5, 0.5]);
  });

  test('reports the model, classes and models of the page', () => {
    const contract = started();
    assert.deepEqual(contract.model, { name: 'tiny', params: 3, testAccuracy: 0.5 });
    assert.deepEqual(contract.classNames, ['a', 'b']);
    contract.classNames.push('c'); // a copy: callers cannot change the page's names
    assert.deepEqual(contract.classNames, ['a', 'b']);
    assert.deepEqual(contract.models, ['tiny', 'trained-1']);
    assert.equal(contract.backend, 'cpu');
  });

  test('teach rejects bad pixels and labels outside the classes, teaching nothing', async () => {
    let taught = 0;
    const api = createApi(Promise.resolve(), { backend: () => 'cpu', memory: () => ({}) });
    api.connect({ config, classifier, teachPanel: Promise.resolve({ teach: () => taught++ }) });
    await assert.rejects(api.contract.teach([0, 0, 0, 0], 2), /label must be a class id.*got 2/);
    await assert.rejects(api.contract.teach([0, 0, 0, 0], 0.5), /label must be a class id/);
    await assert.rejects(api.contract.teach([0, 0, 2, 0], 1), /pixels\[2\] is 2/);
    await assert.rejects(api.contract.teach([0, 0, 0], 1), /expected 1 × 4 = 4/);
    assert.equal(taught, 0);
    await api.contract.teach([0, 0.5, 1, 0], 1);
    assert.equal(taught, 1);
  });

  test('before the page has loaded: empty lists, no model, preprocess says to wait', () => {
    const { contract } = createApi(new Promise(() => {}), {
      backend: () => '',
      memory: () => ({}),
    });
    assert.deepEqual(contract.classNames, []);
    assert.deepEqual(contract.models, []);
    assert.deepEqual(contract.taught(), []);
    assert.equal(contract.model, null);
    assert.throws(() => contract.preprocess(null), /await fashionMnist.ready/);
  });
});
