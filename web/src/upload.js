// Checks an image file the visitor gave (picker, drop or paste) and decodes its
// first frame. Every refusal is an InputError whose message the page shows as is.
import { grouped } from './format.js';

export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_EDGE = 8000;
const HEADER_BYTES = 256 * 1024; // enough for any JPEG's frame header after its EXIF block
const FORMATS = 'PNG, JPEG, GIF, WebP or BMP';

/** A problem with the visitor's file, explained in its message. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const LIMIT = `${Number((MAX_BYTES / 1024 / 1024).toFixed(1))} MB`; // "20 MB", not "20.0 MB"
const u16be = (b, i) => (b[i] << 8) | b[i + 1];
const u16le = (b, i) => b[i] | (b[i + 1] << 8);
const u32be = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const i32le = (b, i) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const ascii = (b, i, n) => String.fromCharCode(...b.subarray(i, i + n));

/** Names the format from the file's first bytes (never from its name or MIME type). */
export function sniff(b) {
  if (b.length >= 8 && u32be(b, 0) === 0x89504e47 && u32be(b, 4) === 0x0d0a1a0a) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') return 'bmp';
  return null;
}

function jpegSize(b) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) return [u16be(b, i + 7), u16be(b, i + 5)];
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

function webpSize(b) {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30) return [u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff];
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return [(b[24] | (b[25] << 8) | (b[26] << 16)) + 1, (b[27] | (b[28] << 8) | (b[29] << 16)) + 1];
  }
  return null;
}

/** Returns [width, height] from the header, or null when the header is damaged. */
export function headerSize(format, b) {
  if (format === 'png')
    return b.length >= 24 && ascii(b, 12, 4) === 'IHDR' ? [u32be(b, 16), u32be(b, 20)] : null;
  if (format === 'gif') return b.length >= 10 ? [u16le(b, 6), u16le(b, 8)] : null;
  if (format === 'bmp') return [Math.abs(i32le(b, 18)), Math.abs(i32le(b, 22))];
  if (format === 'webp') return webpSize(b);
  return jpegSize(b);
}

/** Counts a GIF's frames by walking its blocks (stops early once there are two). */
export function gifFrames(b) {
  let i = 13;
  if (b[10] & 0x80) i += 3 * 2 ** ((b[10] & 7) + 1); // global colour table
  let frames = 0;
  const skipSubBlocks = () => {
    while (i < b.length && b[i] !== 0) i += b[i] + 1;
    i += 1;
  };
  while (i < b.length && frames < 2) {
    if (b[i] === 0x2c) {
      frames += 1;
      const packed = b[i + 9];
      i += 10;
      if (packed & 0x80) i += 3 * 2 ** ((packed & 7) + 1); // local colour table
      i += 1; // LZW minimum code size
      skipSubBlocks();
    } else if (b[i] === 0x21) {
      i += 2;
      skipSubBlocks();
    } else {
      break; // trailer (0x3b) or the end of what was read
    }
  }
  return frames;
}

/**
 * Checks a File or Blob and decodes it, respecting EXIF orientation.
 * Resolves to {bitmap, note}; note says what was done beyond the obvious.
 */
export async function decodeImageFile(file) {
  if (!(file instanceof Blob)) throw new InputError('No file was given.');
  const name = file.name ? `"${file.name}"` : 'The file';
  if (file.size === 0) throw new InputError(`${name} is empty (0 bytes).`);
  if (file.size > MAX_BYTES) {
    throw new InputError(`${name} is ${megabytes(file.size)}; images up to ${LIMIT} are accepted.`);
  }
  const bytes = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  const format = sniff(bytes);
  if (!format) throw new InputError(`${name} is not an image the page can read (${FORMATS}).`);
  const size = headerSize(format, bytes);
  if (!size || !size[0] || !size[1]) {
    throw new InputError(
      `${name} could not be read: its ${format.toUpperCase()} header is damaged.`,
    );
  }
  if (Math.max(...size) > MAX_EDGE) {
    throw new InputError(
      `${name} is ${grouped(size[0])} × ${grouped(size[1])} pixels; ` +
        `images up to ${grouped(MAX_EDGE)} pixels on a side are accepted.`,
    );
  }
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new InputError(
      `${name} could not be decoded: the ${format.toUpperCase()} file is corrupt.`,
    );
  }
  const animated = format === 'gif' && gifFrames(bytes) > 1;
  return { bitmap, note: animated ? 'Animated GIF: its first frame was classified.' : '' };
}
