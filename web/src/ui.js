// Renders the page around the predictions: status, errors, the model and backend
// selectors, and the drawing's or upload's result and messages. Plain arrays in,
// DOM out; no tensors and no state.
import { argmax, drawPixels, paintSaliency, percent, renderBars } from './bars.js';
import { grouped } from './format.js';
import { doubt } from './uncertainty.js';

/** Returns the element with a data-testid (the page contract's hooks), under root. */
export const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

/** Creates an element with properties and children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** Returns the URL of the site's manifest, which the build names in the page. */
export const manifestUrl = () => document.querySelector('meta[name="site-manifest"]').content;

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
  const origin = info.trainedHere
    ? 'trained in this browser'
    : `TensorFlow ${info.versions.tensorflow}, tensorflowjs ${info.versions.tensorflowjs}`;
  document.getElementById('model-info').textContent =
    `Model: ${info.name} · ${grouped(info.params)} parameters · ` +
    `${accuracy}% test accuracy · ${origin}`;
}

/**
 * Fills the model selector; onChange(name), if given, is called when the visitor
 * picks one (give it once: later calls only refill the options).
 */
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
  if (onChange) select.addEventListener('change', () => onChange(select.value));
}

/** Shows a model as the one in use in the model selector. */
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

/** Shows a backend as the one in use in the backend selector. */
export function selectBackend(name) {
  byTestId('backend-select').value = name;
}

/** Enables or disables the model and backend selectors (off while one switch runs). */
export function setSwitchesEnabled(enabled) {
  byTestId('model-select').disabled = !enabled;
  byTestId('backend-select').disabled = !enabled;
}

// Drawing --------------------------------------------------------------------------

/** Shows the drawing's or upload's prediction and bars, or resets them when probs is null. */
export function showDrawResult(probs, classNames, pixels = null, verdict = null) {
  const result = byTestId('draw-result');
  const bars = document.getElementById('draw-bars');
  const preview = byTestId('draw-preview');
  drawPixels(preview, pixels ?? new Float32Array(preview.width * preview.height));
  paintSaliency(byTestId('saliency', byTestId('draw-panel')), null);
  result.dataset.unsure = String(Boolean(verdict?.unsure));
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
  result.textContent =
    doubt(verdict, classNames) || `${classNames[predicted]} ${percent(probs[predicted])}`;
  renderBars(bars, probs, classNames, { labelled: true });
}

/** Shows the saliency of the drawing or upload, once computed. */
export function showDrawSaliency(pixels, map) {
  paintSaliency(byTestId('saliency', byTestId('draw-panel')), { pixels, map });
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
