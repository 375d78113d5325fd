// Renders a model's training report: learning curves, test accuracy, confusion
// matrix, per-class accuracy (on the test images and the wild pictures), the
// most-confused pairs with example images and the calibration.
import { drawPixels } from './bars.js';
import { lineChart, reliabilityChart } from './charts.js';
import { grouped } from './format.js';
import { el } from './ui.js';

/** Formats a share as a percentage with `digits` decimals. */
export const pct = (v, digits = 1) => `${(100 * v).toFixed(digits)}%`;

function curves(report) {
  const h = report.history;
  const decimal = (v) => v.toFixed(2);
  const figure = el('figure', { className: 'curves' });
  figure.dataset.testid = 'report-curves';
  figure.append(
    lineChart('Loss', h.loss, h.val_loss, report.bestEpoch, decimal),
    lineChart('Accuracy', h.accuracy, h.val_accuracy, report.bestEpoch, (v) => pct(v, 0)),
    el(
      'figcaption',
      {},
      el('span', { className: 'key train' }, 'training'),
      el('span', { className: 'key validation' }, 'validation'),
      el('span', { className: 'key kept' }, `kept weights (epoch ${report.bestEpoch})`),
    ),
  );
  return figure;
}

/** Renders a confusion matrix, {classNames, confusion} with rows the true class. */
export function confusionTable(report) {
  const names = report.classNames;
  const largest = Math.max(...report.confusion.flat());
  const table = el('table', { className: 'confusion' });
  table.dataset.testid = 'report-confusion';
  table.append(
    el('caption', {}, 'Confusion matrix: rows are the true class, columns the predicted class'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'true \\ predicted'),
        ...names.map((name) => el('th', { scope: 'col' }, name)),
      ),
    ),
  );
  const body = el('tbody');
  report.confusion.forEach((row, i) => {
    const cells = row.map((count, j) => {
      const cell = el('td', {
        textContent: String(count),
        title: `${names[i]} predicted as ${names[j]}: ${count}`,
      });
      const strength = Math.sqrt(count / largest); // sqrt keeps small counts visible
      cell.className = `${i === j ? 'hit' : 'miss'}${strength > 0.6 ? ' dark' : ''}`;
      cell.style.setProperty('--v', String(strength));
      return cell;
    });
    body.append(el('tr', {}, el('th', { scope: 'row' }, names[i]), ...cells));
  });
  table.append(body);
  return table;
}

/** A bar and a share: one cell pair of the per-class table; count 0 shows n/a. */
function meter(share, kind) {
  const bar = el('div', { className: `fill ${kind}` });
  bar.style.setProperty('--p', String(share ?? 0));
  return [
    el('td', { className: 'meter' }, bar),
    el('td', { className: 'value' }, share === null ? 'n/a' : pct(share)),
  ];
}

/** Accuracy per class on the test images and, once measured, on the pictures visitors bring. */
function perClassTable(report) {
  const wild = report.wild?.wild.perClass;
  const table = el('table', { className: 'per-class' });
  table.dataset.testid = 'report-per-class';
  table.append(
    el(
      'caption',
      {},
      wild ? 'Accuracy per class: test images, wild pictures' : 'Accuracy per class',
    ),
  );
  if (wild) {
    const heading = (text) => el('th', { scope: 'col', colSpan: 2 }, text);
    table.append(
      el('thead', {}, el('tr', {}, el('td'), heading('test images'), heading('wild pictures'))),
    );
  }
  const body = el('tbody');
  report.perClassAccuracy.forEach((accuracy, i) => {
    // null: no test images of the class (tiny runs); a [hits, count] pair for the wild set
    const cells = meter(accuracy, 'test');
    if (wild) cells.push(...meter(wild[i][1] ? wild[i][0] / wild[i][1] : null, 'wild'));
    body.append(el('tr', {}, el('th', { scope: 'row' }, report.classNames[i]), ...cells));
  });
  table.append(body);
  return table;
}

/** Says how the model does on what visitors bring, beside the test images. */
function wildSummary(found) {
  const share = ([hits, count]) => pct(hits / count);
  const { wild, sketches, ood } = found;
  const summary = el(
    'p',
    {},
    'On ',
    el('strong', {}, `${wild.right[1]} clothing pictures made independently of the dataset`),
    ` (icons, emoji and line art): ${share(wild.right)} right, and ` +
      `${share(wild.confidentMistakes)} wrong with 90% confidence or more. Sketches drawn on ` +
      `the pad: ${share(sketches.on)} right with the fill of closed outlines on, ` +
      `${share(sketches.off)} with it off. It says it is not sure of ${share(ood.notSure)} ` +
      `of pictures that are not clothing. Measured through this page in Chromium on ` +
      `${found.measuredAt.slice(0, 10)} (docs/models.md in the repository).`,
  );
  summary.dataset.testid = 'report-wild';
  return summary;
}

function confusedPairs(report, examples, imageSize) {
  const names = report.classNames;
  const perImage = imageSize * imageSize;
  const list = el('ol', { className: 'pairs' });
  list.dataset.testid = 'report-pairs';
  let offset = 0; // the examples hold each pair's images in turn
  report.confusedPairs.forEach((pair) => {
    const images = pair.examples.map((index, k) => {
      const canvas = el('canvas', { width: imageSize, height: imageSize });
      drawPixels(canvas, examples.subarray(offset, offset + perImage));
      offset += perImage;
      const confidence = pct(pair.confidences[k], 0);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute(
        'aria-label',
        `Test image ${index}: ${names[pair.true]}, predicted ${names[pair.predicted]} ${confidence}`,
      );
      return el('figure', {}, canvas, el('figcaption', {}, confidence));
    });
    list.append(
      el(
        'li',
        {},
        el(
          'p',
          {},
          el('strong', {}, names[pair.true]),
          ' taken for ',
          el('strong', {}, names[pair.predicted]),
          `: ${pair.count} of ${grouped(report.testSize)} test images`,
        ),
        el('div', { className: 'examples' }, ...images),
      ),
    );
  });
  return list;
}

/** Says how far the model's confidence can be trusted, and when the page is not sure. */
function calibration(found) {
  const error = (v) => pct(v, 1);
  const section = el(
    'figure',
    { className: 'calibration' },
    reliabilityChart(
      found.reliabilityBefore,
      found.reliabilityAfter,
      `Reliability: accuracy per confidence bin; calibration error ` +
        `${error(found.errorBefore)} before, ${error(found.errorAfter)} after`,
    ),
    el(
      'figcaption',
      {},
      `On the ${grouped(found.validationSize)} validation images, how often the ` +
        `model is right at each confidence: on the diagonal, "90% sure" is right 90% of the ` +
        `time. Temperature scaling (T = ${found.temperature.toFixed(2)}) moves the expected ` +
        `calibration error from ${error(found.errorBefore)} (solid) to ` +
        `${error(found.errorAfter)} (dashed). Below ${pct(found.minConfidence, 0)} calibrated ` +
        `confidence the page says it is not sure.`,
    ),
  );
  section.dataset.testid = 'report-calibration';
  return section;
}

/** Fills the report section for one model. */
export function renderReport(report, examples, imageSize) {
  const container = document.querySelector('[data-testid="report"]');
  const seconds = Math.round(report.seconds);
  const time = seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
  const accuracy = el(
    'p',
    { className: 'headline' },
    'Test accuracy: ',
    el('strong', {}, pct(report.testAccuracy, 2)),
  );
  accuracy.dataset.testid = 'report-accuracy';
  container.replaceChildren(
    el('h2', { id: 'report-title' }, `How ${report.model} was trained`),
    el(
      'p',
      { className: 'muted' },
      `${grouped(report.params)} parameters, trained on ` +
        `${grouped(report.trainSize)} images for ${report.epochs} epochs (${time} ` +
        `on ${report.cpus} CPU cores); ${grouped(report.validationSize)} more training images ` +
        `were held out for validation, and the weights of epoch ${report.bestEpoch} were kept. ` +
        `The test images were used only for the final numbers below. A gap between the ` +
        `training and validation curves is overfitting: the model learns its training images ` +
        `better than it generalises.`,
    ),
    accuracy,
    ...(report.wild ? [wildSummary(report.wild)] : []),
    curves(report),
    el(
      'div',
      { className: 'report-tables' },
      el('div', { className: 'table-scroll' }, confusionTable(report)),
      perClassTable(report),
    ),
    el('h3', {}, 'Most-confused pairs, with the most confident mistakes'),
    confusedPairs(report, examples, imageSize),
    ...(report.calibration
      ? [el('h3', {}, 'How far to trust its confidence'), calibration(report.calibration)]
      : []),
  );
}

/** Shows that the report could not be loaded. */
export function showReportUnavailable(message) {
  const container = document.querySelector('[data-testid="report"]');
  container.replaceChildren(
    el('h2', {}, 'Training report'),
    el('p', { className: 'muted' }, message),
  );
}
