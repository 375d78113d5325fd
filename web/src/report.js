// Renders a model's training report: learning curves, test accuracy, confusion
// matrix, per-class accuracy and the most-confused pairs with example images.
import { drawPixels } from './bars.js';

const SVG = 'http://www.w3.org/2000/svg';
const pct = (v, digits = 1) => `${(100 * v).toFixed(digits)}%`;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function svg(tag, attributes = {}, text = '') {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text) node.textContent = text;
  return node;
}

/** Draws one metric per epoch, training solid and validation dashed, as an SVG line chart. */
function lineChart(title, train, validation, keptEpoch, format) {
  const width = 340;
  const height = 210;
  const margin = { left: 46, right: 12, top: 26, bottom: 34 };
  const values = [...train, ...validation];
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = (high - low) * 0.08 || 0.01;
  low -= pad;
  high += pad;
  const n = train.length;
  const x = (epoch) =>
    margin.left + ((epoch - 1) / Math.max(1, n - 1)) * (width - margin.left - margin.right);
  const y = (v) => margin.top + ((high - v) / (high - low)) * (height - margin.top - margin.bottom);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img' });
  chart.setAttribute(
    'aria-label',
    `${title} per epoch: training ${format(train.at(-1))}, validation ` +
      `${format(validation.at(-1))} at epoch ${n}; epoch ${keptEpoch} kept`,
  );
  chart.append(svg('text', { x: margin.left, y: 16, class: 'chart-title' }, title));
  for (let i = 0; i <= 4; i++) {
    const v = low + ((high - low) * i) / 4;
    chart.append(
      svg('line', { x1: margin.left, x2: width - margin.right, y1: y(v), y2: y(v), class: 'grid' }),
      svg(
        'text',
        { x: margin.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' },
        format(v),
      ),
    );
  }
  const step = Math.max(1, Math.ceil(n / 8));
  for (let epoch = 1; epoch <= n; epoch += step) {
    chart.append(
      svg(
        'text',
        { x: x(epoch), y: height - margin.bottom + 14, class: 'tick', 'text-anchor': 'middle' },
        epoch,
      ),
    );
  }
  chart.append(
    svg(
      'text',
      { x: (margin.left + width) / 2, y: height - 4, class: 'tick', 'text-anchor': 'middle' },
      'epoch',
    ),
    svg('line', {
      x1: x(keptEpoch),
      x2: x(keptEpoch),
      y1: margin.top,
      y2: height - margin.bottom,
      class: 'kept',
    }),
  );
  for (const [series, cls] of [
    [train, 'train'],
    [validation, 'validation'],
  ]) {
    const points = series.map((v, i) => `${x(i + 1)},${y(v)}`).join(' ');
    chart.append(svg('polyline', { points, class: `series ${cls}` }));
  }
  return chart;
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
