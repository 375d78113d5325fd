import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VARIATIONS, vary } from '../src/variations.js';

/** A size × size image, black, with the pixels listed as [x, y] white. */
function image(size, white) {
  const pixels = new Float32Array(size * size);
  for (const [x, y] of white) pixels[y * size + x] = 1;
  return pixels;
}

describe('vary', () => {
  const square = image(9, [
    [3, 3],
    [4, 3],
    [3, 4],
    [4, 4],
  ]);

  test('without a change it returns the same image', () => {
    assert.deepEqual([...vary(square, 9, {})], [...square]);
  });

  test('moves the image by whole pixels, losing what leaves it', () => {
    assert.deepEqual(
      [...vary(square, 9, { dx: 2, dy: -1 })],
      [
        ...image(9, [
          [5, 2],
          [6, 2],
          [5, 3],
          [6, 3],
        ]),
      ],
    );
    assert.equal(
      vary(square, 9, { dx: 9 }).reduce((a, b) => a + b, 0),
      0,
    );
  });

  test('a half turn about the centre flips the image both ways', () => {
    const turned = vary(square, 9, { angle: 180 });
    const flipped = image(9, [
      [4, 4],
      [5, 4],
      [4, 5],
      [5, 5],
    ]);
    turned.forEach((v, i) => assert.ok(Math.abs(v - flipped[i]) < 1e-5, `pixel ${i}: ${v}`));
  });

  test('scaling up about the centre spreads the ink, scaling down gathers it', () => {
    const ink = (pixels) => pixels.reduce((a, b) => a + b, 0);
    assert.ok(ink(vary(square, 9, { scale: 1.5 })) > ink(square));
    assert.ok(ink(vary(square, 9, { scale: 0.5 })) < ink(square));
  });

  test('every variation keeps values in [0, 1] and the image size', () => {
    for (const variation of VARIATIONS) {
      const out = vary(square, 9, variation);
      assert.equal(out.length, 81);
      assert.ok(out.every((v) => v >= 0 && v <= 1 + 1e-6));
    }
  });
});
