// Paints what a prediction looks like: probability bars, 28 × 28 images and saliency
// maps. Plain arrays in, DOM out; no tensors and no state.

/** Returns the index of the largest value. */
export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Formats a probability as a whole percentage: "97%". */
export const percent = (p) => `${Math.round(100 * p)}%`;

/** Paints gray values in [0, 1] onto a canvas of the same size. */
export function drawPixels(canvas, pixels) {
  const context = canvas.getContext('2d');
  const image = context.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.round(pixels[i] * 255);
    image.data.set([v, v, v, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}

/**
 * Fills container with one bar per class. The predicted class's bar is red and
 * the true class's blue (blue wins when they agree), as in the tutorial's plots.
 */
export function renderBars(container, probs, classNames, { truth = null, labelled = false } = {}) {
  const predicted = argmax(probs);
  container.replaceChildren(
    ...classNames.map((name, i) => {
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.dataset.testid = 'prob-bar';
      bar.dataset.class = String(i);
      bar.dataset.prob = String(probs[i]);
      if (i === predicted) bar.dataset.isPredicted = '';
      if (i === truth) bar.dataset.isTrue = '';
      bar.setAttribute('role', 'img');
      bar.setAttribute('aria-label', `${name} ${percent(probs[i])}`);
      bar.style.setProperty('--p', String(probs[i]));
      const track = document.createElement('div');
      track.className = 'track';
      track.title = `${name} ${percent(probs[i])}`;
      track.append(bar);
      if (!labelled) return track;
      const row = document.createElement('div');
      row.className = 'row';
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = name;
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = percent(probs[i]);
      row.append(label, track, value);
      return row;
    }),
  );
}

/**
 * Paints the image in gray with the pixels that drove the prediction in red,
 * or blanks the canvas (view = null).
 */
export function paintSaliency(canvas, view) {
  const context = canvas.getContext('2d');
  if (!view) {
    context.clearRect(0, 0, canvas.width, canvas.height);
    canvas.dataset.ready = 'false';
    return;
  }
  const { pixels, map } = view;
  const image = context.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < pixels.length; i++) {
    const gray = 0.6 * 255 * pixels[i];
    const heat = map[i];
    image.data.set([gray + heat * (255 - gray), gray * (1 - heat), gray * (1 - heat), 255], i * 4);
  }
  context.putImageData(image, 0, 0);
  canvas.dataset.ready = 'true';
}
