// Turns any picture into the model's input the way Fashion-MNIST was made
// (Xiao, Rasul and Vollgraf, 2017): trim the picture to the object, resize its
// longest edge to 28 pixels, centre it on 28 × 28, negate it so the object is
// light on dark, and read it as 8-bit grayscale. Drawings, uploads and the
// contract's window.fashionMnist.preprocess all go through preprocess(), and the fill of
// closed outlines treats drawings and uploaded line art alike. Its steps on
// plain arrays are exported on their own (and tested in Node); only drawing and
// resampling need a canvas.

const WORK_EDGE = 512; // pictures are reduced to this long edge before analysis
const MIN_NOISE_MARGIN = 12; // gray levels above a noisy background that count as object
const MIN_CONTRAST = 24; // below this the picture is one flat colour: nothing to classify
const NEAR_BACKGROUND = 48; // border pixels this close to the background are background

/** Raised when a picture holds no object: blank, or a single flat colour. */
export class NothingToClassify extends Error {
  constructor() {
    super('Nothing to classify: the picture is a single flat colour.');
    this.name = 'NothingToClassify';
  }
}

function dimensions(source) {
  if (typeof ImageData !== 'undefined' && source instanceof ImageData) {
    return [source.width, source.height];
  }
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    if (!source.complete || !source.naturalWidth) {
      throw new Error('preprocess: the <img> has not loaded an image yet');
    }
    return [source.naturalWidth, source.naturalHeight];
  }
  const isDrawable =
    (typeof HTMLCanvasElement !== 'undefined' && source instanceof HTMLCanvasElement) ||
    (typeof OffscreenCanvas !== 'undefined' && source instanceof OffscreenCanvas) ||
    (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap);
  if (!isDrawable) {
    throw new TypeError(
      'preprocess: expected a canvas, ImageData, ImageBitmap or HTMLImageElement, ' +
        `got ${source === null ? 'null' : typeof source}`,
    );
  }
  return [source.width, source.height];
}

/** Draws the source over white (so transparency reads as background), at most WORK_EDGE long. */
function rasterize(source) {
  const [width, height] = dimensions(source);
  if (!width || !height) throw new Error('preprocess: the picture has no pixels (0 × 0)');
  const scale = Math.min(1, WORK_EDGE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const drawable = source instanceof ImageData ? toCanvas(source) : source;
  return paint(w, h, '#fff', drawable, 0, 0, w, h);
}

function toCanvas(imageData) {
  const canvas = new OffscreenCanvas(imageData.width, imageData.height);
  canvas.getContext('2d').putImageData(imageData, 0, 0);
  return canvas;
}

/** Draws an image, smoothly resampled, at (x, y, w, h) on a width × height background. */
function paint(width, height, background, image, x, y, w, h) {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  context.fillStyle = background;
  context.fillRect(0, 0, width, height);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, x, y, w, h);
  return context.getImageData(0, 0, width, height);
}

/** Returns ITU-R 601 luma (what PIL's mode "L" computes) as gray levels 0-255, from RGBA. */
export function grayLevels({ data, width, height }) {
  const gray = new Float32Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    gray[i] = 0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2];
  }
  return gray;
}

/** The picture's outermost ring of pixels, which is background in a product photo. */
function border(gray, width, height) {
  const ring = [];
  for (let x = 0; x < width; x++) ring.push(gray[x], gray[(height - 1) * width + x]);
  for (let y = 1; y < height - 1; y++) ring.push(gray[y * width], gray[y * width + width - 1]);
  return ring.sort((a, b) => a - b);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * Makes the object light on a black background: negates light backgrounds, then
 * subtracts the background level, in place. Returns the level above which a pixel is
 * object; throws NothingToClassify when nothing stands out from the background.
 */
export function objectOnBlack(gray, width, height) {
  let lowest = Infinity;
  let highest = -Infinity;
  for (const v of gray) {
    lowest = Math.min(lowest, v);
    highest = Math.max(highest, v);
  }
  if (highest - lowest < MIN_CONTRAST) throw new NothingToClassify(); // one flat colour
  let ring = border(gray, width, height);
  if (quantile(ring, 0.5) > 127) {
    for (let i = 0; i < gray.length; i++) gray[i] = 255 - gray[i]; // the dataset's negation
    ring = ring.map((v) => 255 - v).reverse();
    [lowest, highest] = [255 - highest, 255 - lowest];
  }
  let background = quantile(ring, 0.5);
  // A border that is no plain background (a pattern, a picture that fills its frame):
  // nothing stands out from it, so the whole picture is the object.
  if (highest - background < MIN_CONTRAST) background = lowest;
  // Noise: how far most of the border strays from the background. Border pixels far
  // from it are object (many dataset images touch the border), and the faint edge of
  // such an object is rare enough on the ring to stay above the 90th percentile.
  const deviations = ring
    .map((v) => Math.abs(v - background))
    .filter((d) => d <= NEAR_BACKGROUND)
    .sort((a, b) => a - b);
  const noise = quantile(deviations, 0.9);
  let brightest = 0;
  for (let i = 0; i < gray.length; i++) {
    gray[i] = Math.max(0, gray[i] - background);
    if (gray[i] > brightest) brightest = gray[i];
  }
  // A perfectly flat background (a drawing, a dataset image) keeps every faint edge
  // pixel; a noisy one (a photo, a JPEG) needs a margin above its noise.
  return noise > 0 ? Math.min(brightest / 2, noise + MIN_NOISE_MARGIN) : 0;
}

/** Returns the bounding box {x, y, w, h} of levels above threshold. */
export function objectBox(gray, width, height, threshold) {
  let top = height;
  let left = width;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x] > threshold) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  return { x: left, y: top, w: right - left + 1, h: bottom - top + 1 };
}

/**
 * Fills the background the object encloses with `fill.level` (0-255), in place, so that
 * line art, drawn or uploaded, looks like the dataset's solid garments. `fill` is the
 * site config's {level, ink, share}. Works on the levels objectOnBlack leaves: ink is
 * what stands more than `fill.ink` above the background. Only outlines are filled: a
 * picture that encloses less than `fill.share` pixels of background per ink pixel
 * (noise, a texture, a solid object with a few holes) is left as it is.
 */
export function fillEnclosed(gray, width, height, fill) {
  const ink = (i) => gray[i] > fill.ink;
  // Flood the background from the border; whatever it cannot reach is enclosed.
  const outside = new Uint8Array(width * height);
  const stack = [];
  for (let x = 0; x < width; x++) stack.push(x, (height - 1) * width + x);
  for (let y = 0; y < height; y++) stack.push(y * width, y * width + width - 1);
  while (stack.length) {
    const i = stack.pop();
    if (outside[i] || ink(i)) continue;
    outside[i] = 1;
    const x = i % width;
    if (x > 0) stack.push(i - 1);
    if (x < width - 1) stack.push(i + 1);
    if (i >= width) stack.push(i - width);
    if (i < width * (height - 1)) stack.push(i + width);
  }
  let inked = 0;
  let enclosed = 0;
  for (let i = 0; i < outside.length; i++) {
    if (ink(i)) inked++;
    else if (!outside[i]) enclosed++;
  }
  if (enclosed < inked * fill.share) return;
  for (let i = 0; i < outside.length; i++) {
    if (!outside[i] && !ink(i)) gray[i] = fill.level;
  }
}

/** Returns the levels inside box as gray RGBA pixels (box.w × box.h): the object alone. */
export function trim(gray, width, box) {
  const rgba = new Uint8ClampedArray(box.w * box.h * 4);
  for (let y = 0; y < box.h; y++) {
    for (let x = 0; x < box.w; x++) {
      const v = gray[(box.y + y) * width + box.x + x];
      rgba.set([v, v, v, 255], (y * box.w + x) * 4);
    }
  }
  return rgba;
}

/**
 * Returns where the trimmed object goes on the size × size input, {left, top, w, h}:
 * its longest edge scaled to `size`, centred.
 */
export function placement(box, size) {
  const scale = size / Math.max(box.w, box.h);
  const w = Math.max(1, Math.round(box.w * scale));
  const h = Math.max(1, Math.round(box.h * scale));
  // Round half up, as the dataset did: a 21-pixel-wide object starts at column 4, not 3.
  return { left: Math.round((size - w) / 2), top: Math.round((size - h) / 2), w, h };
}

/** Reads gray RGBA pixels as 8-bit grayscale scaled to [0, 1], as the model was trained. */
export function toInput(rgba) {
  const pixels = new Float32Array(rgba.length / 4);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rgba[i * 4] / 255;
  return pixels;
}

/**
 * Returns the model's input for a picture: a Float32Array(size × size) of gray
 * levels in [0, 1], light object on black, trimmed, scaled and centred like a
 * Fashion-MNIST image. With `fill` (the site config's {level, ink, share}) closed
 * outlines are filled first. Throws NothingToClassify for a blank picture.
 */
export function preprocess(source, size, { fill = null } = {}) {
  const image = rasterize(source);
  const { width, height } = image;
  const gray = grayLevels(image);
  const threshold = objectOnBlack(gray, width, height);
  if (fill) fillEnclosed(gray, width, height, fill);
  const box = objectBox(gray, width, height, threshold);
  const crop = toCanvas(new ImageData(trim(gray, width, box), box.w, box.h));
  const { left, top, w, h } = placement(box, size);
  return toInput(paint(size, size, '#000', crop, left, top, w, h).data);
}
