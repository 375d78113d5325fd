// Renders the gallery of test images: thumbnails with captions and bars, the filter,
// and the detail view of one image. Plain arrays in, DOM out; no tensors and no state.
import { argmax, drawPixels, paintSaliency, percent, renderBars } from './bars.js';
import { byTestId } from './ui.js';
import { doubt } from './uncertainty.js';

/** The tutorial's caption: "Predicted 97% (True)". */
function caption(probs, truth, classNames) {
  const predicted = argmax(probs);
  return `${classNames[predicted]} ${percent(probs[predicted])} (${classNames[truth]})`;
}

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
    const doubtNote = document.createElement('p');
    doubtNote.className = 'doubt'; // says when the page is not sure of its prediction
    const bars = document.createElement('div');
    bars.className = 'bars';
    li.append(thumb, text, doubtNote, bars);
    return li;
  });
  gallery.replaceChildren(...elements);
  return elements;
}

/** Shows one gallery image's prediction: caption, colour and bars. */
export function showGalleryPrediction(element, probs, truth, classNames, verdict) {
  const predicted = argmax(probs);
  const correct = predicted === truth;
  element.dataset.predicted = String(predicted);
  element.dataset.confidence = String(probs[predicted]);
  element.dataset.correct = String(correct);
  element.dataset.unsure = String(verdict.unsure);
  element.querySelector('.doubt').textContent = doubt(verdict, classNames);
  element.classList.toggle('correct', correct);
  element.classList.toggle('wrong', !correct);
  element.querySelector('.caption').textContent = caption(probs, truth, classNames);
  renderBars(element.querySelector('.bars'), probs, classNames, { truth });
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

/** Enables the New sample button; onClick() is called when the visitor presses it. */
export function enableResample(onClick) {
  const button = byTestId('resample');
  button.addEventListener('click', onClick);
  button.disabled = false;
}

/** Enables the filter; returns a function that tells which test images it asks for. */
export function setUpGalleryFilter(onChange) {
  const select = byTestId('gallery-filter');
  select.addEventListener('change', () => onChange(select.value));
  select.disabled = false;
  return () => select.value;
}

// Detail view ------------------------------------------------------------------------

/** Wires the detail dialog's closing: the close button, Escape, or a click outside. */
export function setUpDetail() {
  const dialog = byTestId('detail');
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
}

/** Opens the detail view of one image: large, with bars labelled by class name. */
export function openDetail(item, classNames) {
  const dialog = byTestId('detail');
  dialog.querySelector('h2').textContent = `Test image ${item.index}`;
  drawPixels(dialog.querySelector('.detail-image'), item.pixels);
  paintSaliency(byTestId('saliency', dialog), null);
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

/** Shows the saliency of the detail view's image, once computed. */
export function showDetailSaliency(pixels, map) {
  paintSaliency(byTestId('saliency', byTestId('detail')), map && { pixels, map });
}
