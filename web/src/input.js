// The visitor's own input: the drawing pad and uploaded pictures (picker, drop, paste).
// Predicts it while it changes, explains it once it settles, and shows each result
// together with the note that belongs to it.
import { argmax } from './bars.js';
import { DrawingPad } from './canvas.js';
import { NothingToClassify, preprocess } from './preprocess.js';
import { InputError, decodeImageFile } from './upload.js';
import * as ui from './ui.js';
import { doubt } from './uncertainty.js';

const SETTLE_MS = 400; // the input counts as settled after this pause: announce and explain
const NO_RESULT = Object.freeze({ pixels: null, probs: null, note: '' });

/**
 * Creates the input controller on the page's drawing pad, its Clear, fill and brush
 * controls and the upload picker, and takes pictures dropped or pasted anywhere.
 * verdict(probs) says whether the page trusts a prediction (uncertainty.js).
 */
export function createInput({ config, classifier, verdict }) {
  const state = {
    pad: null, // the DrawingPad
    upload: null, // {bitmap, name, note} while an uploaded picture is the input
    fill: true, // fill closed outlines of drawings and uploaded line art
    inputs: 0, // counts new inputs (a file, a stroke, Clear): the newest one wins
    refusal: '', // why the last file given was refused; stays until the next input
    shown: NO_RESULT, // the result on show: {pixels, probs, note}
    running: false, // a prediction is running
    again: false, // the input changed meanwhile: predict once more when it ends
    frame: 0, // the animation frame that predicts the drawing
    settled: 0, // the timer that explains the input once it stops changing
  };

  /** Shows the refusal of the last file given, or else the note on the result on show. */
  function showMessage() {
    if (state.refusal) ui.showInputMessage(state.refusal, 'error');
    else ui.showInputMessage(state.shown.note, 'info');
  }

  /** Shows a result and its note, which is true of this result only. */
  function show(result) {
    state.shown = result;
    const judged = result.probs && verdict(result.probs);
    ui.showDrawResult(result.probs, config.classNames, result.pixels, judged);
    showMessage();
  }

  /** Counts a new input (a file given, a stroke, Clear), which ends a refusal; returns its number. */
  function newInput() {
    state.refusal = '';
    showMessage();
    return ++state.inputs;
  }

  /**
   * Once the input has stopped changing: tells screen readers the prediction and
   * shows the saliency map (too slow to redo on every stroke).
   */
  async function explain(pixels, probs) {
    const predicted = argmax(probs);
    const name = config.classNames[predicted];
    const unsure = doubt(verdict(probs), config.classNames);
    ui.announce(unsure || `Prediction: ${name}, ${Math.round(100 * probs[predicted])}%`);
    const map = await classifier.saliency(pixels, predicted);
    // Late maps are dropped: the panel moved on, or a newer result is on its way.
    if (state.shown.pixels === pixels && !state.running) ui.showDrawSaliency(pixels, map);
  }

  /** The picture to classify: the upload, or the drawing; null when there is none. */
  function picture() {
    const { pad, upload } = state;
    if (upload) return upload.bitmap;
    return pad.isEmpty ? null : pad.canvas;
  }

  /** The model's input and the note on it: {pixels, note}; pixels is null when there is none. */
  function currentInput() {
    const source = picture();
    if (!source) return { pixels: null, note: '' };
    try {
      const options = { fill: state.fill ? config.fill : null };
      const pixels = preprocess(source, config.imageSize, options);
      return { pixels, note: state.upload?.note ?? '' };
    } catch (err) {
      if (!(err instanceof NothingToClassify)) throw err;
      return { pixels: null, note: err.message };
    }
  }

  /** Re-predicts the drawing or upload; calls arriving meanwhile coalesce into one more run. */
  async function predict() {
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    try {
      do {
        state.again = false;
        const { pixels, note } = currentInput();
        const probs = pixels && classifier.model ? await classifier.predict(pixels, 1) : null;
        if (state.again) continue; // newer input (or Clear) wins over this result
        show({ pixels, probs, note });
        clearTimeout(state.settled);
        if (probs) state.settled = setTimeout(() => explain(pixels, probs), SETTLE_MS);
      } while (state.again);
    } catch (err) {
      ui.showError(`Your input could not be classified: ${err.message}`);
    } finally {
      state.running = false;
      ui.setDrawBusy(false);
    }
  }

  /** Drops the uploaded picture: the drawing pad is the input again. */
  function leaveUpload() {
    state.upload?.bitmap.close();
    state.upload = null;
    ui.showUpload(null);
  }

  /** Checks, decodes and classifies an image file from the picker, a drop or a paste. */
  async function useFile(file) {
    const input = newInput();
    let decoded;
    try {
      decoded = await decodeImageFile(file);
    } catch (err) {
      if (input !== state.inputs) return; // a newer input came meanwhile: it stays
      state.refusal =
        err instanceof InputError ? err.message : `The image could not be read: ${err.message}`;
      showMessage();
      return;
    }
    if (input !== state.inputs) {
      decoded.bitmap.close(); // a newer input came meanwhile: it stays
      return;
    }
    leaveUpload();
    state.pad.clear();
    state.upload = { bitmap: decoded.bitmap, name: file.name, note: decoded.note };
    ui.showUpload(decoded.bitmap, file.name);
    ui.setDrawBusy(true);
    await predict();
  }

  state.pad = new DrawingPad(ui.byTestId('draw-canvas'), {
    cursor: document.getElementById('pen-cursor'),
    onStart: () => {
      newInput();
      if (state.upload) leaveUpload(); // drawing replaces an uploaded picture
    },
    // At most one prediction per animation frame, however many pointer events arrive.
    onChange: () => {
      ui.setDrawBusy(true);
      cancelAnimationFrame(state.frame);
      state.frame = requestAnimationFrame(predict);
    },
  });
  ui.byTestId('clear').addEventListener('click', () => {
    cancelAnimationFrame(state.frame);
    newInput();
    ui.setDrawBusy(true);
    leaveUpload();
    state.pad.clear();
    ui.announce('Cleared');
    predict();
  });
  const fill = ui.byTestId('fill-toggle');
  fill.checked = state.fill;
  fill.addEventListener('change', () => {
    state.fill = fill.checked;
    ui.setDrawBusy(true);
    predict();
  });
  const brush = ui.byTestId('brush');
  state.pad.brushFraction = Number(brush.value);
  brush.addEventListener('change', () => (state.pad.brushFraction = Number(brush.value)));

  const picker = ui.byTestId('upload');
  picker.addEventListener('change', () => {
    if (picker.files.length) useFile(picker.files[0]);
    picker.value = ''; // the same file can be chosen again
  });
  document.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault(); // allow a drop
  });
  document.addEventListener('drop', (event) => {
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault(); // never navigate to the dropped file
    useFile(event.dataTransfer.files[0]);
  });
  document.addEventListener('paste', (event) => {
    const file = event.clipboardData?.files[0];
    if (file && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      useFile(file);
    }
  });
  show(NO_RESULT);
  return {
    predict,
    /** The model's input on show (the drawing or upload), or null when there is none. */
    get pixels() {
      return state.shown.pixels;
    },
  };
}
