// Renders a model's training report: learning curves, test accuracy, confusion
// matrix, per-class accuracy and the most-confused pairs with example images.
import { drawPixels } from './bars.js';
import { lineChart, reliabilityChart } from './charts.js';

const pct = (v, digits = 1) => `${(100 * v).toFixed(digits)}%`;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

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

function confusionTable(report) {
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

function perClassTable(report) {
  const table = el('table', { className: 'per-class' });
  table.dataset.testid = 'report-per-class';
  table.append(el('caption', {}, 'Accuracy per class'));
  const body = el('tbody');
  report.perClassAccuracy.forEach((accuracy, i) => {
    const bar = el('div', { className: 'fill' });
    bar.style.setProperty('--p', String(accuracy ?? 0)); // null: no test images of the class
    body.append(
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, report.classNames[i]),
        el('td', { className: 'meter' }, bar),
        el('td', { className: 'value' }, accuracy === null ? 'n/a' : pct(accuracy)),
      ),
    );
  });
  table.append(body);
  return table;
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
          `: ${pair.count} of ${report.testSize.toLocaleString('en')} test images`,
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
      `On the ${found.validationSize.toLocaleString('en')} validation images, how often the ` +
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
      `${report.params.toLocaleString('en')} parameters, trained on ` +
        `${report.trainSize.toLocaleString('en')} images for ${report.epochs} epochs (${time} ` +
        `on ${report.cpus} CPU cores); ${report.validationSize.toLocaleString('en')} more training images ` +
        `were held out for validation, and the weights of epoch ${report.bestEpoch} were kept. ` +
        `The test images were used only for the final numbers below. A gap between the ` +
        `training and validation curves is overfitting: the model learns its training images ` +
        `better than it generalises.`,
    ),
    accuracy,
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
