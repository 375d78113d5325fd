// The gallery of test images: which to show (at random, the mistakes, or the most
// confident mistakes), their predictions a row at a time, and the detail view of one
// image with its saliency map.
import { argmax } from './bars.js';
import { samplePixels } from './data.js';
import * as view from './gallery-view.js';
import { nextTask } from './tasks.js';
import { showError } from './ui.js';

// Images predicted per task: a row at a time, so that no task blocks the page for long.
const ROW = 5;

const shuffled = (values) => {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
};

/**
 * Creates the gallery controller. verdict(probs) says whether the page trusts a
 * prediction; modelName() names the model in use, for the note on its mistakes.
 */
export function createGallery({ config, classifier, verdict, modelName }) {
  const state = {
    samples: null, // the shipped sample images loaded so far
    sampleProbs: null, // probabilities of every sample under the model in use, once computed
    items: [], // the images on show: [{index, label, pixels, probs, element}]
    detail: null, // the item open in the detail view
    mode: () => 'all', // which images the filter asks for, once it is enabled
  };

  /** Probabilities of every shipped sample under the model in use, computed once per model. */
  async function sampleProbabilities() {
    if (!state.sampleProbs) {
      const { samples } = state;
      state.sampleProbs = await classifier.predict(samples.pixels, samples.count);
    }
    return state.sampleProbs;
  }

  /** Picks the sample positions to show for a filter: all, mistakes, or most confident mistakes. */
  async function pickPositions(mode) {
    const { samples } = state;
    const all = [...Array(samples.count).keys()];
    if (mode === 'all') return { positions: shuffled(all).slice(0, config.gallerySize), note: '' };
    const probs = await sampleProbabilities();
    const classes = config.numClasses;
    const row = (i) => probs.subarray(i * classes, (i + 1) * classes);
    const mistakes = all.filter((i) => argmax(row(i)) !== samples.labels[i]);
    const note =
      `${mistakes.length} of the ${samples.count} shipped test images are misclassified by ` +
      `${modelName()}` +
      (mode === 'confident' ? '; these are the ones it was surest about.' : '.');
    const confidence = (i) => Math.max(...row(i));
    const positions =
      mode === 'confident'
        ? mistakes.sort((a, b) => confidence(b) - confidence(a)).slice(0, config.gallerySize)
        : shuffled(mistakes).slice(0, config.gallerySize);
    return { positions, note };
  }

  /** Shows a fresh set of sampled test images for the filter in use, without predictions. */
  async function pick() {
    const { positions, note } = await pickPositions(state.mode());
    view.showGalleryNote(note);
    const { samples } = state;
    const items = positions.map((i) => ({
      index: samples.indices[i],
      label: samples.labels[i],
      pixels: samplePixels(samples, i),
      probs: null,
    }));
    const elements = view.renderGallery(items, config.imageSize, (k) => openDetail(items[k]));
    items.forEach((item, k) => (item.element = elements[k]));
    state.items = items;
  }

  /** Shows a fresh set of sampled test images for the filter in use, then predicts them. */
  async function resample() {
    await pick();
    await predict();
  }

  /** Predicts the images on show a row at a time, showing each row as it comes. */
  async function predict() {
    const { items } = state;
    if (!classifier.model || items.length === 0) return;
    const perImage = state.samples.perImage;
    const { classNames, numClasses } = config;
    for (let start = 0; start < items.length; start += ROW) {
      const row = items.slice(start, start + ROW);
      const batch = new Float32Array(row.length * perImage);
      row.forEach((item, i) => batch.set(item.pixels, i * perImage));
      const probs = await classifier.predict(batch, row.length);
      await nextTask(); // showing them is a step of its own
      if (items !== state.items) return; // resampled meanwhile; the new set has its own run
      row.forEach((item, i) => {
        item.probs = probs.slice(i * numClasses, (i + 1) * numClasses);
        view.showGalleryPrediction(
          item.element,
          item.probs,
          item.label,
          classNames,
          verdict(item.probs),
        );
      });
    }
  }

  /** Opens one image large, then adds its saliency map if it is still the one open. */
  async function openDetail(item) {
    state.detail = item;
    view.openDetail(item, config.classNames);
    if (!item.probs) return;
    const map = await classifier.saliency(item.pixels, argmax(item.probs));
    if (state.detail === item) view.showDetailSaliency(item.pixels, map);
  }

  /** Replaces the images on show (New sample, or another filter). */
  async function show() {
    view.setGalleryBusy(true);
    try {
      await resample();
    } catch (err) {
      showError(`The gallery could not be classified: ${err.message}`);
    } finally {
      view.setGalleryBusy(false);
    }
  }

  /** Predicts again after a switch; mistakes depend on the model, so a filter picks again. */
  async function refresh() {
    state.sampleProbs = null;
    view.setGalleryBusy(true);
    try {
      await (state.mode() === 'all' ? predict() : resample());
    } finally {
      view.setGalleryBusy(false);
    }
  }

  view.setUpDetail();
  return {
    get hasSamples() {
      return state.samples !== null;
    },

    /** The sample images loaded so far: {count, indices, labels, pixels, perImage}. */
    get samples() {
      return state.samples;
    },

    /** Shows the first sample images; predict() follows once the model is in. */
    async start(samples) {
      state.samples = samples;
      view.enableResample(show);
      await pick();
    },

    /** Takes the full set of samples, which the next images come from. */
    addSamples(samples) {
      state.samples = samples;
      state.sampleProbs = null;
    },

    /** Enables the filters, which need the model's predictions, and ends the first load. */
    enableFilter() {
      view.setGalleryBusy(false);
      state.mode = view.setUpGalleryFilter(show);
    },

    predict,
    refresh,
  };
}
