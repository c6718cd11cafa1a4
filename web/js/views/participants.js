// #/participants — the people behind the evidence: list with source and
// excerpt counts, edit in the side panel (#/participants?id=12 opens it),
// merge two participants, split sources off one. Every change is recorded
// in the audit log by the server; the panel shows that history.
import { get, patch, post, query as qs } from '../api.js';
import { date, h, number, plural, replace } from '../dom.js';
import { confirmAction, panel, registerView, replaceQuery, showError, toast } from '../router.js';
import { historyList, peopleTabs, sortableTable } from './people_common.js';
import { studyFilter } from './study_picker.js';

// More sources than this for one participant gets a "several people?" hint.
const SPAN_WARNING = 5;

const COLUMNS = [
  { key: 'label', label: 'Name' },
  { key: 'role', label: 'Role' },
  { key: 'seniority', label: 'Seniority' },
  { key: 'segment', label: 'Segment' },
  { key: 'account_name', label: 'Account' },
  { key: 'study_names', label: 'Study' },
  { key: 'source_count', label: 'Sources', numeric: true },
  { key: 'excerpt_count', label: 'Excerpts', numeric: true },
];

/** The edit form, the participant's sources (to split off) and the history. */
function participantPanel(person, accounts, { onSaved }) {
  const field = (name, label, value, attrs = {}) => {
    const input = h('input', { type: 'text', id: `person-${name}`, name, value: value || '', autocomplete: 'off', ...attrs });
    return [h('div', { class: 'field' }, h('label', { for: `person-${name}` }, label), input), input];
  };
  const [labelField, label] = field('label', 'Name', person.label, { required: true });
  const [roleField, role] = field('role', 'Role', person.role);
  const [seniorityField, seniority] = field('seniority', 'Seniority', person.seniority);
  const [segmentField, segment] = field('segment', 'Segment', person.segment);
  const [accountField, account] = field('account', 'Account', person.account_name, { list: 'person-accounts', placeholder: 'none' });
  const datalist = h('datalist', { id: 'person-accounts' }, accounts.map((a) => h('option', { value: a.name })));
  const error = h('div', { role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button button-primary', 'data-save-participant': '' }, 'Save');
  const form = h('form', { class: 'stack', 'data-participant-form': person.id },
    labelField, roleField, seniorityField, segmentField, accountField, datalist, error, h('div', { class: 'field-row' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(error);
    save.disabled = true;
    try {
      const saved = await patch(`/api/v1/participants/${person.id}`, {
        label: label.value, role: role.value, seniority: seniority.value, segment: segment.value, account: account.value,
      });
      toast(`Saved ${saved.label}`);
      onSaved(saved);
    } catch (e) {
      error.append(h('div', { class: 'error-box' }, e.message));
    } finally {
      save.disabled = false;
    }
  });

  // Split: pick sources, name the other person.
  const boxes = person.sources.map((s) => h('input', { type: 'checkbox', value: s.source_id, 'aria-label': `Split off ${s.title}` }));
  const newName = h('input', { type: 'text', id: 'split-label', autocomplete: 'off', placeholder: 'e.g. Interviewee (file 7)' });
  const splitError = h('div', { role: 'alert' });
  const split = h('button', { type: 'button', class: 'button', 'data-split': '' }, 'Split into a new participant');
  split.addEventListener('click', async () => {
    replace(splitError);
    const ids = boxes.filter((b) => b.checked).map((b) => Number(b.value));
    if (!ids.length) return splitError.append(h('div', { class: 'error-box' }, 'Tick the sources that belong to someone else first.'));
    if (!newName.value.trim()) return splitError.append(h('div', { class: 'error-box' }, 'Name the new participant.'));
    try {
      const result = await post(`/api/v1/participants/${person.id}/split`, { source_ids: ids, participant: { label: newName.value } });
      toast(`${plural(result.source_ids.length, 'source')} moved to ${result.participant.label}`);
      onSaved(result.from, result.participant);
    } catch (e) {
      splitError.append(h('div', { class: 'error-box' }, e.message));
    }
  });
  const sources = person.sources.length
    ? h('ul', { class: 'check-list', 'aria-label': 'Sources' }, person.sources.map((s, i) => h('li', null,
      h('label', { class: 'check' }, boxes[i],
        h('span', null, h('a', { href: `#/source/${s.source_id}` }, s.title), ' ',
          h('span', { class: 'small muted' }, [s.kind, s.study, date(s.occurred_at), plural(s.excerpt_count, 'excerpt')].filter(Boolean).join(' · ')))))))
    : h('p', { class: 'muted' }, 'No sources are attributed to this participant.');

  return [
    h('p', { class: 'small muted' }, `${plural(person.source_count, 'source')} · ${plural(person.excerpt_count, 'excerpt')} in their own words`),
    form,
    h('h3', null, 'Sources'), sources,
    person.sources.length > 1 ? h('div', { class: 'stack' },
      h('p', { class: 'small muted' }, 'Sources that are really someone else: tick them and name that person.'),
      h('div', { class: 'field' }, h('label', { for: 'split-label' }, 'New participant'), newName), splitError,
      h('div', { class: 'field-row' }, split)) : null,
    h('h3', null, 'History'), historyList(person.history),
  ];
}

registerView({
  path: '/participants',
  nav: 'people',
  title: 'Participants',
  shortcuts: [['e', 'Edit the focused participant'], ['x', 'Select the focused participant'], ['m', 'Merge the two selected participants']],
  async render(main, { query, signal }) {
    const state = { q: query.get('q') || '', study: query.get('study') || '', sort: query.get('sort') || 'label', id: query.get('id') || '' };
    let people = [];
    const [studyField, studySelect] = studyFilter('participants-study', state.study, { signal });
    let accounts = [];
    const selected = new Set();
    const filter = h('input', { type: 'search', id: 'participants-q', value: state.q, placeholder: 'Name, role, segment or account', autocomplete: 'off' });
    const mergeButton = h('button', { type: 'button', class: 'button', disabled: true, 'data-merge': '' }, 'Merge the two selected');
    const count = h('p', { class: 'muted', 'aria-live': 'polite' });
    const tableArea = h('div');
    replace(main,
      h('header', { class: 'view-header' }, h('div', null, h('h1', null, 'People'), count), peopleTabs('participants')),
      h('div', { class: 'toolbar' },
        h('div', { class: 'field' }, h('label', { for: 'participants-q' }, 'Filter'), filter), studyField,
        mergeButton, h('span', { class: 'small muted' }, 'Tick two participants who are the same person to merge them.')),
      tableArea);

    const saveQuery = () => replaceQuery(Object.fromEntries(Object.entries(state).filter(([k, v]) => v && !(k === 'sort' && v === 'label'))));

    async function load() {
      try {
        [{ items: people }, { items: accounts }] = await Promise.all([
          get('/api/v1/participants' + qs({ study: state.study }), { signal }), get('/api/v1/accounts', { signal })]);
        for (const p of people) p.study_names = (p.studies || []).join(', ');
      } catch (e) {
        if (e.name === 'AbortError') return;
        replace(tableArea);
        return showError(tableArea, e);
      }
      for (const id of [...selected]) if (!people.some((p) => p.id === id)) selected.delete(id);
      draw();
    }

    function visible() {
      const needle = state.q.toLocaleLowerCase();
      if (!needle) return people;
      return people.filter((p) => [p.label, p.role, p.segment, p.seniority, p.account_name, p.study_names]
        .some((v) => (v || '').toLocaleLowerCase().includes(needle)));
    }

    function draw() {
      const rows = visible();
      count.textContent = `${plural(people.length, 'participant')}` + (rows.length !== people.length ? ` · ${number(rows.length)} shown` : '');
      mergeButton.disabled = selected.size !== 2;
      if (!people.length) {
        replace(tableArea, h('div', { class: 'empty' }, h('p', null, 'No participants yet. They appear when you upload transcripts or load the sample study.'),
          h('a', { class: 'button button-primary', href: '#/upload' }, 'Upload files')));
        return;
      }
      replace(tableArea, sortableTable({
        label: 'Participants', columns: COLUMNS, rows, sort: state.sort,
        onSort: (sort) => { state.sort = sort; saveQuery(); draw(); },
        lead: (p) => h('input', {
          type: 'checkbox', checked: selected.has(p.id), 'aria-label': `Select ${p.label}`, 'data-select': p.id,
          on: { change: (e) => { if (e.target.checked) selected.add(p.id); else selected.delete(p.id); mergeButton.disabled = selected.size !== 2; } },
        }),
        cell: (p, column) => {
          if (column.key === 'label') return h('button', { type: 'button', class: 'link-button', 'data-edit': p.id, on: { click: () => open(p.id) } }, p.label);
          // One person in many files is usually a generic label that swallowed several people.
          if (column.key === 'source_count' && p.source_count > SPAN_WARNING) {
            return h('span', { class: 'note', title: 'Many sources for one person: check whether they are several people and split them', 'data-span-warning': '' },
              `⚠ ${number(p.source_count)}`);
          }
          return null;
        },
        rowAttrs: (p) => ({ dataset: { participantId: p.id }, class: String(p.id) === state.id ? 'current' : null }),
      }));
    }

    async function open(id) {
      state.id = String(id);
      saveQuery();
      let person;
      try {
        person = await get(`/api/v1/participants/${encodeURIComponent(id)}`, { signal });
      } catch (e) {
        if (e.name === 'AbortError') return;
        toast(e.message);
        state.id = '';
        saveQuery();
        return;
      }
      panel.open(person.label, ...participantPanel(person, accounts, {
        onSaved: async (saved, other) => {
          await load();
          open((other || saved).id);
        },
      }));
      draw();
      document.getElementById('person-label')?.focus();
    }

    async function merge() {
      if (selected.size !== 2) return;
      const [a, b] = [...selected].map((id) => people.find((p) => p.id === id));
      // Keep the one with more evidence (or a real name over a generic one): the user can swap.
      const keep = h('select', { id: 'merge-keep' }, [a, b].map((p) => h('option', { value: p.id }, `${p.label} (${plural(p.source_count, 'source')})`)));
      if (b.source_count > a.source_count) keep.value = String(b.id);
      const confirmButton = h('button', { type: 'button', class: 'button button-primary', 'data-confirm-merge': '' }, 'Merge');
      const error = h('div', { role: 'alert' });
      panel.open('Merge two participants',
        h('p', null, 'Every source and excerpt of one moves to the other, which keeps its name and fills its empty fields. The change is recorded in the audit log.'),
        h('div', { class: 'field' }, h('label', { for: 'merge-keep' }, 'Keep'), keep),
        error, h('div', { class: 'field-row' }, confirmButton));
      keep.focus();
      confirmButton.addEventListener('click', async () => {
        const into = Number(keep.value);
        const from = into === a.id ? b : a;
        const target = into === a.id ? a : b;
        const ok = await confirmAction(`Merge ${from.label} into ${target.label}?`,
          `${plural(from.source_count, 'source')} and ${plural(from.excerpt_count, 'excerpt')} move to ${target.label}, and ${from.label} is removed.`, 'Merge');
        if (!ok) return;
        try {
          const result = await post('/api/v1/participants/merge', { from: from.id, into });
          toast(`Merged ${from.label} into ${result.participant.label}`);
          selected.clear();
          await load();
          open(into);
        } catch (e) {
          replace(error, h('div', { class: 'error-box' }, e.message));
        }
      });
    }

    mergeButton.addEventListener('click', merge);
    filter.addEventListener('input', () => { state.q = filter.value.trim(); saveQuery(); draw(); });
    studySelect.addEventListener('change', () => { state.study = studySelect.value; saveQuery(); load(); });
    await load();
    if (state.id) open(state.id);

    const focusedRow = () => document.activeElement?.closest?.('tr[data-participant-id]');
    return {
      onKey(event) {
        const row = focusedRow();
        if (event.key === 'e' && row) { open(row.dataset.participantId); return true; }
        if (event.key === 'x' && row) { row.querySelector('[data-select]')?.click(); return true; }
        if (event.key === 'm' && selected.size === 2) { merge(); return true; }
        return false;
      },
      dispose() { panel.close(); },
    };
  },
});
