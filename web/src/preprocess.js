// Turns a drawing into the model's input the way Fashion-MNIST was made:
// trim to the object, scale its longest edge to the image size, centre it,
// and read it as light-on-dark gray values in [0, 1].

const INK_THRESHOLD = 16; // gray levels (of 255) above which a pixel counts as object

/** Returns the bounding box {x, y, w, h} of pixels brighter than the threshold, or null. */
function objectBox(gray, width, height) {
  let top = height,
    left = width,
    bottom = -1,
    right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x] > INK_THRESHOLD) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  return bottom < 0 ? null : { x: left, y: top, w: right - left + 1, h: bottom - top + 1 };
}

function grayLevels(imageData) {
  const { data, width, height } = imageData;
  const gray = new Uint8ClampedArray(width * height);
  for (let i = 0; i < gray.length; i++) {
    // ITU-R 601 luma, the weights PIL uses for mode "L"
    gray[i] = 0.299 * data[i * 4] + 0.587 * data[i * 4 + 1] + 0.114 * data[i * 4 + 2];
  }
  return gray;
}

/**
 * Returns a Float32Array(size × size) in [0, 1] for a light-on-dark canvas,
 * or null when the canvas holds nothing to classify.
 */
export function fromCanvas(canvas, size) {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const full = context.getImageData(0, 0, canvas.width, canvas.height);
  const box = objectBox(grayLevels(full), canvas.width, canvas.height);
  if (!box) return null;

  const scale = size / Math.max(box.w, box.h);
  const w = Math.max(1, Math.round(box.w * scale));
  const h = Math.max(1, Math.round(box.h * scale));
  const small = new OffscreenCanvas(size, size);
  const target = small.getContext('2d', { willReadFrequently: true });
  target.fillStyle = '#000';
  target.fillRect(0, 0, size, size);
  target.imageSmoothingEnabled = true;
  target.imageSmoothingQuality = 'high';
  const left = Math.floor((size - w) / 2);
  const top = Math.floor((size - h) / 2);
  target.drawImage(canvas, box.x, box.y, box.w, box.h, left, top, w, h);

  const gray = grayLevels(target.getImageData(0, 0, size, size));
  return Float32Array.from(gray, (v) => v / 255);
}
