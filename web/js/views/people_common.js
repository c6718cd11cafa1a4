// Pieces the participants and accounts pages share: their tabs, a
// client-side sortable table and the audit history list.
import { date, h, number } from '../dom.js';

/** Tabs between #/participants and #/accounts; `current` is one of them. */
export function peopleTabs(current) {
  const tab = (key, label) => h('a', { href: `#/${key}`, class: ['tab', key === current ? 'active' : null], 'aria-current': key === current ? 'page' : null }, label);
  return h('nav', { class: 'tabs', 'aria-label': 'People' }, tab('participants', 'Participants'), tab('accounts', 'Accounts'));
}

function compare(a, b, numeric) {
  if (numeric) return (Number(a) || 0) - (Number(b) || 0);
  return String(a ?? '').localeCompare(String(b ?? ''), undefined, { sensitivity: 'base', numeric: true });
}

/**
 * A table sorted in the page: columns [{key, label, numeric}], `sort` a key
 * with '-' for descending, onSort(newSort). lead(row) adds a first cell (a
 * checkbox), cell(row, column) may replace a cell's content, rowAttrs(row)
 * gives the <tr> attributes; `limit` keeps the first rows after sorting (say
 * so beside the table). Text goes in as text nodes only.
 */
export function sortableTable({ label, columns, rows, sort, onSort, lead, cell, rowAttrs, limit = Infinity }) {
  const key = sort.replace(/^-/, '');
  const descending = sort.startsWith('-');
  const column = columns.find((c) => c.key === key) || columns[0];
  const sorted = [...rows].sort((a, b) => compare(a[column.key], b[column.key], column.numeric) * (descending ? -1 : 1))
    .slice(0, limit);
  const header = (c) => {
    const active = c.key === column.key;
    return h('th', { scope: 'col', class: c.numeric ? 'num' : null, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' },
      h('button', { type: 'button', class: 'sort', on: { click: () => onSort(active && !descending ? `-${c.key}` : c.key) } },
        c.label, h('span', { 'aria-hidden': 'true' }, active ? (descending ? '▼' : '▲') : '')));
  };
  const content = (row, c) => {
    const custom = cell?.(row, c);
    if (custom) return custom;
    return c.numeric ? number(row[c.key]) : (row[c.key] ?? '');
  };
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'aria-label': label },
    h('thead', null, h('tr', null, lead ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select')) : null, columns.map(header))),
    h('tbody', null, sorted.map((row) => h('tr', rowAttrs?.(row),
      lead ? h('td', null, lead(row)) : null,
      columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, content(row, c))))))));
}

const ACTIONS = {
  'participant.edit': 'Edited',
  'participant.merge': 'Merged another participant into this one',
  'participant.split': 'Split sources off to a new participant',
  'participant.create': 'Created',
  'account.edit': 'Edited',
};

// What the change was about, from its before/after JSON.
function detail(entry) {
  if (entry.action === 'participant.merge') return entry.before?.merged?.label || '';
  if (entry.action === 'participant.split') return entry.after?.new_participant?.label || '';
  if (entry.action.endsWith('.edit') && entry.before && entry.after) {
    const changed = Object.keys(entry.after).filter((k) => k !== 'id' && JSON.stringify(entry.before[k]) !== JSON.stringify(entry.after[k]));
    return changed.length ? `changed ${changed.join(', ')}` : 'no change';
  }
  return '';
}

/** The audit rows of a participant or account, newest first. */
export function historyList(entries = []) {
  if (!entries.length) return h('p', { class: 'small muted' }, 'No changes yet.');
  return h('ol', { class: 'history', reversed: '' }, [...entries].reverse().map((entry) => h('li', { class: 'small' },
    h('span', null, ACTIONS[entry.action] || entry.action), ' ',
    h('span', { class: 'muted' }, `by ${entry.actor}, ${date(entry.at)}`),
    detail(entry) ? h('span', null, ` — ${detail(entry)}`) : null)));
}
