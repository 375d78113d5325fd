// Renders the page: status, errors, gallery, probability bars, detail view and
// drawing result. Works on plain arrays of probabilities; never on tensors.

const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);
const percent = (p) => `${Math.round(100 * p)}%`;

/** Returns the index of the largest value. */
export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Shows the loading / ready / error state and its text. */
export function setStatus(state, text) {
  const status = byTestId('status');
  status.dataset.state = state;
  status.textContent = text;
}

/** Adds a message to the error banner and shows it. */
export function showError(message) {
  const banner = byTestId('error-banner');
  const line = document.createElement('p');
  line.textContent = message;
  banner.append(line);
  banner.hidden = false;
}

/** Shows what the model in use is and how well it scored. */
export function showModelInfo(info) {
  const accuracy = (100 * info.testAccuracy).toFixed(1);
  document.getElementById('model-info').textContent =
    `Model: ${info.name} · ${info.params.toLocaleString('en')} parameters · ` +
    `${accuracy}% test accuracy · TensorFlow ${info.versions.tensorflow}, ` +
    `tensorflowjs ${info.versions.tensorflowjs}`;
}

/** Fills the model selector; onChange(name) is called when the visitor picks one. */
export function renderModelOptions(models, onChange) {
  const select = byTestId('model-select');
  select.replaceChildren(
    ...models.map((m) => {
      const option = document.createElement('option');
      option.value = m.name;
      option.textContent = `${m.name}: ${m.description} (${(100 * m.testAccuracy).toFixed(1)}%)`;
      return option;
    }),
  );
  select.addEventListener('change', () => onChange(select.value));
}

export function selectModel(name) {
  byTestId('model-select').value = name;
}

/** Fills the backend selector; onChange(name) is called when the visitor picks one. */
export function renderBackendOptions(names, onChange) {
  const select = byTestId('backend-select');
  select.replaceChildren(
    ...names.map((name) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent =
        name === 'wasm' ? 'WebAssembly (wasm)' : name === 'webgl' ? 'WebGL' : 'CPU (JavaScript)';
      return option;
    }),
  );
  select.addEventListener('change', () => onChange(select.value));
}

export function selectBackend(name) {
  byTestId('backend-select').value = name;
}

/** Enables or disables the model and backend selectors (off while one switch runs). */
export function setSwitchesEnabled(enabled) {
  byTestId('model-select').disabled = !enabled;
  byTestId('backend-select').disabled = !enabled;
}

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

/** The tutorial's caption: "Predicted 97% (True)". */
function caption(probs, truth, classNames) {
  const predicted = argmax(probs);
  return `${classNames[predicted]} ${percent(probs[predicted])} (${classNames[truth]})`;
}

// Gallery --------------------------------------------------------------------------

/**
 * Renders the gallery's images, without predictions yet, and returns their elements.
 * items: [{index, label, pixels}]; onOpen(position) is called when one is clicked.
 */
export function renderGallery(items, imageSize, onOpen) {
  const gallery = byTestId('gallery');
  const elements = items.map((item, position) => {
    const li = document.createElement('li');
    li.className = 'item';
    li.dataset.testid = 'gallery-item';
    li.dataset.index = String(item.index);
    li.dataset.label = String(item.label);
    const thumb = document.createElement('button');
    thumb.type = 'button';
    thumb.className = 'thumb';
    thumb.setAttribute('aria-label', `Enlarge test image ${item.index}`);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = imageSize;
    drawPixels(canvas, item.pixels);
    thumb.append(canvas);
    thumb.addEventListener('click', () => onOpen(position));
    const text = document.createElement('p');
    text.className = 'caption';
    text.textContent = '…';
    const bars = document.createElement('div');
    bars.className = 'bars';
    li.append(thumb, text, bars);
    return li;
  });
  gallery.replaceChildren(...elements);
  return elements;
}

/** Shows one gallery image's prediction: caption, colour and bars. */
export function showGalleryPrediction(element, probs, truth, classNames) {
  const predicted = argmax(probs);
  const correct = predicted === truth;
  element.dataset.predicted = String(predicted);
  element.dataset.confidence = String(probs[predicted]);
  element.dataset.correct = String(correct);
  element.classList.toggle('correct', correct);
  element.classList.toggle('wrong', !correct);
  element.querySelector('.caption').textContent = caption(probs, truth, classNames);
  renderBars(element.querySelector('.bars'), probs, classNames, { truth });
}

/** Opens the detail view of one image: large, with bars labelled by class name. */
export function openDetail(item, classNames) {
  const dialog = byTestId('detail');
  dialog.querySelector('h2').textContent = `Test image ${item.index}`;
  drawPixels(dialog.querySelector('.detail-image'), item.pixels);
  showSaliency(byTestId('saliency', dialog), null);
  const text = dialog.querySelector('.caption');
  const bars = dialog.querySelector('.bars');
  if (item.probs) {
    const correct = argmax(item.probs) === item.label;
    text.textContent = caption(item.probs, item.label, classNames);
    text.className = `caption ${correct ? 'correct' : 'wrong'}`;
    renderBars(bars, item.probs, classNames, { truth: item.label, labelled: true });
  } else {
    text.textContent = `True class: ${classNames[item.label]} (no prediction: the model is not loaded)`;
    text.className = 'caption';
    bars.replaceChildren();
  }
  dialog.showModal();
}

/** Wires the detail dialog's closing: the close button, Escape, or a click outside. */
export function setUpDetail() {
  const dialog = byTestId('detail');
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
}

// Drawing --------------------------------------------------------------------------

/** Shows the saliency of the detail view's image, once computed. */
export function showDetailSaliency(pixels, map) {
  showSaliency(byTestId('saliency', byTestId('detail')), map && { pixels, map });
}

/**
 * Paints the image in gray with the pixels that drove the prediction in red,
 * or blanks the canvas (view = null).
 */
function showSaliency(canvas, view) {
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

/** Shows the drawing's or upload's prediction and bars, or resets them when probs is null. */
export function showDrawResult(probs, classNames, pixels = null) {
  const result = byTestId('draw-result');
  const bars = document.getElementById('draw-bars');
  const preview = byTestId('draw-preview');
  drawPixels(preview, pixels ?? new Float32Array(preview.width * preview.height));
  shownInput = pixels;
  showSaliency(byTestId('saliency', byTestId('draw-panel')), null);
  if (!probs) {
    result.dataset.predicted = '';
    result.dataset.confidence = '';
    result.textContent =
      'Draw a piece of clothing, or drop a photo, to see what the model thinks it is.';
    bars.replaceChildren();
    return;
  }
  const predicted = argmax(probs);
  result.dataset.predicted = String(predicted);
  result.dataset.confidence = String(probs[predicted]);
  result.textContent = `${classNames[predicted]} ${percent(probs[predicted])}`;
  renderBars(bars, probs, classNames, { labelled: true });
}

let shownInput = null; // the pixels the drawing panel shows

/** Tells whether the drawing panel still shows these pixels. */
export function isShowingInput(pixels) {
  return shownInput === pixels;
}

/** Shows the saliency of the drawing or upload, once computed. */
export function showDrawSaliency(pixels, map) {
  showSaliency(byTestId('saliency', byTestId('draw-panel')), { pixels, map });
}

/** Tells screen readers the settled prediction, once, without the per-stroke chatter. */
export function announce(text) {
  const region = byTestId('announcer');
  if (region.textContent !== text) region.textContent = text;
}

/** Shows a message about the visitor's input (an upload problem, a blank picture); '' hides it. */
export function showInputMessage(text, kind = 'error') {
  const message = byTestId('input-message');
  message.textContent = text;
  message.dataset.kind = kind;
  message.hidden = !text;
}

/** Shows an uploaded picture in place of the drawing, or hides it (bitmap = null). */
export function showUpload(bitmap, name = '') {
  const view = byTestId('upload-view');
  view.hidden = !bitmap;
  document.getElementById('upload-name').textContent = bitmap
    ? `Showing ${name || 'your image'}. Draw to switch back.`
    : '';
  if (!bitmap) return;
  const context = view.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, view.width, view.height);
  const scale = Math.min(view.width / bitmap.width, view.height / bitmap.height);
  const w = bitmap.width * scale;
  const h = bitmap.height * scale;
  context.drawImage(bitmap, (view.width - w) / 2, (view.height - h) / 2, w, h);
}

/** Marks the drawing's result as pending (aria-busy) until its prediction is shown. */
export function setDrawBusy(busy) {
  byTestId('draw-result').setAttribute('aria-busy', String(busy));
}

/** Enables or disables the inputs that need a working model, saying why. */
export function setInteractive(enabled, reason = '') {
  const canvas = byTestId('draw-canvas');
  canvas.classList.toggle('disabled', !enabled);
  canvas.setAttribute('aria-disabled', String(!enabled));
  byTestId('upload').disabled = !enabled;
  document.getElementById('draw-disabled').textContent = enabled ? '' : reason;
}

// Gallery filter ---------------------------------------------------------------------

/** Calls onChange(mode) when the visitor picks which test images to show. */
export function setUpGalleryFilter(onChange) {
  const select = byTestId('gallery-filter');
  select.addEventListener('change', () => onChange(select.value));
  select.disabled = false;
  return () => select.value;
}

/** Marks the gallery as being replaced (aria-busy) until its new images are predicted. */
export function setGalleryBusy(busy) {
  byTestId('gallery').setAttribute('aria-busy', String(busy));
}

/** Says how many images a filter found, or hides the note (''). */
export function showGalleryNote(text) {
  const note = document.getElementById('gallery-note');
  note.textContent = text;
  note.hidden = !text;
}
