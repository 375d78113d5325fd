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
 * Fetches a grayscale PNG sprite of `count` tiles (tile × tile, `columns` per row)
 * and returns their pixels as one Float32Array (count × tile × tile, values in [0, 1]).
 */
async function loadSprite(url, what, { tile, columns, count }) {
  const response = await fetchOk(url, what);
  let bitmap;
  try {
    // 'none' keeps the PNG's bytes exact: no colour management, no premultiplying.
    bitmap = await createImageBitmap(await response.blob(), {
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
  return pixels;
}

/** Loads the sampled test images: test-set indices, true labels and pixels. */
export async function loadSamples(config) {
  const index = await fetchJson(config.samples.index, 'Sample index');
  const pixels = await loadSprite(config.samples.sprite, 'Sample images', index);
  const perImage = index.tile * index.tile;
  return { count: index.count, indices: index.indices, labels: index.labels, pixels, perImage };
}

/**
 * Loads a model's training report and the pixels of its example mistakes
 * (one row of report.examplesColumns images per confused pair).
 */
export async function loadReport(entry, imageSize) {
  const what = `Training report for ${entry.name}`;
  const report = await fetchJson(entry.report, what);
  const url = entry.report.replace(/[^/]*$/, '') + report.examplesSprite; // beside report.json
  const columns = report.examplesColumns;
  const count = report.confusedPairs.length * columns;
  const examples = count
    ? await loadSprite(url, `${what}: example images`, { tile: imageSize, columns, count })
    : new Float32Array(0);
  return { report, examples };
}

/** Returns the pixels of sample i (a view, not a copy). */
export function samplePixels(samples, i) {
  return samples.pixels.subarray(i * samples.perImage, (i + 1) * samples.perImage);
}
