// A plain TF.js page, written the way TF.js's own examples are: the full bundle from
// npm (tf.min.js, the global `tf`), a float32 layers model and the default backend.
// It predicts the site's first gallery and exposes `window.peer.predict` for the
// benchmark, which builds it (bench/peer.py) and compares the site with it.
const gallery = JSON.parse(document.getElementById('gallery').textContent);

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`${url} did not load`));
    image.src = url;
  });
}

/** Returns the tiles at `positions` of a grayscale sprite as values in [0, 1]. */
function pixelsOf(image, { tile, positions }) {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(image, 0, 0);
  const pixels = new Float32Array(positions.length * tile * tile);
  positions.forEach(([left, top], i) => {
    const { data } = context.getImageData(left, top, tile, tile);
    for (let p = 0; p < tile * tile; p++) pixels[i * tile * tile + p] = data[p * 4] / 255;
  });
  return pixels;
}

async function main() {
  const [model, image] = await Promise.all([
    tf.loadLayersModel('model/model.json'),
    loadImage(gallery.sprite),
  ]);
  const shape = model.inputs[0].shape.slice(1);
  async function predict(pixels, n = 1) {
    const x = tf.tensor(pixels, [n, ...shape]);
    const y = model.predict(x);
    const probs = await y.data();
    tf.dispose([x, y]);
    return probs;
  }
  const count = gallery.positions.length;
  const probs = await predict(pixelsOf(image, gallery), count);
  performance.mark('first-gallery-prediction');
  const classes = gallery.classNames.length;
  for (let i = 0; i < count; i++) {
    const row = probs.subarray(i * classes, (i + 1) * classes);
    const best = row.indexOf(Math.max(...row));
    const item = document.createElement('li');
    item.textContent = `${gallery.classNames[best]} (${(row[best] * 100).toFixed(0)}%)`;
    document.getElementById('predictions').append(item);
  }
  document.getElementById('status').textContent = `Ready on ${tf.getBackend()}`;
  window.peer = { backend: tf.getBackend(), predict };
}

main().catch((err) => {
  document.getElementById('status').textContent = `Failed: ${err.message}`;
});
