// Safe DOM building. Every piece of data becomes a text node or an
// attribute value set through the DOM API — never innerHTML — so customer
// text (transcripts, tickets) can never run as markup or script.
//
//   h('a', {href: '#/source/3', class: 'title', on: {click: fn}}, 'Title', child)
//
// attrs: class (string or array), text, dataset {}, on {event: handler},
// hidden/disabled/checked/... booleans, anything else via setAttribute.
// Attribute names starting with "on" and the names innerHTML/outerHTML are
// refused (use `on: {}`). Children: strings, numbers, Nodes, arrays, null.

const SVG_NS = 'http://www.w3.org/2000/svg';
const BOOLEAN_PROPS = new Set(['hidden', 'disabled', 'checked', 'selected', 'multiple', 'required', 'open', 'readOnly']);

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false && !BOOLEAN_PROPS.has(key)) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    else if (BOOLEAN_PROPS.has(key)) el[key] = Boolean(value);
    else if (key === 'value' && 'value' in el) el.value = String(value);
    else if (/^on/i.test(key) || key === 'innerHTML' || key === 'outerHTML' || key === 'srcdoc') {
      throw new Error(`dom.js: refusing to set ${key}; use on: {event: handler}`);
    } else if ((key === 'href' || key === 'src' || key === 'action') && /^\s*(javascript|data|vbscript):/i.test(String(value))) {
      throw new Error(`dom.js: refusing a ${key} with a script URL`);
    } else el.setAttribute(key, String(value));
  }
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** An HTML element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element (for charts.js). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** Removes every child, then appends the new ones. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Text with highlighted ranges, as a fragment of text nodes and <mark>s.
 * `ranges` are [start, end) UTF-8 BYTE offsets (as the search API returns
 * them); they are mapped onto the string's characters here.
 */
export function highlighted(text, ranges = []) {
  const fragment = document.createDocumentFragment();
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const sorted = [...ranges]
    .map(([a, b]) => [Math.max(0, Math.min(a, bytes.length)), Math.max(0, Math.min(b, bytes.length))])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let at = 0;
  for (const [start, end] of sorted) {
    if (start < at) continue;
    if (start > at) fragment.append(decoder.decode(bytes.subarray(at, start)));
    fragment.append(h('mark', null, decoder.decode(bytes.subarray(start, end))));
    at = end;
  }
  if (at < bytes.length) fragment.append(decoder.decode(bytes.subarray(at)));
  return fragment;
}

/** "00:01:02" / "01:02" from milliseconds; "" for null. */
export function timestamp(ms) {
  if (ms === null || ms === undefined) return '';
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600), minutes = Math.floor((total % 3600) / 60), seconds = total % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** A readable date ("12 Mar 2025") from ISO text; the text itself when unparseable. */
export function date(iso) {
  if (!iso) return '';
  const parsed = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
  if (Number.isNaN(parsed.getTime())) return iso;
  return parsed.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** "1,380" */
export function number(n) {
  return Number(n || 0).toLocaleString();
}

/** "12.4 MB" */
export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "1 excerpt" / "3 excerpts" */
export function plural(n, word, words = word + 's') {
  return `${number(n)} ${n === 1 ? word : words}`;
}
