// Decodes the export's PNG sprites: many 28×28 grayscale images tiled in one picture.
// Runs on the page and in the training worker alike (OffscreenCanvas, no DOM).

/**
 * Decodes a grayscale PNG sprite's bytes into one Float32Array (tiles × tile × tile,
 * values in [0, 1]): tile k is cropped at positions[k], its top-left corner, as the
 * export laid it out. `what` and `url` name the file in the error message.
 */
export async function decodeSprite(bytes, { tile, positions }, what, url) {
  let bitmap;
  try {
    // 'none' keeps the PNG's bytes exact: no colour management, no premultiplying.
    bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch {
    throw new Error(`${what} (${url}) could not be decoded as an image`);
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;

  const perImage = tile * tile;
  const pixels = new Float32Array(positions.length * perImage);
  positions.forEach(([left, top], i) => {
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const source = ((top + y) * canvas.width + left + x) * 4; // red channel of a gray pixel
        pixels[i * perImage + y * tile + x] = rgba[source] / 255;
      }
    }
  });
  return pixels;
}
