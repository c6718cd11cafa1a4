// #/accounts — the companies behind the evidence: list with participant,
// source and excerpt counts and their CRM deals (won, open and lost amounts);
// edit in the side panel (#/accounts?id=3), which lists each deal with its
// stage, amount, close date and close-lost reason.
import { get, patch, query as qs } from '../api.js';
import { h, number, plural, replace } from '../dom.js';
import { panel, registerView, replaceQuery, showError, toast } from '../router.js';
import { historyList, peopleTabs, sortableTable } from './people_common.js';
import { studyFilter } from './study_picker.js';

const COLUMNS = [
  { key: 'name', label: 'Name' },
  { key: 'industry', label: 'Industry' },
  { key: 'employees', label: 'Employees', numeric: true },
  { key: 'revenue', label: 'Revenue', numeric: true },
  { key: 'region', label: 'Region' },
  { key: 'stage', label: 'Stage' },
  { key: 'participant_count', label: 'Participants', numeric: true },
  { key: 'source_count', label: 'Sources', numeric: true },
  { key: 'excerpt_count', label: 'Excerpts', numeric: true },
  { key: 'won_amount', label: 'Won', numeric: true },
  { key: 'open_amount', label: 'Open', numeric: true },
  { key: 'lost_amount', label: 'Lost', numeric: true },
];

// Each account's deals (GET /api/v1/deals) summed by outcome: {won_amount, won_count, …}.
function dealTotals(deals) {
  const totals = new Map();
  for (const d of deals) {
    if (d.account_id === null || d.account_id === undefined) continue;
    const t = totals.get(d.account_id) || { won_amount: null, open_amount: null, lost_amount: null, won_count: 0, open_count: 0, lost_count: 0 };
    t[`${d.outcome}_count`] += 1;
    t[`${d.outcome}_amount`] = (t[`${d.outcome}_amount`] || 0) + (d.amount || 0);
    totals.set(d.account_id, t);
  }
  return totals;
}

function dealList(deals) {
  if (!deals.length) return h('p', { class: 'small muted', 'data-no-deals': '' }, 'No deals: upload a HubSpot deals or Salesforce opportunities export on the Upload page (or run grounded accounts import).');
  const won = deals.filter((d) => d.outcome === 'won'), lost = deals.filter((d) => d.outcome === 'lost'), open = deals.filter((d) => d.outcome === 'open');
  const sum = (list) => number(list.reduce((total, d) => total + (d.amount || 0), 0));
  return [
    h('p', { class: 'small', 'data-deal-summary': '' },
      `${won.length} won (${sum(won)}) · ${open.length} open (${sum(open)}) · ${lost.length} lost (${sum(lost)})`),
    h('table', { class: 'data', 'aria-label': 'Deals' },
      h('thead', null, h('tr', null, ['Deal', 'Outcome', 'Stage', 'Amount', 'Close date', 'Close-lost reason']
        .map((label, i) => h('th', { scope: 'col', class: i === 3 ? 'num' : null }, label)))),
      h('tbody', null, deals.map((d) => h('tr', { dataset: { dealOutcome: d.outcome } },
        h('td', null, d.name), h('td', null, d.outcome), h('td', null, d.stage),
        h('td', { class: 'num' }, d.amount === null || d.amount === undefined ? '—' : number(d.amount)),
        h('td', null, d.close_date || '—'), h('td', null, d.lost_reason || ''))))),
  ];
}

// "" → null, else a non-negative number; throws a readable error.
function numberOrNull(text, label, whole) {
  const value = text.trim().replace(/[,\s_]/g, '');
  if (!value) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) throw new Error(`${label} must be ${whole ? 'a whole number' : 'a number'} (or empty)`);
  return n;
}

function accountPanel(account, deals, { onSaved }) {
  const field = (name, label, value, attrs = {}) => {
    const input = h('input', { type: 'text', id: `account-${name}`, name, value: value ?? '', autocomplete: 'off', ...attrs });
    return [h('div', { class: 'field' }, h('label', { for: `account-${name}` }, label), input), input];
  };
  const [nameField, name] = field('name', 'Name', account.name, { required: true });
  const [industryField, industry] = field('industry', 'Industry', account.industry);
  const [employeesField, employees] = field('employees', 'Employees', account.employees, { inputmode: 'numeric' });
  const [revenueField, revenue] = field('revenue', 'Revenue', account.revenue, { inputmode: 'decimal' });
  const [regionField, region] = field('region', 'Region', account.region);
  const [stageField, stage] = field('stage', 'Stage', account.stage, { placeholder: 'e.g. customer, trial, churned' });
  const error = h('div', { role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button button-primary', 'data-save-account': '' }, 'Save');
  const form = h('form', { class: 'stack' }, nameField, industryField, employeesField, revenueField, regionField, stageField, error,
    h('div', { class: 'field-row' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(error);
    try {
      const body = {
        name: name.value, industry: industry.value, region: region.value, stage: stage.value,
        employees: numberOrNull(employees.value, 'Employees', true), revenue: numberOrNull(revenue.value, 'Revenue', false),
      };
      save.disabled = true;
      const saved = await patch(`/api/v1/accounts/${account.id}`, body);
      toast(`Saved ${saved.name}`);
      onSaved(saved);
    } catch (e) {
      error.append(h('div', { class: 'error-box' }, e.message));
    } finally {
      save.disabled = false;
    }
  });
  return [
    h('p', { class: 'small muted' }, `${plural(account.participant_count, 'participant')} · ${plural(account.source_count, 'source')} · ${plural(account.excerpt_count, 'excerpt')}`),
    form,
    h('h3', null, 'Participants'),
    account.participants.length
      ? h('ul', { class: 'plain-list' }, account.participants.map((p) => h('li', null,
        h('a', { href: `#/participants?id=${p.id}` }, p.label), p.role ? h('span', { class: 'small muted' }, ` · ${p.role}`) : null)))
      : h('p', { class: 'small muted' }, 'No participants belong to this account.'),
    h('p', { class: 'small' }, h('a', { href: `#/icp?id=${account.id}`, 'data-icp-link': '' }, 'ICP score, with the rule and evidence behind each rating')),
    h('h3', null, 'Deals'), h('div', { 'data-account-deals': '' }, dealList(deals)),
    h('h3', null, 'History'), historyList(account.history),
  ];
}

registerView({
  path: '/accounts',
  nav: 'people',
  title: 'Accounts',
  shortcuts: [['e', 'Edit the focused account']],
  async render(main, { query, signal }) {
    const state = { q: query.get('q') || '', study: query.get('study') || '', sort: query.get('sort') || 'name', id: query.get('id') || '' };
    let accounts = [];
    const [studyField, studySelect] = studyFilter('accounts-study', state.study, { signal });
    const filter = h('input', { type: 'search', id: 'accounts-q', value: state.q, placeholder: 'Name, industry, region or stage', autocomplete: 'off' });
    const count = h('p', { class: 'muted', 'aria-live': 'polite' });
    const tableArea = h('div');
    replace(main,
      h('header', { class: 'view-header' }, h('div', null, h('h1', null, 'People'), count), peopleTabs('accounts')),
      h('div', { class: 'toolbar' }, h('div', { class: 'field' }, h('label', { for: 'accounts-q' }, 'Filter'), filter), studyField),
      tableArea);
    const saveQuery = () => replaceQuery(Object.fromEntries(Object.entries(state).filter(([k, v]) => v && !(k === 'sort' && v === 'name'))));

    async function load() {
      try {
        const [list, deals] = await Promise.all([
          get('/api/v1/accounts' + qs({ study: state.study }), { signal }), get('/api/v1/deals', { signal })]);
        const totals = dealTotals(deals.items);
        accounts = list.items.map((a) => ({ ...a, won_amount: null, open_amount: null, lost_amount: null, ...totals.get(a.id) }));
      } catch (e) {
        if (e.name === 'AbortError') return;
        replace(tableArea);
        return showError(tableArea, e);
      }
      draw();
    }

    function draw() {
      const needle = state.q.toLocaleLowerCase();
      const rows = needle ? accounts.filter((a) => [a.name, a.industry, a.region, a.stage]
        .some((v) => (v || '').toLocaleLowerCase().includes(needle))) : accounts;
      count.textContent = plural(accounts.length, 'account') + (rows.length !== accounts.length ? ` · ${number(rows.length)} shown` : '');
      if (!accounts.length) {
        replace(tableArea, h('div', { class: 'empty' },
          h('p', null, 'No accounts yet. Upload a HubSpot companies or Salesforce accounts export (recognised by its headers), name an account when you upload a file, or set one on a participant.'),
          h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/upload', 'data-import-crm': '' }, 'Upload a CRM export'))));
        return;
      }
      replace(tableArea, sortableTable({
        label: 'Accounts', columns: COLUMNS, rows, sort: state.sort,
        onSort: (sort) => { state.sort = sort; saveQuery(); draw(); },
        cell: (a, column) => {
          if (column.key === 'name') return h('button', { type: 'button', class: 'link-button', 'data-edit': a.id, on: { click: () => open(a.id) } }, a.name);
          if (column.numeric && (a[column.key] === null || a[column.key] === undefined)) return h('span', { class: 'muted' }, '—');
          return null;
        },
        rowAttrs: (a) => ({ dataset: { accountId: a.id }, class: String(a.id) === state.id ? 'current' : null }),
      }));
    }

    async function open(id) {
      state.id = String(id);
      saveQuery();
      let account, deals;
      try {
        [account, deals] = await Promise.all([get(`/api/v1/accounts/${encodeURIComponent(id)}`, { signal }),
          get('/api/v1/deals' + qs({ account: id }), { signal })]);
      } catch (e) {
        if (e.name === 'AbortError') return;
        toast(e.message);
        return;
      }
      panel.open(account.name, ...accountPanel(account, deals.items, { onSaved: async (saved) => { await load(); open(saved.id); } }));
      draw();
      document.getElementById('account-name')?.focus();
    }

    filter.addEventListener('input', () => { state.q = filter.value.trim(); saveQuery(); draw(); });
    studySelect.addEventListener('change', () => { state.study = studySelect.value; saveQuery(); load(); });
    await load();
    if (state.id) open(state.id);
    return {
      onKey(event) {
        const row = document.activeElement?.closest?.('tr[data-account-id]');
        if (event.key === 'e' && row) { open(row.dataset.accountId); return true; }
        return false;
      },
      dispose() { panel.close(); },
    };
  },
});
