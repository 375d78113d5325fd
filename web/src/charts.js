// Draws the page's SVG charts: metrics per epoch (the report's, and live while the
// page trains), and how far confidence can be trusted (a reliability diagram). Plain
// arrays in, SVG out; no state.

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, text = '') {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text) node.textContent = text;
  return node;
}

const WIDTH = 340; // the epoch charts' size and margins, in SVG units
const HEIGHT = 210;
const MARGIN = { left: 46, right: 12, top: 26, bottom: 34 };

/**
 * Starts an epoch chart: its SVG with title, value grid and epoch axis. Epochs run
 * from `first` to `last` along x; values span theirs, padded. Returns {chart, x, y}.
 */
function epochChart(title, label, values, first, last, format) {
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = (high - low) * 0.08 || 0.01;
  low -= pad;
  high += pad;
  const [margin, width, height] = [MARGIN, WIDTH, HEIGHT];
  const x = (epoch) =>
    margin.left +
    ((epoch - first) / Math.max(1, last - first)) * (width - margin.left - margin.right);
  const y = (v) => margin.top + ((high - v) / (high - low)) * (height - margin.top - margin.bottom);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img' });
  chart.setAttribute('aria-label', label);
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
  const step = Math.max(1, Math.ceil((last - first + 1) / 8));
  for (let epoch = first; epoch <= last; epoch += step) {
    chart.append(
      svg(
        'text',
        { x: x(epoch), y: height - margin.bottom + 14, class: 'tick', 'text-anchor': 'middle' },
        String(epoch), // svg() skips a falsy text, and epoch 0 is a label too
      ),
    );
  }
  chart.append(
    svg(
      'text',
      { x: (margin.left + width) / 2, y: height - 4, class: 'tick', 'text-anchor': 'middle' },
      'epoch',
    ),
  );
  return { chart, x, y };
}

/** Adds a polyline of [epoch, value] points to a chart, with a series class; dots mark each. */
function series(chart, points, cls, { x, y }, dots = false) {
  const coordinates = points.map(([epoch, v]) => `${x(epoch)},${y(v)}`).join(' ');
  chart.append(svg('polyline', { points: coordinates, class: `series ${cls}` }));
  if (dots) {
    for (const [epoch, v] of points) {
      chart.append(svg('circle', { cx: x(epoch), cy: y(v), r: 3, class: `dot ${cls}` }));
    }
  }
}

/** Draws one metric per epoch, training solid and validation dashed, as an SVG line chart. */
export function lineChart(title, train, validation, keptEpoch, format) {
  const n = train.length;
  const label =
    `${title} per epoch: training ${format(train.at(-1))}, validation ` +
    `${format(validation.at(-1))} at epoch ${n}; epoch ${keptEpoch} kept`;
  const axes = epochChart(title, label, [...train, ...validation], 1, n, format);
  const { chart, x } = axes;
  chart.append(
    svg('line', {
      x1: x(keptEpoch),
      x2: x(keptEpoch),
      y1: MARGIN.top,
      y2: HEIGHT - MARGIN.bottom,
      class: 'kept',
    }),
  );
  for (const [values, cls] of [
    [train, 'train'],
    [validation, 'validation'],
  ]) {
    series(
      chart,
      values.map((v, i) => [i + 1, v]),
      cls,
      axes,
    );
  }
  return chart;
}

/**
 * Draws a metric while training runs: every batch as a thin line, and each finished
 * epoch's training (solid) and validation (dashed) value, over `epochs` epochs.
 * batches: [epoch, value] with fractional epochs; train, validation: one value per epoch.
 */
export function progressChart(title, batches, train, validation, epochs, format) {
  const values = [...batches.map(([, v]) => v), ...train, ...validation];
  if (!values.length) values.push(0, 1);
  const last = validation.length
    ? `; validation ${format(validation.at(-1))} after epoch ${validation.length}`
    : '';
  const now = batches.length ? `${format(batches.at(-1)[1])} on the last batch` : 'no batch yet';
  const axes = epochChart(title, `${title}: ${now}${last}`, values, 0, epochs, format);
  series(axes.chart, batches, 'batch', axes);
  for (const [values, cls] of [
    [train, 'train'],
    [validation, 'validation'],
  ]) {
    series(
      axes.chart,
      values.map((v, i) => [i + 1, v]),
      cls,
      axes,
      true,
    );
  }
  return axes.chart;
}

/**
 * Draws a reliability diagram: for each confidence bin, how often the model was right,
 * before and after calibration ({confidence, accuracy, count} per bin). A calibrated
 * model's points lie on the diagonal.
 */
export function reliabilityChart(before, after, label) {
  const size = 220;
  const margin = { left: 40, right: 10, top: 10, bottom: 34 };
  const span = size - margin.left - margin.right;
  const x = (v) => margin.left + v * span;
  const y = (v) => margin.top + (1 - v) * span;
  const chart = svg('svg', {
    viewBox: `0 0 ${size} ${size - margin.top}`,
    class: 'chart reliability',
    role: 'img',
  });
  chart.setAttribute('aria-label', label);
  for (const v of [0, 0.5, 1]) {
    chart.append(
      svg(
        'text',
        { x: margin.left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' },
        `${100 * v}%`,
      ),
      svg('text', { x: x(v), y: y(0) + 14, class: 'tick', 'text-anchor': 'middle' }, `${100 * v}%`),
    );
  }
  chart.append(
    svg('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), class: 'grid' }),
    svg('text', { x: x(0.5), y: y(0) + 28, class: 'tick', 'text-anchor': 'middle' }, 'confidence'),
  );
  for (const [bins, cls] of [
    [before, 'train'],
    [after, 'validation'],
  ]) {
    const points = bins
      .filter((bin) => bin.count)
      .map((bin) => `${x(bin.confidence)},${y(bin.accuracy)}`)
      .join(' ');
    chart.append(svg('polyline', { points, class: `series ${cls}` }));
  }
  return chart;
}
