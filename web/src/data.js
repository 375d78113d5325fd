// Fetches the site's files: config, model info and the sample of test images.

/** Fetches JSON, turning every failure into an Error that names what and where. */
export async function fetchJson(url, what) {
  const response = await fetchOk(url, what);
  try {
    return await response.json();
  } catch {
    throw new Error(`${what} (${url}) is not valid JSON`);
  }
}

async function fetchOk(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new Error(`${what} (${url}) could not be fetched: ${err.message}`);
  }
  if (!response.ok) {
    throw new Error(`${what} (${url}) answered ${response.status} ${response.statusText}`.trim());
  }
  return response;
}

/** Loads config.json: class names, image size, models and sample files. */
export function loadConfig() {
  return fetchJson('config.json', 'Site config');
}

/**
 * Loads the sampled test images: their test-set indices, true labels and
 * pixels as one Float32Array (count × size × size, values in [0, 1]).
 */
export async function loadSamples(config) {
  const index = await fetchJson(config.samples.index, 'Sample index');
  const response = await fetchOk(config.samples.sprite, 'Sample images');
  let bitmap;
  try {
    // 'none' keeps the PNG's bytes exact: no colour management, no premultiplying.
    bitmap = await createImageBitmap(await response.blob(), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
  } catch {
    throw new Error(`Sample images (${config.samples.sprite}) could not be decoded`);
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;

  const { tile, columns, count } = index;
  const perImage = tile * tile;
  const pixels = new Float32Array(count * perImage);
  for (let i = 0; i < count; i++) {
    const top = Math.floor(i / columns) * tile;
    const left = (i % columns) * tile;
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const source = ((top + y) * canvas.width + left + x) * 4; // red channel of a gray pixel
        pixels[i * perImage + y * tile + x] = rgba[source] / 255;
      }
    }
  }
  return { count, indices: index.indices, labels: index.labels, pixels, perImage };
}

/** Returns the pixels of sample i (a view, not a copy). */
export function samplePixels(samples, i) {
  return samples.pixels.subarray(i * samples.perImage, (i + 1) * samples.perImage);
}
