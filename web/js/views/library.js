// #/library — every source: filter (study, kind, role), sort, search by title, delete.
import { del, get, query } from '../api.js';
import { date, h, number, plural, replace } from '../dom.js';
import { confirmAction, registerView, render as rerender, replaceQuery, showError, toast } from '../router.js';
import { emptyLibrary, evidenceChart } from './common.js';

const PAGE = 100;
const COLUMNS = [
  { key: 'kind', label: 'Kind' },
  { key: 'title', label: 'Title' },
  { key: 'participant', label: 'Participant' },
  { key: 'role', label: 'Role' },
  { key: 'account', label: 'Account' },
  { key: 'occurred_at', label: 'Date' },
  { key: 'study', label: 'Study' },
  { key: 'excerpts', label: 'Excerpts', numeric: true, sortable: false },
];

registerView({
  path: '/library',
  nav: 'library',
  title: 'Library',
  async render(main, { query: params, signal }) {
    const state = {
      q: params.get('q') || '',
      kind: params.get('kind') || '',
      role: params.get('role') || '',
      study: params.get('study') || '',
      sort: params.get('sort') || '-occurred_at',
      offset: Number(params.get('offset')) || 0,
    };
    const stats = await get('/api/v1/stats', { signal });
    if (!stats.sources) {
      replace(main, emptyLibrary(() => rerender()));
      return;
    }
    const [participants, studies] = await Promise.all([get('/api/v1/participants', { signal }), get('/api/v1/studies', { signal })]);
    const roles = [...new Set(participants.items.map((p) => p.role).filter(Boolean))].sort();

    const title = h('input', { type: 'search', id: 'library-q', value: state.q, placeholder: 'Search titles', autocomplete: 'off' });
    const kind = h('select', { id: 'library-kind' }, h('option', { value: '' }, 'All kinds'),
      ['interview', 'ticket', 'review', 'survey', 'note'].map((k) => h('option', { value: k, selected: k === state.kind }, k)));
    const role = h('select', { id: 'library-role' }, h('option', { value: '' }, 'All roles'),
      roles.map((r) => h('option', { value: r, selected: r === state.role }, r)));
    const study = h('select', { id: 'library-study', 'data-study-filter': '' }, h('option', { value: '' }, 'All studies'),
      studies.items.map((s) => h('option', { value: String(s.id), selected: String(s.id) === state.study },
        `${s.name}${s.archived ? ' (archived)' : ''} · ${plural(s.sources, 'source')}`)));
    const tableArea = h('div');
    const count = h('p', { class: 'muted' });

    replace(main,
      h('header', { class: 'view-header' },
        h('div', null, h('h1', null, 'Library'), count),
        h('a', { class: 'button button-primary', href: '#/upload' }, 'Upload files')),
      evidenceChart(stats),
      h('div', { class: 'toolbar', role: 'search', 'aria-label': 'Filter the library' },
        h('div', { class: 'field' }, h('label', { for: 'library-study' }, 'Study'), study),
        h('div', { class: 'field' }, h('label', { for: 'library-q' }, 'Title'), title),
        h('div', { class: 'field' }, h('label', { for: 'library-kind' }, 'Kind'), kind),
        h('div', { class: 'field' }, h('label', { for: 'library-role' }, 'Participant role'), role)),
      tableArea);

    let request = 0;
    async function load() {
      const mine = ++request;
      replaceQuery(Object.fromEntries(Object.entries(state).filter(([k, v]) => v && !(k === 'sort' && v === '-occurred_at'))));
      let page;
      try {
        page = await get('/api/v1/sources' + query({ q: state.q, kind: state.kind, role: state.role, study: state.study, sort: state.sort, limit: PAGE, offset: state.offset }), { signal });
      } catch (e) {
        if (e.name === 'AbortError') return;
        replace(tableArea);
        showError(tableArea, e);
        return;
      }
      if (mine !== request) return;
      count.textContent = `${plural(page.total, 'source')} · ${number(stats.excerpts)} excerpts in total`;
      replace(tableArea, table(page), pager(page));
    }

    function sortButton(column) {
      if (column.sortable === false) return column.label;
      const active = state.sort.replace(/^-/, '') === column.key;
      const descending = state.sort.startsWith('-');
      return h('button', {
        type: 'button', class: 'sort',
        on: { click: () => { state.sort = active && !descending ? `-${column.key}` : column.key; state.offset = 0; load(); } },
      }, column.label, h('span', { 'aria-hidden': 'true' }, active ? (descending ? '▼' : '▲') : ''));
    }

    function table(page) {
      if (!page.items.length) return h('p', { class: 'muted' }, 'No sources match these filters.');
      const ariaSort = (column) => {
        if (state.sort.replace(/^-/, '') !== column.key) return 'none';
        return state.sort.startsWith('-') ? 'descending' : 'ascending';
      };
      return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'aria-label': 'Sources' },
        h('thead', null, h('tr', null,
          COLUMNS.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null, 'aria-sort': c.sortable === false ? null : ariaSort(c) }, sortButton(c))),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', null, page.items.map((s) => h('tr', { dataset: { sourceId: s.id } },
          h('td', null, h('span', { class: ['badge', `badge-kind-${s.kind}`] }, s.kind)),
          h('td', null, h('a', { href: `#/source/${s.id}` }, s.title || s.origin)),
          h('td', null, s.participant_label),
          h('td', null, s.participant_role),
          h('td', null, s.account_name),
          h('td', null, date(s.occurred_at)),
          h('td', null, s.study_name),
          h('td', { class: 'num' }, number(s.excerpt_count)),
          h('td', null, h('button', {
            type: 'button', class: 'button button-small button-danger', 'aria-label': `Delete ${s.title}`,
            on: { click: () => remove(s) },
          }, 'Delete')))))));
    }

    function pager(page) {
      if (page.total <= PAGE) return null;
      return h('nav', { class: 'pager', 'aria-label': 'Pages' },
        h('button', { type: 'button', class: 'button', disabled: state.offset === 0, on: { click: () => { state.offset = Math.max(0, state.offset - PAGE); load(); } } }, 'Previous'),
        h('span', { class: 'muted' }, `${number(state.offset + 1)}–${number(Math.min(page.total, state.offset + PAGE))} of ${number(page.total)}`),
        h('button', { type: 'button', class: 'button', disabled: state.offset + PAGE >= page.total, on: { click: () => { state.offset += PAGE; load(); } } }, 'Next'));
    }

    async function remove(source) {
      const ok = await confirmAction('Delete this source?',
        `“${source.title}” and its ${plural(source.excerpt_count, 'excerpt')}, with their tags and citations, will be deleted. This cannot be undone.`);
      if (!ok) return;
      try {
        await del(`/api/v1/sources/${source.id}`);
        toast(`Deleted “${source.title}”`);
        stats.sources -= 1;
        stats.excerpts -= source.excerpt_count;
        load();
      } catch (e) {
        toast(e.message);
      }
    }

    let debounce = 0;
    title.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => { state.q = title.value.trim(); state.offset = 0; load(); }, 200);
    });
    kind.addEventListener('change', () => { state.kind = kind.value; state.offset = 0; load(); });
    role.addEventListener('change', () => { state.role = role.value; state.offset = 0; load(); });
    study.addEventListener('change', () => { state.study = study.value; state.offset = 0; load(); });
    await load();
  },
});
