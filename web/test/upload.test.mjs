// The image-file checks that run before any decoding: the format from the first bytes,
// the size from the header, the frames of a GIF, and the refusals they lead to.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  InputError,
  MAX_BYTES,
  MAX_EDGE,
  decodeImageFile,
  gifFrames,
  headerSize,
  sniff,
} from '../src/upload.js';

const bytes = (...parts) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );
const u16le = (v) => [v & 0xff, v >> 8];
const u16be = (v) => [v >> 8, v & 0xff];
const u32be = (v) => [v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
const i32le = (v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff];
const u24le = (v) => [v & 0xff, (v >> 8) & 0xff, v >> 16];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function png(width, height, chunk = 'IHDR') {
  return bytes(PNG_SIGNATURE, u32be(13), chunk, u32be(width), u32be(height), [8, 0, 0, 0, 0]);
}

/** A JPEG: an APP0 segment, a fill byte, a Huffman table, then the frame header. */
function jpeg(width, height, frameMarker = 0xc0) {
  return bytes(
    [0xff, 0xd8],
    [0xff, 0xe0, ...u16be(16)],
    'JFIF\0',
    Array(9).fill(0),
    [0xff], // a fill byte before the next marker
    [0xff, 0xc4, ...u16be(5), 0, 0, 0],
    [0xff, frameMarker, ...u16be(17), 8, ...u16be(height), ...u16be(width), 3],
    Array(9).fill(0),
  );
}

/** A GIF of `frames` 1 × 1 frames, each after a graphic control extension. */
function gif(width, height, frames, { globalTable = true, localTable = false } = {}) {
  const frame = [
    [0x21, 0xf9, 4, 0, 10, 0, 0, 0], // graphic control extension: 4 bytes, terminator
    [0x2c, ...u16le(0), ...u16le(0), ...u16le(1), ...u16le(1), localTable ? 0x80 : 0],
    localTable ? Array(6).fill(0) : [],
    [2, 2, 0x4c, 0x01, 0], // LZW code size, one 2-byte sub-block, terminator
  ].flat();
  return bytes(
    'GIF89a',
    u16le(width),
    u16le(height),
    [globalTable ? 0x80 : 0, 0, 0],
    globalTable ? Array(6).fill(0) : [],
    Array(frames).fill(frame).flat(),
    [0x3b],
  );
}

function webp(chunk, payload) {
  return bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], payload);
}

function bmp(width, height) {
  return bytes('BM', Array(16).fill(0), i32le(width), i32le(height), Array(30).fill(0));
}

describe('sniff', () => {
  test('names each format from its first bytes', () => {
    assert.equal(sniff(png(3, 4)), 'png');
    assert.equal(sniff(jpeg(3, 4)), 'jpeg');
    assert.equal(sniff(gif(3, 4, 1)), 'gif');
    assert.equal(sniff(bytes('GIF87a', Array(10).fill(0))), 'gif');
    assert.equal(sniff(webp('VP8 ', Array(20).fill(0))), 'webp');
    assert.equal(sniff(bmp(3, 4)), 'bmp');
  });

  test('names nothing else, however it is called', () => {
    assert.equal(sniff(bytes('just some text, not an image')), null);
    assert.equal(sniff(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')), null);
    assert.equal(sniff(new Uint8Array(0)), null);
    assert.equal(sniff(bytes(PNG_SIGNATURE.slice(0, 7))), null); // cut short
    assert.equal(sniff(bytes('RIFF', [0, 0, 0, 0], 'WAVE')), null);
    assert.equal(sniff(bytes('BM')), null); // too short for a BMP header
  });
});

describe('headerSize', () => {
  test('reads [width, height] from every format', () => {
    assert.deepEqual(headerSize('png', png(640, 480)), [640, 480]);
    assert.deepEqual(headerSize('png', png(70000, 1)), [70000, 1]);
    assert.deepEqual(headerSize('jpeg', jpeg(1024, 768)), [1024, 768]);
    assert.deepEqual(headerSize('jpeg', jpeg(300, 200, 0xc2)), [300, 200]); // progressive
    assert.deepEqual(headerSize('gif', gif(320, 200, 1)), [320, 200]);
    assert.deepEqual(headerSize('bmp', bmp(50, 60)), [50, 60]);
    assert.deepEqual(headerSize('bmp', bmp(50, -60)), [50, 60]); // stored top-down
  });

  test('reads the three kinds of WebP', () => {
    const lossy = webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(400), ...u16le(300)]);
    assert.deepEqual(headerSize('webp', lossy), [400, 300]);
    const bits = (400 - 1) | ((300 - 1) << 14);
    const lossless = webp('VP8L', [
      0x2f,
      bits & 0xff,
      (bits >> 8) & 0xff,
      (bits >> 16) & 0xff,
      bits >>> 24,
    ]);
    assert.deepEqual(headerSize('webp', lossless), [400, 300]);
    const extended = webp('VP8X', [0, 0, 0, 0, ...u24le(9000 - 1), ...u24le(2 - 1)]);
    assert.deepEqual(headerSize('webp', extended), [9000, 2]);
  });

  test('returns null for a damaged header', () => {
    assert.equal(headerSize('png', png(640, 480, 'IDAT')), null); // IHDR must come first
    assert.equal(headerSize('png', png(640, 480).subarray(0, 20)), null); // cut short
    assert.equal(headerSize('gif', bytes('GIF89a', [1, 0])), null);
    assert.equal(headerSize('jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], Array(20).fill(0))), null);
    assert.equal(headerSize('jpeg', jpeg(10, 10).subarray(0, 32)), null); // cut before the frame header
    assert.equal(headerSize('webp', webp('ALPH', Array(20).fill(0))), null);
    assert.equal(headerSize('webp', webp('VP8 ', [0, 0])), null);
  });
});

describe('gifFrames', () => {
  test('counts one frame, or stops at two', () => {
    assert.equal(gifFrames(gif(1, 1, 1)), 1);
    assert.equal(gifFrames(gif(1, 1, 2)), 2);
    assert.equal(gifFrames(gif(1, 1, 5)), 2);
  });

  test('skips colour tables, global or local', () => {
    assert.equal(gifFrames(gif(1, 1, 2, { globalTable: false })), 2);
    assert.equal(gifFrames(gif(1, 1, 2, { localTable: true })), 2);
    assert.equal(gifFrames(gif(1, 1, 1, { globalTable: false, localTable: true })), 1);
  });

  test('counts what there is of a truncated file', () => {
    const two = gif(1, 1, 2);
    const firstFrameEnd = 13 + 6 + 23; // header, global colour table, one frame
    assert.equal(gifFrames(two.subarray(0, firstFrameEnd + 2)), 1);
    assert.equal(gifFrames(two.subarray(0, 13)), 0);
  });
});

describe('decodeImageFile refuses, before decoding', () => {
  const refuses = (parts, name, message) =>
    assert.rejects(decodeImageFile(new File(parts, name)), (err) => {
      assert.ok(err instanceof InputError, err);
      assert.match(err.message, message);
      return true;
    });

  test('no file, an empty one, and one that is not an image', async () => {
    await assert.rejects(decodeImageFile(null), { name: 'InputError', message: /No file/ });
    await refuses([], 'empty.png', /"empty.png" is empty \(0 bytes\)/);
    await refuses([bytes('just text')], 'notes.txt', /is not an image the page can read/);
  });

  test('a file larger than MAX_BYTES, saying the limit', async () => {
    const limit = `${MAX_BYTES / 1024 / 1024} MB`;
    await refuses(
      [png(10, 10), new Uint8Array(MAX_BYTES)],
      'huge.png',
      new RegExp(`up to ${limit}`),
    );
  });

  test('a damaged header, naming the format', async () => {
    await refuses([png(10, 10, 'IDAT')], 'broken.png', /its PNG header is damaged/);
    await refuses([png(0, 10)], 'zero.png', /its PNG header is damaged/);
  });

  test('a picture too large on a side', async () => {
    await refuses(
      [png(MAX_EDGE + 1, 2)],
      'wide.png',
      /8,001 × 2 pixels; images up to 8,000 pixels on a side/,
    );
  });
});
