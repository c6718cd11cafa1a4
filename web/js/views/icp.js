// #/icp — ICP scores: the tier distribution, every account's score, tier and
// ratings (sortable by score and tier), the breakdown of one account in the
// side panel (#/icp?id=3: each rating's rule, the fact it read and the
// excerpts it cites, opening the transcript), and the matrix editor whose
// weights must total 100 before it can be saved (a new, audited version).
import { get, post, put, query as qs, waitForJob } from '../api.js';
import { barChart } from '../charts.js';
import { date, h, number, plural, replace } from '../dom.js';
import { panel, registerView, replaceQuery, showError, toast } from '../router.js';
import { excerptHref } from './common.js';
import { sortableTable } from './people_common.js';

const RATING_WORDS = { 5: 'Ideal', 3: 'Good', 1: 'Poor' };
const TABLE_LIMIT = 1000;  // rows drawn at once; a CRM can hold 100k accounts

function scoreText(score) {
  return score === null || score === undefined ? '—' : Number(score).toFixed(2);
}

function ratingBadge(rating) {
  if (rating === null || rating === undefined) return h('span', { class: 'rating rating-missing', title: 'Not rated: the data is missing' }, '—');
  return h('span', { class: ['rating', `rating-${rating}`], title: RATING_WORDS[rating] || '' }, String(rating));
}

function tierBadge(row) {
  return h('span', { class: ['tier-badge', `tier-${row.tier}`] }, row.tier_label);
}

function signed(n) {
  return `${n > 0 ? '+' : ''}${n}`;
}

// ---- The breakdown in the side panel ---------------------------------------

function citationItem(c) {
  const who = [c.participant_label || c.speaker, c.participant_role].filter(Boolean).join(', ');
  return h('li', { class: 'icp-citation' },
    h('p', { class: 'quote' }, c.quote),
    h('p', { class: 'small muted' },
      who ? `${who} · ` : '',
      h('a', { href: excerptHref(c.source_id, c.excerpt_id), 'data-open-excerpt': c.excerpt_id }, c.source_title || 'Open the transcript'),
      c.occurred_at ? ` · ${date(c.occurred_at)}` : '',
      c.tag_status === 'suggested' ? ` · suggested tag (${Math.round(c.confidence * 100)}%)` : ''));
}

function citationList(citations, total) {
  if (!citations.length) return null;
  return [h('ol', { class: 'icp-citations' }, citations.map(citationItem)),
    total > citations.length ? h('p', { class: 'small muted' }, `The strongest ${citations.length} of ${plural(total, 'excerpt')}.`) : null];
}

function attributeSection(a) {
  const weight = a.rating !== null && a.effective_weight !== a.weight
    ? `${a.weight}% (counts ${a.effective_weight}% here)` : `${a.weight}%`;
  return h('section', { class: 'icp-attribute', 'data-attribute': a.key },
    h('h3', null, ratingBadge(a.rating), ' ', a.label, h('span', { class: 'small muted' }, ` · ${weight}`)),
    h('p', { class: 'small' }, a.rule),
    h('p', { class: 'small muted' }, a.fact),
    citationList(a.citations, a.evidence_count));
}

function breakdown(score) {
  const parts = [
    h('p', { class: 'icp-score-line' }, h('span', { class: 'icp-score', 'data-score': '' }, scoreText(score.score)), ' ', tierBadge(score),
      score.weighted !== null && score.weighted !== score.score ? h('span', { class: 'small muted' }, ` weighted ${scoreText(score.weighted)}, moved by signals`) : null),
  ];
  if (!score.complete) {
    parts.push(h('p', { class: 'warning', 'data-incomplete': '' },
      `Incomplete: no ${score.missing.join(', ')}. The score is over the attributes that have data (their weights renormalised); nothing missing was scored as Poor.`));
  }
  for (const d of score.disqualified_by) {
    parts.push(h('p', { class: 'error-box', 'data-disqualified': d.key }, `Disqualified — ${d.label}: ${d.fact}`));
  }
  parts.push(...score.attributes.map(attributeSection));
  if (score.signals.length) {
    parts.push(h('h3', null, 'Signals'), h('ul', { class: 'plain-list' }, score.signals.map((s) => h('li', { class: 'small', 'data-signal': s.key },
      h('strong', null, signed(s.adjust)), ` ${s.label}: ${s.fact}`, citationList(s.citations, s.citations.length)))));
  }
  if (score.unchecked.length) {
    parts.push(h('h3', null, 'Not checked'), h('ul', { class: 'plain-list' }, score.unchecked.map((u) => h('li', { class: 'small muted' }, u))));
  }
  parts.push(h('p', { class: 'small' }, h('a', { href: `#/accounts?id=${score.account_id}` }, 'Edit the account')));
  return parts;
}

// ---- The matrix editor -------------------------------------------------------

function matrixEditor(version, { onSaved, signal }) {
  let matrix = structuredClone(version.matrix);
  const total = h('p', { class: 'weight-total', 'aria-live': 'polite', 'data-weight-total': '' });
  const error = h('div', { role: 'alert' });
  const note = h('input', { type: 'text', id: 'icp-note', autocomplete: 'off', placeholder: 'Why this change (kept with the version)' });
  const save = h('button', { type: 'submit', class: 'button button-primary', 'data-save-matrix': '' }, 'Save as a new version');
  const json = h('textarea', { id: 'icp-json', rows: 18, spellcheck: 'false', class: 'code' });
  const rows = h('tbody');
  let jsonProblem = '';

  function weightsTotal() {
    return (matrix.attributes || []).reduce((sum, a) => sum + (Number(a.weight) || 0), 0);
  }

  function refresh({ fromJson = false } = {}) {
    const sum = Math.round(weightsTotal() * 1000) / 1000;
    const ok = Math.abs(sum - 100) < 1e-6;
    total.textContent = ok ? `Weights total ${sum}%.` : `Weights total ${sum}%: they must total 100% before you can save (${sum < 100 ? 'add' : 'remove'} ${Math.abs(Math.round((100 - sum) * 1000) / 1000)}).`;
    total.classList.toggle('weight-total-bad', !ok);
    save.disabled = !ok || Boolean(jsonProblem);
    save.title = jsonProblem || (ok ? '' : 'The weights must total 100%');
    if (!fromJson) json.value = JSON.stringify(matrix, null, 2);
  }

  function drawRows() {
    replace(rows, (matrix.attributes || []).map((a, i) => {
      const input = h('input', { type: 'number', min: 0, max: 100, step: 1, value: a.weight, id: `icp-weight-${i}`, 'data-weight': a.key, class: 'weight-input' });
      input.addEventListener('input', () => { a.weight = input.value === '' ? 0 : Number(input.value); refresh(); });
      return h('tr', null,
        h('th', { scope: 'row' }, h('label', { for: `icp-weight-${i}` }, a.label)),
        h('td', { class: 'small muted' }, a.kind === 'evidence' ? `evidence: ${a.evidence?.category || ''}` : `${a.kind}: ${a.field || ''}`),
        h('td', { class: 'num' }, input, ' %'));
    }));
  }

  json.addEventListener('input', () => {
    try {
      const parsed = JSON.parse(json.value);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the matrix must be a JSON object');
      matrix = parsed;
      jsonProblem = '';
      drawRows();
    } catch (e) {
      jsonProblem = `The JSON does not parse: ${e.message}`;
    }
    replace(error, jsonProblem ? h('div', { class: 'error-box' }, jsonProblem) : null);
    refresh({ fromJson: true });
  });

  // Puts a version's matrix in the editor (saved only when the user saves).
  function edit(other) {
    matrix = structuredClone(other.matrix);
    jsonProblem = '';
    replace(error);
    drawRows();
    refresh();
    toast(`${other.version ? `Version ${other.version}` : 'The default matrix'} is in the editor; save to use it`);
  }

  const reset = h('button', { type: 'button', class: 'button', 'data-load-default': '' }, 'Start from the default');
  reset.addEventListener('click', async () => {
    try {
      edit(await get('/api/v1/icp/matrix/default', { signal }));
    } catch (e) {
      if (e.name !== 'AbortError') replace(error, h('div', { class: 'error-box' }, e.message));
    }
  });

  const form = h('form', { class: 'stack icp-editor', 'aria-labelledby': 'icp-matrix-title' },
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'aria-label': 'Attribute weights' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Attribute'), h('th', { scope: 'col' }, 'Rule reads'), h('th', { scope: 'col', class: 'num' }, 'Weight'))),
      rows)),
    total,
    h('details', null, h('summary', null, 'Rules, disqualifiers, signals and tiers (JSON)'),
      h('p', { class: 'small muted' }, 'Ideal (5) and Good (3) rules per attribute, anything else Poor (1); missing data is not rated. The server checks every field when you save.'),
      h('label', { for: 'icp-json', class: 'visually-hidden' }, 'The matrix as JSON'), json),
    h('div', { class: 'field' }, h('label', { for: 'icp-note' }, 'Note'), note),
    error,
    h('div', { class: 'field-row' }, save, reset));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    replace(error);
    save.disabled = true;
    try {
      const saved = await put('/api/v1/icp/matrix', { matrix, note: note.value });
      toast(`Saved matrix version ${saved.version}; scores recomputed`);
      note.value = '';
      onSaved(saved);
    } catch (e) {
      replace(error, h('div', { class: 'error-box', 'data-matrix-error': '' }, e.message));
    } finally {
      refresh();
    }
  });
  drawRows();
  refresh();
  return { form, edit };
}

/** Every saved version, newest first, each loadable into the editor. */
function versionList(versions, editor) {
  return h('details', { 'data-matrix-versions': '' },
    h('summary', null, `Versions (${versions.length})`),
    h('ol', { class: 'plain-list' }, versions.map((v) => {
      const load = h('button', { type: 'button', class: 'button button-small', 'data-load-version': v.version }, 'Load into the editor');
      load.addEventListener('click', () => editor.edit(v));
      return h('li', { class: 'small' },
        h('strong', null, v.version ? `Version ${v.version}` : 'Built-in default'),
        v.version ? ` — ${v.created_by}, ${date(v.created_at)}` : '', v.note && v.version ? ` — ${v.note}` : '', ' ', load);
    })));
}

// ---- The page ------------------------------------------------------------------

function tierChart(data) {
  const rows = data.distribution.filter((t) => t.key !== 'unscored' || t.accounts > 0)
    .map((t) => ({ label: t.label, values: { accounts: t.accounts } }));
  return barChart({
    title: 'Accounts per ICP tier',
    description: data.distribution.map((t) => `${t.label}: ${t.accounts}`).join('; '),
    xLabel: 'Accounts', yLabel: 'Tier',
    series: [{ key: 'accounts', label: 'Accounts', className: 'series-0' }],
    rows,
  });
}

async function tagEvidence(button, status) {
  button.disabled = true;
  try {
    const { job_id: id } = await post('/api/v1/tagger/run');
    const finished = await waitForJob(id, (j) => { status.textContent = j.total ? `Tagging: ${number(j.done)} of ${number(j.total)} excerpts` : 'Tagging…'; });
    status.textContent = finished.message || '';
    return finished.status === 'done';
  } finally {
    button.disabled = false;
  }
}

registerView({
  path: '/icp',
  nav: 'icp',
  title: 'ICP scores',
  shortcuts: [['j / k', 'Next / previous account'], ['Enter', 'Open the focused account’s breakdown'], ['m', 'Edit the matrix weights']],
  async render(main, { query, signal }) {
    const state = { sort: query.get('sort') || '-score', tier: query.get('tier') || '', id: query.get('id') || '' };
    let data = null;
    const subtitle = h('p', { class: 'muted', 'aria-live': 'polite' });
    const chartArea = h('div');
    const notice = h('div');
    const tableArea = h('div');
    const editorArea = h('div');
    const tierSelect = h('select', { id: 'icp-tier' }, h('option', { value: '' }, 'All tiers'));
    replace(main,
      h('header', { class: 'view-header' }, h('div', null, h('h1', null, 'ICP scores'), subtitle),
        h('div', { class: 'field-row' },
          h('a', { class: 'button', href: '/api/v1/icp/export?format=csv', download: 'icp-scores.csv', 'data-export': 'csv' }, 'Export CSV'),
          h('a', { class: 'button', href: '/api/v1/icp/export?format=md', download: 'icp-scores.md', 'data-export': 'md' }, 'Export Markdown'))),
      notice,
      h('section', { 'aria-labelledby': 'icp-chart-title', class: 'icp-chart' },
        h('h2', { id: 'icp-chart-title', class: 'visually-hidden' }, 'Tier distribution'), chartArea),
      h('section', { 'aria-labelledby': 'icp-accounts-title' },
        h('h2', { id: 'icp-accounts-title' }, 'Accounts'),
        h('div', { class: 'toolbar' }, h('div', { class: 'field' }, h('label', { for: 'icp-tier' }, 'Tier'), tierSelect)),
        tableArea),
      h('section', { 'aria-labelledby': 'icp-matrix-title', id: 'icp-matrix' },
        h('h2', { id: 'icp-matrix-title' }, 'Scoring matrix'), editorArea));
    const saveQuery = () => replaceQuery(Object.fromEntries(Object.entries(state).filter(([k, v]) => v && !(k === 'sort' && v === '-score'))));
    tierSelect.addEventListener('change', () => { state.tier = tierSelect.value; saveQuery(); draw(); });

    async function load() {
      try {
        const [scores, version, versions] = await Promise.all([get('/api/v1/icp/scores', { signal }),
          get('/api/v1/icp/matrix', { signal }), get('/api/v1/icp/matrix/versions', { signal })]);
        data = scores;
        const editor = matrixEditor(version, { signal, onSaved: () => load() });
        replace(editorArea,
          h('p', { class: 'small muted', 'data-matrix-version': version.version },
            version.version ? `Version ${version.version}, saved by ${version.created_by} on ${date(version.created_at)}${version.note ? ` — ${version.note}` : ''}.` : 'The built-in default matrix (no version saved yet).'),
          editor.form, versionList(versions.items, editor));
      } catch (e) {
        if (e.name === 'AbortError') return;
        replace(tableArea);
        return showError(tableArea, e);
      }
      const tierRank = Object.fromEntries(data.tiers.map((t, i) => [t.key, i]));
      for (const row of data.items) row.tier_rank = tierRank[row.tier] ?? data.tiers.length;
      replace(tierSelect, h('option', { value: '' }, 'All tiers'),
        data.distribution.map((t) => h('option', { value: t.key, selected: t.key === state.tier }, `${t.label} (${number(t.accounts)})`)));
      subtitle.textContent = `${plural(data.total, 'account')} scored with “${data.matrix_name}”` + (data.matrix_version ? `, version ${data.matrix_version}` : ' (the default)');
      replace(chartArea, data.total ? tierChart(data) : null);
      drawNotice();
      draw();
    }

    function drawNotice() {
      const noEvidence = data.total > 0 && data.items.every((r) => r.missing.includes('tagged evidence'));
      if (!noEvidence) return replace(notice);
      const status = h('span', { class: 'small muted', 'aria-live': 'polite' });
      const button = h('button', { type: 'button', class: 'button', 'data-tag-evidence': '' }, 'Tag the evidence');
      button.addEventListener('click', async () => {
        try {
          if (await tagEvidence(button, status)) { toast('Tagged: evidence ratings are in'); await load(); }
        } catch (e) { status.textContent = e.message; }
      });
      replace(notice, h('div', { class: 'warning', 'data-no-evidence': '' },
        h('p', null, 'Pain intensity, budget and champion are rated from the tagged excerpts of each account’s people; no account has any yet, so those ratings are left out and every score is marked incomplete.'),
        h('div', { class: 'field-row' }, button, status)));
    }

    function draw() {
      if (!data) return;
      if (!data.total) {
        replace(tableArea, h('div', { class: 'empty' }, h('p', null, 'No accounts yet. Load the sample study from the library, or name an account when you upload a file or on a participant.')));
        return;
      }
      const rows = state.tier ? data.items.filter((r) => r.tier === state.tier) : data.items;
      const columns = [
        { key: 'account_name', label: 'Account' },
        { key: 'score', label: 'Score', numeric: true },
        { key: 'tier_rank', label: 'Tier', numeric: true },
        ...data.attributes.map((a) => ({ key: `rating:${a.key}`, attribute: a.key, label: `${a.label} ${a.weight}%`, numeric: true })),
        { key: 'missing_count', label: 'Data' },
      ];
      for (const row of rows) {
        for (const a of data.attributes) row[`rating:${a.key}`] = row.ratings[a.key];
        row.missing_count = row.complete ? 'complete' : `no ${row.missing.join(', ')}`;
      }
      const shown = rows.length > TABLE_LIMIT
        ? h('p', { class: 'small muted', 'data-table-limit': '' }, `Showing the first ${number(TABLE_LIMIT)} of ${number(rows.length)} accounts in this order: sort or filter by tier to see others; the export has them all.`)
        : null;
      replace(tableArea, shown, sortableTable({
        label: 'ICP scores', columns, rows, sort: state.sort, limit: TABLE_LIMIT,
        onSort: (sort) => { state.sort = sort; saveQuery(); draw(); },
        cell: (row, column) => {
          if (column.key === 'account_name') return h('button', { type: 'button', class: 'link-button', 'data-open-score': row.account_id, on: { click: () => open(row.account_id) } }, row.account_name);
          if (column.key === 'score') return h('span', { 'data-score-cell': '' }, scoreText(row.score));
          if (column.key === 'tier_rank') return tierBadge(row);
          if (column.attribute) return ratingBadge(row.ratings[column.attribute]);
          if (column.key === 'missing_count') return row.complete ? h('span', { class: 'small muted' }, 'complete') : h('span', { class: 'small', title: 'The score is over the attributes that have data' }, `incomplete: no ${row.missing.join(', ')}`);
          return null;
        },
        rowAttrs: (row) => ({ dataset: { accountId: row.account_id, tier: row.tier }, class: String(row.account_id) === state.id ? 'current' : null }),
      }));
    }

    async function open(id) {
      state.id = String(id);
      saveQuery();
      let score;
      try {
        score = await get(`/api/v1/icp/scores/${encodeURIComponent(id)}`, { signal });
      } catch (e) {
        if (e.name !== 'AbortError') toast(e.message);
        return;
      }
      panel.open(`ICP: ${score.account_name}`, ...breakdown(score));
      draw();
      document.querySelector(`[data-open-score="${CSS.escape(String(id))}"]`)?.focus();
    }

    await load();
    if (state.id) open(state.id);
    return {
      onKey(event) {
        const buttons = [...main.querySelectorAll('[data-open-score]')];
        const at = buttons.indexOf(document.activeElement);
        if (event.key === 'j' || event.key === 'k') {
          const next = buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === 'j' ? 1 : -1)))];
          next?.focus();
          return Boolean(next);
        }
        if (event.key === 'm') { main.querySelector('[data-weight]')?.focus(); return true; }
        return false;
      },
      dispose() { panel.close(); },
    };
  },
});
