// The preprocessing's steps on plain arrays: gray levels, object on black, the fill of
// closed outlines, bounding box, trimming and placement. The canvas steps (drawing, resampling) are tested in Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  NothingToClassify,
  fillEnclosed,
  grayLevels,
  objectBox,
  objectOnBlack,
  placement,
  toInput,
  trim,
} from '../src/preprocess.js';

/** A width × height gray picture filled with `background`, with `level` inside rect. */
function picture(width, height, background, rect = null, level = 0) {
  const gray = new Float32Array(width * height).fill(background);
  if (rect) {
    for (let y = rect.y; y < rect.y + rect.h; y++) {
      gray.fill(level, y * width + rect.x, y * width + rect.x + rect.w);
    }
  }
  return gray;
}

describe('grayLevels', () => {
  test('weighs red, green and blue as ITU-R 601 luma', () => {
    const data = new Uint8ClampedArray([
      255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255,
    ]);
    const gray = grayLevels({ data, width: 2, height: 2 });
    assert.equal(gray.length, 4);
    const expected = [0.299 * 255, 0.587 * 255, 0.114 * 255, 255];
    gray.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-3, `${i}: ${v}`));
  });

  test('ignores alpha', () => {
    const data = new Uint8ClampedArray([100, 100, 100, 0]);
    assert.ok(Math.abs(grayLevels({ data, width: 1, height: 1 })[0] - 100) < 1e-3);
  });
});

describe('objectOnBlack', () => {
  test('negates a dark object on a light background, like the dataset', () => {
    const gray = picture(10, 10, 255, { x: 3, y: 4, w: 4, h: 2 }, 0);
    const threshold = objectOnBlack(gray, 10, 10);
    assert.equal(threshold, 0); // a flat background keeps every faint edge pixel
    assert.equal(gray[0], 0);
    assert.equal(gray[4 * 10 + 3], 255);
  });

  test('keeps a light object on a dark background, minus the background level', () => {
    const gray = picture(10, 10, 30, { x: 2, y: 2, w: 5, h: 5 }, 200);
    assert.equal(objectOnBlack(gray, 10, 10), 0);
    assert.equal(gray[0], 0);
    assert.equal(gray[3 * 10 + 3], 170);
  });

  test('sets the threshold above a noisy background', () => {
    const gray = picture(20, 20, 0, { x: 5, y: 5, w: 10, h: 10 }, 255);
    // Every other border pixel is 6: background 6, noise 6, threshold 6 + 12.
    for (let i = 0; i < gray.length; i++) {
      const x = i % 20;
      const y = Math.floor(i / 20);
      const onBorder = x === 0 || y === 0 || x === 19 || y === 19;
      if (onBorder && (x + y) % 2 === 0) gray[i] = 6;
    }
    assert.equal(objectOnBlack(gray, 20, 20), 18);
    assert.equal(gray[10 * 20 + 10], 249);
  });

  test('throws NothingToClassify for a flat or nearly flat picture', () => {
    assert.throws(() => objectOnBlack(picture(8, 8, 255), 8, 8), NothingToClassify);
    assert.throws(() => objectOnBlack(picture(8, 8, 0), 8, 8), NothingToClassify);
    const faint = picture(8, 8, 0, { x: 2, y: 2, w: 3, h: 3 }, 20); // below the contrast needed
    assert.throws(() => objectOnBlack(faint, 8, 8), {
      name: 'NothingToClassify',
      message: /single flat colour/,
    });
  });
});

test('objectOnBlack takes a picture without a plain background as the object', () => {
  // A black-and-white checkerboard that fills the frame: half its border is each colour.
  const size = 16;
  const gray = new Float32Array(size * size).map((_, i) =>
    (Math.floor((i % size) / 4) + Math.floor(i / size / 4)) % 2 ? 255 : 0,
  );
  const threshold = objectOnBlack(gray, size, size);
  assert.equal(Math.max(...gray), 255); // something stands out: it is classified
  assert.equal(Math.min(...gray), 0);
  assert.deepEqual(objectBox(gray, size, size, threshold), { x: 0, y: 0, w: size, h: size });
});

describe('objectBox', () => {
  test('bounds the levels above the threshold', () => {
    const gray = picture(12, 9, 0, { x: 2, y: 3, w: 7, h: 4 }, 200);
    assert.deepEqual(objectBox(gray, 12, 9, 0), { x: 2, y: 3, w: 7, h: 4 });
  });

  test('leaves out levels at or below the threshold', () => {
    const gray = picture(12, 9, 0, { x: 2, y: 3, w: 7, h: 4 }, 200);
    gray[0] = 10; // faint noise in a corner
    assert.deepEqual(objectBox(gray, 12, 9, 10), { x: 2, y: 3, w: 7, h: 4 });
    assert.deepEqual(objectBox(gray, 12, 9, 5), { x: 0, y: 0, w: 9, h: 7 });
  });
});

describe('trim', () => {
  test('copies the box as gray RGBA pixels', () => {
    const gray = picture(6, 6, 0, { x: 1, y: 2, w: 3, h: 2 }, 255);
    gray[2 * 6 + 1] = 128;
    const rgba = trim(gray, 6, { x: 1, y: 2, w: 3, h: 2 });
    assert.equal(rgba.length, 3 * 2 * 4);
    assert.deepEqual([...rgba.subarray(0, 8)], [128, 128, 128, 255, 255, 255, 255, 255]);
    assert.ok(rgba.every((v, i) => i % 4 !== 3 || v === 255));
  });
});

describe('placement', () => {
  test('scales the longest edge to the size and centres, rounding half up', () => {
    // The dataset's rounding: a 21-pixel-wide object starts at column 4, not 3.
    assert.deepEqual(placement({ w: 21, h: 28 }, 28), { left: 4, top: 0, w: 21, h: 28 });
    assert.deepEqual(placement({ w: 10, h: 5 }, 28), { left: 0, top: 7, w: 28, h: 14 });
    assert.deepEqual(placement({ w: 300, h: 600 }, 28), { left: 7, top: 0, w: 14, h: 28 });
  });

  test('keeps a thin object at least one pixel wide', () => {
    assert.deepEqual(placement({ w: 1, h: 100 }, 28), { left: 14, top: 0, w: 1, h: 28 });
  });
});

describe('toInput', () => {
  test('reads the red channel of gray RGBA as values in [0, 1]', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 51, 51, 51, 255]);
    assert.deepEqual([...toInput(rgba)], [1, 0, 51 / 255].map(Math.fround));
  });
});

test('the steps together trim a dark product on white to a light object on black', () => {
  const width = 40;
  const height = 30;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 10; y < 20; y++) {
    for (let x = 5; x < 30; x++) data.set([0, 0, 0, 255], (y * width + x) * 4);
  }
  const gray = grayLevels({ data, width, height });
  const threshold = objectOnBlack(gray, width, height);
  const box = objectBox(gray, width, height, threshold);
  assert.deepEqual(box, { x: 5, y: 10, w: 25, h: 10 });
  assert.ok(trim(gray, width, box).every((v) => v === 255)); // all object, light
  assert.deepEqual(placement(box, 28), { left: 0, top: 9, w: 28, h: 11 });
});

describe('fillEnclosed', () => {
  // The fill as the export writes it into the site's config (core/dataset.py).
  const config = JSON.parse(readFileSync(new URL('../public/config.json', import.meta.url)));
  const FILL = config.fill;
  const N = 20; // a 20 × 20 picture with a square outline from (2, 2) to (17, 17)
  const inside = (x, y) => x > 2 && x < 17 && y > 2 && y < 17;
  const onOutline = (x, y) => !inside(x, y) && x >= 2 && x <= 17 && y >= 2 && y <= 17;

  /** The outline in white on black, open (a gap in its top edge) or not. */
  function outline(open = false) {
    const gray = picture(N, N, 0);
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) if (onOutline(x, y)) gray[y * N + x] = 255;
    }
    if (open) gray[2 * N + 9] = 0;
    return gray;
  }

  test('fills what a closed outline encloses, and nothing outside it', () => {
    const gray = outline();
    fillEnclosed(gray, N, N, FILL);
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) {
        const expected = inside(x, y) ? FILL.level : onOutline(x, y) ? 255 : 0;
        assert.equal(gray[y * N + x], expected, `(${x}, ${y})`);
      }
    }
  });

  test('leaves an open outline and a solid object as they are', () => {
    const open = outline(true);
    const before = open.slice();
    fillEnclosed(open, N, N, FILL);
    assert.deepEqual(open, before);
    const solid = picture(N, N, 0, { x: 2, y: 2, w: 16, h: 16 }, 200);
    const copy = solid.slice();
    fillEnclosed(solid, N, N, FILL);
    assert.deepEqual(solid, copy);
  });

  test('leaves a texture alone: little enclosed background per ink pixel is no outline', () => {
    // White, with a black pixel at the centre of every 3 × 3 cell: each one is enclosed,
    // but there are eight ink pixels to each of them, as in noise or a knit pattern.
    const gray = picture(N, N, 0).map((_, i) =>
      (i % N) % 3 === 1 && Math.floor(i / N) % 3 === 1 ? 0 : 255,
    );
    const before = gray.slice();
    fillEnclosed(gray, N, N, FILL);
    assert.deepEqual(gray, before);
  });

  test('treats faint levels as background, so faint strokes close nothing', () => {
    const gray = outline().map((v) => (v ? FILL.ink : 0)); // not above the ink level
    const before = gray.slice();
    fillEnclosed(gray, N, N, FILL);
    assert.deepEqual(gray, before);
  });
});
