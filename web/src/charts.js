// Draws the report's SVG charts: metrics per epoch, and how far confidence can be
// trusted (a reliability diagram). Plain arrays in, SVG out; no state.

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, text = '') {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text) node.textContent = text;
  return node;
}

/** Draws one metric per epoch, training solid and validation dashed, as an SVG line chart. */
export function lineChart(title, train, validation, keptEpoch, format) {
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
