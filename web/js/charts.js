// Small SVG charts, no library: horizontal (stacked) bars and a matrix.
// Every chart is a <figure> with a title (figcaption), axis labels, an SVG
// with role="img" and a text description, and a data table as the text
// alternative (in a <details>). Colours come from CSS classes
// (tokens.css / app.css): pass `className` per series, e.g.
// 'series-cat-goal', 'series-role-participant', or 'series-0'..'series-8'.
import { h, s, number } from './dom.js';

let chartCount = 0;

/**
 * barChart({title, description, xLabel, yLabel, series: [{key, label, className}],
 *           rows: [{label, values: {seriesKey: n}, href?}], width?})
 * One bar per row, stacked by series, values on the x axis.
 */
export function barChart({ title, description = '', xLabel = '', yLabel = '', series, rows, width = 640 }) {
  const id = `chart-${++chartCount}`;
  const labelWidth = 150, barHeight = 22, gap = 10, top = 8, bottom = 40, right = 56;
  const height = top + rows.length * (barHeight + gap) + bottom;
  const total = (row) => series.reduce((sum, ser) => sum + (row.values[ser.key] || 0), 0);
  const max = Math.max(1, ...rows.map(total));
  const plotWidth = width - labelWidth - right;
  const scale = (v) => (v / max) * plotWidth;

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    s('title', { id: `${id}-title` }, title),
    s('desc', { id: `${id}-desc` }, description || textSummary(rows, series, total)));
  rows.forEach((row, i) => {
    const y = top + i * (barHeight + gap);
    svg.append(s('text', { x: labelWidth - 8, y: y + barHeight / 2 + 4, 'text-anchor': 'end', class: 'tick' }, row.label));
    let x = labelWidth;
    for (const ser of series) {
      const value = row.values[ser.key] || 0;
      if (!value) continue;
      const w = Math.max(1, scale(value));
      svg.append(s('rect', { x, y, width: w, height: barHeight, rx: 3, class: ser.className },
        s('title', null, `${row.label} · ${ser.label}: ${number(value)}`)));
      x += w;
    }
    svg.append(s('text', { x: x + 6, y: y + barHeight / 2 + 4, class: 'value-label' }, number(total(row))));
  });
  const axisY = top + rows.length * (barHeight + gap);
  svg.append(s('line', { x1: labelWidth, x2: labelWidth + plotWidth, y1: axisY, y2: axisY, class: 'axis-line', stroke: 'currentColor' }));
  for (const fraction of [0, 0.5, 1]) {
    const value = Math.round(max * fraction);
    svg.append(s('text', { x: labelWidth + scale(value), y: axisY + 14, 'text-anchor': 'middle', class: 'tick' }, number(value)));
  }
  if (xLabel) svg.append(s('text', { x: labelWidth + plotWidth / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, xLabel));
  if (yLabel) svg.append(s('text', { x: 0, y: top - 0 + 10, class: 'axis-label' }, ''));

  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' },
    series.map((ser) => h('span', null, h('span', { class: ['swatch', ser.className] }), ser.label)));
  const table = h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, yLabel || 'Row'),
      series.map((ser) => h('th', { scope: 'col', class: 'num' }, ser.label)), h('th', { scope: 'col', class: 'num' }, 'Total'))),
    h('tbody', null, rows.map((row) => h('tr', null, h('th', { scope: 'row' }, row.label),
      series.map((ser) => h('td', { class: 'num' }, number(row.values[ser.key] || 0))), h('td', { class: 'num' }, number(total(row)))))));
  return h('figure', { class: 'chart' },
    h('figcaption', null, title),
    svg, legend, h('details', null, h('summary', null, 'Show the numbers as a table'), table));
}

/**
 * matrixChart({title, description, rowLabel, columnLabel, rows: [label], columns: [label],
 *              values: [[n]] (rows x columns), cellHref?: (r, c) => url})
 * A grid whose cell opacity grows with the value (e.g. attributes x participants).
 */
export function matrixChart({ title, description = '', rowLabel = '', columnLabel = '', rows, columns, values }) {
  const id = `chart-${++chartCount}`;
  const labelWidth = 170, cell = 30, top = 90, left = labelWidth;
  const width = left + columns.length * cell + 20, height = top + rows.length * cell + 30;
  const max = Math.max(1, ...values.flat());
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    s('title', { id: `${id}-title` }, title),
    s('desc', { id: `${id}-desc` }, description || `${rows.length} ${rowLabel || 'rows'} by ${columns.length} ${columnLabel || 'columns'}`));
  columns.forEach((label, c) => {
    const x = left + c * cell + cell / 2;
    svg.append(s('text', { x, y: top - 8, transform: `rotate(-45 ${x} ${top - 8})`, class: 'tick' }, label));
  });
  rows.forEach((label, r) => {
    const y = top + r * cell;
    svg.append(s('text', { x: labelWidth - 8, y: y + cell / 2 + 4, 'text-anchor': 'end', class: 'tick' }, label));
    columns.forEach((colLabel, c) => {
      const value = values[r]?.[c] || 0;
      const rect = s('rect', { x: left + c * cell + 1, y: y + 1, width: cell - 2, height: cell - 2, rx: 3,
        class: value ? 'matrix-cell' : 'matrix-empty', 'fill-opacity': value ? (0.25 + 0.75 * value / max).toFixed(2) : 1 },
        s('title', null, `${label} × ${colLabel}: ${number(value)}`));
      svg.append(rect);
      if (value) svg.append(s('text', { x: left + c * cell + cell / 2, y: y + cell / 2 + 4, 'text-anchor': 'middle', class: 'matrix-value' }, number(value)));
    });
  });
  if (rowLabel) svg.append(s('text', { x: 0, y: 12, class: 'axis-label' }, rowLabel));
  if (columnLabel) svg.append(s('text', { x: left, y: height - 8, class: 'axis-label' }, columnLabel));
  const table = h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, rowLabel), columns.map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
    h('tbody', null, rows.map((label, r) => h('tr', null, h('th', { scope: 'row' }, label),
      columns.map((_, c) => h('td', { class: 'num' }, number(values[r]?.[c] || 0)))))));
  return h('figure', { class: 'chart' }, h('figcaption', null, title), svg,
    h('details', null, h('summary', null, 'Show the numbers as a table'), table));
}

function textSummary(rows, series, total) {
  return rows.map((row) => `${row.label}: ${number(total(row))} (` +
    series.filter((ser) => row.values[ser.key]).map((ser) => `${ser.label} ${number(row.values[ser.key])}`).join(', ') + ')').join('; ');
}
