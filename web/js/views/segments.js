// #/segments — behavioral segments from product analytics (power, regular,
// at-risk, new) per week or month: sizes per period as a chart, every user
// and account with its id as the export gave it and where it moved from, a
// persona made from a segment in one click, and the needs-based cohorts the
// evidence suggests (with personas that overlap enough to merge).
import { get, post, query } from '../api.js';
import { barChart } from '../charts.js';
import { h, number, plural, replace } from '../dom.js';
import { navigate, registerView, render as rerender, showError, toast } from '../router.js';
import { sampleStudyLoader } from './common.js';
import { eventsImporter } from './events_import.js';

const SEGMENTS = [
  { key: 'power', label: 'Power', className: 'series-cat-job', persona: 'Power users' },
  { key: 'regular', label: 'Regular', className: 'series-cat-goal', persona: 'Regular users' },
  { key: 'at-risk', label: 'At-risk', className: 'series-cat-pain_point', persona: 'At-risk users' },
  { key: 'new', label: 'New', className: 'series-cat-trigger', persona: 'New users' },
];

function segmentBadge(segment) {
  return h('span', { class: ['badge', `badge-segment-${segment}`], 'data-segment': segment }, segment);
}

function ratio(value) {
  return typeof value === 'number' ? value.toFixed(1) : '';
}

async function makePersona(name, cohort, kind = 'user') {
  try {
    const persona = await post('/api/v1/personas', { name, kind, cohort });
    toast(`Created the persona “${persona.name}”: draft it from its evidence`);
    navigate(`/persona/${persona.id}`);
  } catch (e) {
    toast(e.message);
  }
}

registerView({
  path: '/segments',
  nav: 'segments',
  title: 'Segments',
  async render(main, { query: url, signal }) {
    const params = {
      at: url.get('at') || undefined, unit: url.get('unit') || undefined, segment: url.get('segment') || undefined,
    };
    const period = url.get('period') === 'week' ? 'week' : 'month';
    const unit = params.unit === 'accounts' ? 'accounts' : 'users';
    let data;
    try {
      data = await get(`/api/v1/segments${query({ period, at: params.at })}`, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(main, h('h1', null, 'Segments'));
      showError(main, e);
      return;
    }
    // After an import the page re-reads its segments; the import stays listed in the card.
    const imported = (report) => {
      toast(`Imported ${number(report.new_events)} new events from ${report.origin}`);
      rerender();
    };
    const header = h('header', { class: 'view-header' },
      h('div', null, h('h1', null, 'Segments'),
        h('p', { class: 'muted' }, data.period
          ? `${plural(data.users.length, 'user')} and ${plural(data.accounts.length, 'account')} from product analytics, ${period} ${data.period}`
          : 'From product analytics: who uses the product how much.')));
    if (!data.period) {
      replace(main, header,
        h('section', { class: 'empty', 'aria-labelledby': 'segments-empty' },
          h('h2', { id: 'segments-empty' }, 'No usage data yet'),
          h('p', null, 'Segments come from a product-analytics export (Mixpanel, Amplitude, PostHog or Segment): import one below (or run ',
            h('code', null, 'grounded events import FILE'), '), or load the sample study, which includes 90 days of usage.'),
          h('div', { class: 'actions' }, sampleStudyLoader(() => rerender()))),
        eventsImporter(imported, { open: true }));
      return;
    }

    // Every control re-renders through the URL, so each view of the page can be linked.
    const go = (changes) => {
      const next = { period, at: params.at, unit: params.unit, segment: params.segment, ...changes };
      navigate('/segments', Object.fromEntries(Object.entries(next).filter(([, v]) => v)));
    };
    const periodSelect = h('select', { id: 'segment-period', 'aria-label': 'Period length' },
      ['month', 'week'].map((p) => h('option', { value: p, selected: p === period }, p === 'month' ? 'Months' : 'Weeks')));
    periodSelect.addEventListener('change', () => go({ period: periodSelect.value, at: undefined }));
    const atSelect = h('select', { id: 'segment-at', 'aria-label': 'Period' },
      data.periods.slice().reverse().map((p) => h('option', { value: p, selected: p === data.period }, p)));
    atSelect.addEventListener('change', () => go({ at: atSelect.value }));
    const filter = h('select', { id: 'segment-filter', 'aria-label': 'Show segment' },
      h('option', { value: '' }, 'Every segment'),
      SEGMENTS.map((s) => h('option', { value: s.key, selected: params.segment === s.key }, s.label)));
    filter.addEventListener('change', () => go({ segment: filter.value || undefined }));

    const chartRows = (which) => data.sizes.map((row) => ({ label: row.period, values: row[which] }));
    const charts = h('div', { class: 'chart-row' },
      barChart({
        title: `Users per segment, by ${period}`,
        xLabel: 'Users', yLabel: period === 'month' ? 'Month' : 'Week',
        series: SEGMENTS, rows: chartRows('users'),
      }),
      barChart({
        title: `Accounts per segment, by ${period}`,
        xLabel: 'Accounts', yLabel: period === 'month' ? 'Month' : 'Week',
        series: SEGMENTS, rows: chartRows('accounts'),
      }));

    const counts = Object.fromEntries(SEGMENTS.map((s) => [s.key, data.users.filter((u) => u.segment === s.key).length]));
    const personaButtons = h('div', { class: 'actions', 'aria-label': 'Make a persona from a segment' },
      SEGMENTS.map((s) => h('button', {
        type: 'button', class: 'button button-small', 'data-make-persona': s.key, disabled: !counts[s.key],
        on: { click: () => makePersona(s.persona, { segments: [s.key] }) },
      }, `Make persona from ${s.label.toLowerCase()} users (${number(counts[s.key])})`)));

    const members = unit === 'accounts' ? data.accounts : data.users;
    const shown = params.segment ? members.filter((m) => m.segment === params.segment) : members;
    const moved = members.filter((m) => m.moved && m.segment === 'at-risk').length;
    const tabs = h('div', { class: 'segment-tabs', role: 'tablist' },
      ['users', 'accounts'].map((u) => h('a', {
        role: 'tab', 'aria-selected': String(u === unit), class: u === unit ? 'active' : '',
        href: `#/segments${query({ period, at: params.at, unit: u, segment: params.segment })}`,
        'data-unit': u,
      }, u === 'users' ? `Users (${number(data.users.length)})` : `Accounts (${number(data.accounts.length)})`)));
    const table = h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'aria-label': unit === 'users' ? 'Users and their segments' : 'Accounts and their segments' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Id in the export'), h('th', { scope: 'col' }, 'Segment'),
        h('th', { scope: 'col' }, data.previous_period ? `In ${data.previous_period}` : 'Before'),
        unit === 'users' ? h('th', { scope: 'col' }, 'Participant') : null, h('th', { scope: 'col' }, 'Account'),
        h('th', { scope: 'col', class: 'num' }, 'Active days / week'), h('th', { scope: 'col', class: 'num' }, 'Sessions / week'),
        h('th', { scope: 'col', class: 'num' }, 'Features'), h('th', { scope: 'col', class: 'num' }, 'Trend'))),
      h('tbody', null, shown.map((m) => h('tr', { dataset: { externalId: m.external_id, segment: m.segment } },
        h('td', null, m.external_id),
        h('td', null, segmentBadge(m.segment), m.moved ? h('span', { class: 'small muted' }, ` moved from ${m.previous_segment}`) : null),
        h('td', null, m.previous_segment || '—'),
        unit === 'users' ? h('td', null, m.participant_id ? h('a', { href: `#/participants?id=${m.participant_id}` }, m.participant) : '—') : null,
        h('td', null, m.account_id ? h('a', { href: `#/accounts?id=${m.account_id}` }, m.account) : (m.account || '—')),
        h('td', { class: 'num' }, ratio(m.metrics.active_days_per_week)),
        h('td', { class: 'num' }, ratio(m.metrics.sessions_per_week)),
        h('td', { class: 'num' }, number(m.metrics.features ?? 0)),
        h('td', { class: 'num' }, ratio(m.metrics.trend)))))));

    const suggestions = h('section', { class: 'card', 'aria-labelledby': 'needs-title' },
      h('h2', { id: 'needs-title' }, 'Needs-based cohorts from the evidence'),
      h('p', { class: 'muted' }, 'Loading…'));

    replace(main, header,
      h('div', { class: 'toolbar' },
        h('div', { class: 'field' }, h('label', { for: 'segment-period' }, 'Periods'), periodSelect),
        h('div', { class: 'field' }, h('label', { for: 'segment-at' }, 'Period'), atSelect),
        h('div', { class: 'field' }, h('label', { for: 'segment-filter' }, 'Segment'), filter)),
      charts,
      h('section', { 'aria-labelledby': 'members-title' },
        h('h2', { id: 'members-title' }, `Members in ${data.period}`),
        moved ? h('p', { class: 'segment-notice', 'data-moved-at-risk': '' }, `${plural(moved, unit === 'users' ? 'user' : 'account')} moved to at-risk since ${data.previous_period}.`) : null,
        personaButtons, tabs, table),
      suggestions,
      eventsImporter(imported));
    loadSuggestions(suggestions, signal);
  },
});

async function loadSuggestions(section, signal) {
  let data;
  try {
    data = await get('/api/v1/segments/suggestions', { signal });
  } catch (e) {
    if (e.name === 'AbortError') return;
    showError(section, e);
    return;
  }
  const body = [];
  if (!data.cohorts.length) {
    body.push(h('p', { class: 'muted' }, 'No themed evidence yet: tag interviews and propose themes, then come back.'));
  } else {
    body.push(h('p', { class: 'muted' }, `${plural(data.participants, 'participant')} grouped by the ${data.basis} they share.`));
    body.push(h('ul', { class: 'needs-list' }, data.cohorts.map((c) => h('li', { class: 'card', dataset: { needsCohort: c.name } },
      h('h3', null, c.name, ' ', h('span', { class: 'small muted' }, plural(c.size, 'participant'))),
      h('p', { class: 'small' }, c.participants.map((p) => p.label).join(', ')),
      c.themes.length ? h('ul', { class: 'small' }, c.themes.map((t) => h('li', null,
        `${t.theme}: ${Math.round(t.share_inside * 100)}% of them, ${Math.round(t.share_outside * 100)}% of the others`))) : null,
      h('button', { type: 'button', class: 'button button-small', on: { click: () => makePersona(c.name, c.cohort, 'buyer') } },
        'Make persona from this cohort')))));
  }
  for (const o of data.overlaps) body.push(h('p', { class: 'segment-notice', role: 'status', 'data-overlap': '' }, o.message));
  if (data.note) body.push(h('p', { class: 'small muted' }, data.note));
  replace(section, h('h2', { id: 'needs-title' }, 'Needs-based cohorts from the evidence'), ...body);
}
