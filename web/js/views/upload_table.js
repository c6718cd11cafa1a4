// The per-file table of the upload view: one row per chosen file, where the
// researcher says who each file is (participant, role, account, segment,
// interview date) before uploading.
//
// Keyboard: ↑/↓ (or Enter) move to the same column in the row above/below;
// Ctrl+D fills the focused cell's value down the rows below it. Each column
// header has a "Fill down" button that copies the focused row's value (or
// the first row's) to the rows below. "Load from CSV" fills the table from a
// spreadsheet with a file-name column; "Download as CSV" gives the table as
// such a spreadsheet to fill in elsewhere.
import { parseCsv, toCsv } from '../csv.js';
import { bytes, h, plural } from '../dom.js';

export const META_COLUMNS = [
  { key: 'participant', label: 'Participant', placeholder: 'e.g. Dana W.' },
  { key: 'role', label: 'Role', placeholder: 'e.g. Controller' },
  { key: 'account', label: 'Account', placeholder: 'e.g. Harborline' },
  { key: 'segment', label: 'Segment', placeholder: 'e.g. mid-market' },
  { key: 'occurred_at', label: 'Interview date', type: 'date' },
];

// CSV header names (lower case, letters and digits only) for each column.
const CSV_HEADERS = {
  file: ['file', 'filename', 'filepath', 'path', 'transcript', 'document'],
  participant: ['participant', 'participantname', 'name', 'interviewee', 'person', 'speaker'],
  role: ['role', 'jobtitle', 'jobrole', 'position', 'participantrole'],
  account: ['account', 'accountname', 'company', 'organisation', 'organization', 'customer'],
  segment: ['segment', 'customersegment', 'participantsegment'],
  occurred_at: ['date', 'interviewdate', 'occurredat', 'dateofinterview', 'when'],
};

const headerKey = (text) => text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]/g, '');
const baseName = (name) => name.split(/[\\/]/).pop().toLowerCase();
const stem = (name) => baseName(name).replace(/\.[^.]+$/, '');

/** "2025-03-12" from "2025-03-12", "2025/3/12" or "2025-03-12T10:00"; "" when it is not a real date. */
export function isoDate(text) {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(text.trim());
  if (!m) return '';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return '';
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The table. items are the upload view's queue entries ({name, file, done});
 * add() gives each a row and its progress/status elements. fields(item) is
 * what to send for it.
 */
export function uploadTable() {
  const items = [];
  let lastFocus = null;  // {item, key}
  const announce = h('p', { class: 'small muted csv-report', role: 'status', 'data-table-status': '' });
  const tbody = h('tbody');
  const editable = () => items.filter((item) => !item.locked);

  function fillDown(key, from) {
    const rows = editable();
    if (!rows.length) return;
    const start = from && rows.includes(from) ? from : (lastFocus?.key === key && rows.includes(lastFocus.item) ? lastFocus.item : rows[0]);
    const value = start.inputs[key].value;
    const below = rows.slice(rows.indexOf(start) + 1);
    for (const item of below) item.inputs[key].value = value;
    const label = META_COLUMNS.find((c) => c.key === key).label;
    announce.textContent = below.length
      ? `${label} “${value}” filled down to ${plural(below.length, 'more file')}.`
      : `${label}: no rows below to fill.`;
  }

  const header = (column) => h('th', { scope: 'col' }, column.label,
    h('button', {
      type: 'button', class: 'button button-small button-quiet fill-down', title: `Fill ${column.label.toLowerCase()} down (Ctrl+D)`,
      'aria-label': `Fill ${column.label.toLowerCase()} down`, 'data-fill-down': column.key,
      on: { click: () => fillDown(column.key) },
    }, 'Fill ↓'));

  // Arrow keys and Enter move within a column; Ctrl+D fills down.
  function onKey(event, item, key) {
    const rows = editable();
    const at = rows.indexOf(item);
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'd') {
      event.preventDefault();
      fillDown(key, item);
      return;
    }
    const isDate = event.target.type === 'date';
    let step = 0;
    if (event.key === 'Enter') step = event.shiftKey ? -1 : 1;
    else if (!isDate && !event.altKey && event.key === 'ArrowDown') step = 1;
    else if (!isDate && !event.altKey && event.key === 'ArrowUp') step = -1;
    if (!step) return;
    const next = rows[at + step];
    event.preventDefault();
    if (next) next.inputs[key].focus();
  }

  function add(item) {
    item.inputs = {};
    const cells = META_COLUMNS.map((column) => {
      const input = h('input', {
        type: column.type || 'text', autocomplete: 'off', placeholder: column.placeholder,
        'aria-label': `${column.label} for ${item.name}`, dataset: { col: column.key },
      });
      input.addEventListener('focus', () => { lastFocus = { item, key: column.key }; });
      input.addEventListener('keydown', (event) => onKey(event, item, column.key));
      item.inputs[column.key] = input;
      return h('td', null, input);
    });
    item.bar = h('progress', { max: 1, value: 0, 'aria-label': `Progress of ${item.name}` });
    item.status = h('span', { class: 'file-status-text' }, 'Waiting');
    item.statusBox = h('div', { class: 'file-status' }, item.bar, item.status);
    item.row = h('tr', { class: 'file-row', dataset: { fileName: item.name } },
      h('td', { class: 'file-name' }, h('span', null, item.name), h('div', { class: 'file-size small muted' }, bytes(item.file.size))),
      cells, h('td', null, item.statusBox));
    items.push(item);
    tbody.append(item.row);
  }

  /** What to send for this file: its non-empty fields. */
  function fields(item) {
    const out = {};
    for (const column of META_COLUMNS) {
      const value = item.inputs[column.key].value.trim();
      if (value) out[column.key] = value;
    }
    return out;
  }

  /** Stops editing a row (its metadata went up with the file). */
  function lock(item) {
    item.locked = true;
    for (const input of Object.values(item.inputs)) input.disabled = true;
  }

  function clear() {
    items.length = 0;
    lastFocus = null;
    tbody.replaceChildren();
    announce.textContent = '';
  }

  // CSV: a header row naming the file column and any of the metadata columns.
  function loadCsv(text) {
    const rows = parseCsv(text);
    if (rows.length < 2) throw new Error('The CSV needs a header row and at least one row per file.');
    const columns = {};
    rows[0].forEach((name, index) => {
      const key = Object.keys(CSV_HEADERS).find((k) => CSV_HEADERS[k].includes(headerKey(name)));
      if (key && !(key in columns)) columns[key] = index;
    });
    if (!('file' in columns)) throw new Error('The CSV needs a column naming each file (headed file, filename or path).');
    const used = META_COLUMNS.filter((c) => c.key in columns);
    if (!used.length) throw new Error('The CSV has no participant, role, account, segment or date column.');
    const targets = editable();
    const byLevel = [(i) => i.name.toLowerCase(), (i) => baseName(i.name), (i) => stem(i.name)];
    const probes = [(n) => n.toLowerCase(), baseName, stem];
    let matched = 0;
    const unmatched = [];
    const badDates = [];
    for (const row of rows.slice(1)) {
      const name = (row[columns.file] || '').trim();
      if (!name) continue;
      let hits = [];
      for (let level = 0; level < byLevel.length && !hits.length; level += 1)
        hits = targets.filter((item) => byLevel[level](item) === probes[level](name));
      if (!hits.length) { unmatched.push(name); continue; }
      matched += hits.length;
      for (const column of used) {
        let value = (row[columns[column.key]] || '').trim();
        if (!value) continue;
        if (column.key === 'occurred_at') {
          const iso = isoDate(value);
          if (!iso) { badDates.push(`${name}: ${value}`); continue; }
          value = iso;
        }
        for (const item of hits) item.inputs[column.key].value = value;
      }
    }
    const parts = [`Filled ${plural(matched, 'file')} from the CSV (${used.map((c) => c.label.toLowerCase()).join(', ')}).`];
    if (unmatched.length) parts.push(`${plural(unmatched.length, 'row')} named files not in the list: ${unmatched.slice(0, 5).join(', ')}${unmatched.length > 5 ? '…' : ''}.`);
    if (badDates.length) parts.push(`${plural(badDates.length, 'date')} skipped, not written as YYYY-MM-DD: ${badDates.slice(0, 3).join('; ')}.`);
    announce.textContent = parts.join(' ');
    return { matched, unmatched, badDates };
  }

  const csvInput = h('input', { type: 'file', id: 'upload-csv', accept: '.csv,.tsv,.txt,text/csv', class: 'visually-hidden', 'data-csv-input': '' });
  csvInput.addEventListener('change', async () => {
    const file = csvInput.files[0];
    csvInput.value = '';
    if (!file) return;
    try {
      loadCsv(await file.text());
    } catch (e) {
      announce.textContent = e.message;
    }
  });
  const download = h('button', {
    type: 'button', class: 'button button-small', 'data-csv-download': '',
    on: {
      click: () => {
        const rows = [['file', ...META_COLUMNS.map((c) => c.key === 'occurred_at' ? 'date' : c.key)],
          ...items.map((item) => [item.name, ...META_COLUMNS.map((c) => item.inputs[c.key].value)])];
        const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv' }));
        const link = h('a', { href: url, download: 'upload-metadata.csv' });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    },
  }, 'Download as CSV');

  const element = h('section', { class: 'upload-files', 'aria-label': 'Files and who they are' },
    h('div', { class: 'field-row' },
      h('label', { for: 'upload-csv', class: 'button button-small' }, 'Load from CSV'), csvInput, download,
      h('span', { class: 'small muted' }, 'Who is each file? ↑ ↓ move between rows, Ctrl+D fills a value down.')),
    announce,
    h('div', { class: 'table-wrap upload-table-wrap' }, h('table', { class: 'data upload-table', 'aria-label': 'Files to upload' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'File'), META_COLUMNS.map(header), h('th', { scope: 'col' }, 'Status'))),
      tbody)));

  return { element, add, fields, lock, clear, loadCsv, items, setVisible: (on) => { element.hidden = !on; } };
}

/** "Dana W. — Controller, Harborline" for one attribution of an upload result. */
export function attributionText(a) {
  const who = a.participant || 'no participant';
  const details = [a.role, a.account].filter(Boolean).join(', ');
  return details ? `${who} — ${details}` : who;
}

/** The attribution line of a file's result, linking each participant to the People page. */
export function attributionLine(attributions = []) {
  if (!attributions.length) return null;
  const shown = attributions.slice(0, 3);
  const line = h('span', { class: 'attribution', 'data-attribution': '' }, 'Attributed to ');
  shown.forEach((a, i) => {
    if (i) line.append('; ');
    line.append(a.participant_id
      ? h('a', { href: `#/participants?id=${a.participant_id}` }, attributionText(a))
      : attributionText(a));
  });
  if (attributions.length > shown.length) line.append(` and ${plural(attributions.length - shown.length, 'other')}`);
  return line;
}
