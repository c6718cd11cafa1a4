// #/personas — every persona with its kind, cohort size, evidence score,
// flags and review progress; the "New persona" form with a cohort builder
// (studies, participant roles, accounts/industries, source kinds, tag categories);
// anti-pattern warnings (8 or more personas, …).
import { get, post } from '../api.js';
import { h, number, plural, replace } from '../dom.js';
import { navigate, registerView, showError } from '../router.js';
import { cadenceBadge } from './persona_numbers.js';

export const KIND_LABELS = { buyer: 'Buyer persona', user: 'User persona', icp: 'Ideal customer profile' };
const SOURCE_KINDS = ['interview', 'ticket', 'review', 'survey', 'note'];
const CATEGORIES = ['goal', 'pain_point', 'objection', 'job', 'trigger', 'decision_criterion', 'tool', 'info_source', 'influencer'];
const CATEGORY_LABELS = { goal: 'Goals', pain_point: 'Pain points', objection: 'Objections', job: 'Jobs', trigger: 'Triggers',
  decision_criterion: 'Decision criteria', tool: 'Tools', info_source: 'Info sources', influencer: 'Influencers' };

export function percent(x) { return `${Math.round((x || 0) * 100)}%`; }

/** A fieldset of checkboxes; returns {el, values()}. */
function checkGroup(legend, name, options) {
  const boxes = options.map(({ value, label }) => {
    const id = `${name}-${String(value).replace(/[^a-z0-9]+/gi, '-')}`;
    return h('label', { class: 'check', for: id }, h('input', { type: 'checkbox', id, name, value: String(value) }), label);
  });
  const el = h('fieldset', { class: 'check-group' }, h('legend', null, legend),
    boxes.length ? boxes : h('p', { class: 'small muted' }, 'None in the library yet.'));
  return { el, values: () => [...el.querySelectorAll('input:checked')].map((i) => i.value) };
}

function newPersonaForm(participants, accounts, studies, onCreated) {
  const unique = (xs) => [...new Set(xs.filter(Boolean))].sort((a, b) => a.localeCompare(b));
  const studyBoxes = checkGroup('Studies', 'cohort-study', studies.map((s) => ({ value: s.name, label: s.name })));
  const roles = checkGroup('Participant roles', 'cohort-role', unique(participants.map((p) => p.role)).map((r) => ({ value: r, label: r })));
  const industries = checkGroup('Industries', 'cohort-industry', unique(accounts.map((a) => a.industry)).map((r) => ({ value: r, label: r })));
  const accountBoxes = checkGroup('Accounts', 'cohort-account', accounts.map((a) => ({ value: a.id, label: a.name })));
  const kinds = checkGroup('Source kinds', 'cohort-kind', SOURCE_KINDS.map((k) => ({ value: k, label: k })));
  const categories = checkGroup('Tag categories', 'cohort-category', CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })));
  const name = h('input', { type: 'text', id: 'persona-name', name: 'name', required: true, maxlength: 200, placeholder: 'e.g. Finance controller' });
  const role = h('input', { type: 'text', id: 'persona-role', name: 'role', maxlength: 200, placeholder: 'e.g. Controller' });
  const kind = h('select', { id: 'persona-kind', name: 'kind' },
    Object.entries(KIND_LABELS).map(([value, label]) => h('option', { value }, label)));
  const tier = h('select', { id: 'persona-tier', name: 'priority_tier' },
    h('option', { value: '' }, 'From CRM numbers'), ['1', '2', '3'].map((t) => h('option', { value: t }, `Tier ${t} (by hand)`)));
  const error = h('div', { role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-create-persona': '' }, 'Create persona');
  const form = h('form', { class: 'card persona-form', 'aria-labelledby': 'new-persona-title' },
    h('h2', { id: 'new-persona-title' }, 'New persona'),
    h('div', { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { for: 'persona-name' }, 'Name'), name),
      h('div', { class: 'field' }, h('label', { for: 'persona-kind' }, 'Kind'), kind),
      h('div', { class: 'field' }, h('label', { for: 'persona-role' }, 'Role'), role),
      h('div', { class: 'field' }, h('label', { for: 'persona-tier' }, 'Priority tier'), tier)),
    h('h3', null, 'Cohort: whose evidence it is built from'),
    h('p', { class: 'small muted' }, 'Choose nothing to use everyone. Choices in one group widen the cohort (any of them); groups narrow it (all of them).'),
    h('div', { class: 'cohort-builder' }, studyBoxes.el, roles.el, industries.el, accountBoxes.el, kinds.el, categories.el),
    error, h('div', { class: 'toolbar' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(error);
    const cohort = {};
    if (studyBoxes.values().length) cohort.studies = studyBoxes.values();
    const participantsPart = {};
    if (roles.values().length) participantsPart.roles = roles.values();
    if (Object.keys(participantsPart).length) cohort.participants = participantsPart;
    const accountsPart = {};
    if (industries.values().length) accountsPart.industries = industries.values();
    if (accountBoxes.values().length) accountsPart.ids = accountBoxes.values().map(Number);
    if (Object.keys(accountsPart).length) cohort.accounts = accountsPart;
    if (kinds.values().length) cohort.source_kinds = kinds.values();
    if (categories.values().length) cohort.tags = { categories: categories.values() };
    submit.disabled = true;
    try {
      const created = await post('/api/v1/personas', { name: name.value.trim(), kind: kind.value, role: role.value.trim(),
        priority_tier: tier.value, cohort });
      onCreated(created);
    } catch (err) {
      error.append(h('div', { class: 'error-box' }, err.message));
      submit.disabled = false;
    }
  });
  return form;
}

function scoreBadge(score) {
  const level = score >= 0.7 ? 'good' : score >= 0.4 ? 'fair' : 'weak';
  return h('span', { class: ['score', `score-${level}`], title: 'Share of attributes with strong, reviewed evidence' }, percent(score));
}

function personaRow(p) {
  const flagText = p.flags_count ? Object.entries(p.flag_counts || {}).map(([f, n]) => `${n} ${f.replace(/_/g, ' ')}`).join(', ') : 'none';
  return h('tr', { 'data-persona-id': p.id },
    h('th', { scope: 'row' }, h('a', { href: `#/persona/${p.id}` }, p.name),
      p.verified ? h('span', { class: 'flag flag-verified', title: 'Every attribute has a supporting reviewed citation' }, '✓ verified') : null,
      cadenceBadge(p.cadence),
      p.role ? h('div', { class: 'small muted' }, p.role) : null),
    h('td', null, KIND_LABELS[p.kind] || p.kind),
    h('td', { 'data-tier': p.sizing?.tier || '' }, p.sizing?.tier ? `Tier ${p.sizing.tier}` : h('span', { class: 'muted' }, 'not set'),
      p.sizing?.manual_tier ? h('span', { class: 'small muted' }, ' (by hand)') : null),
    h('td', { class: 'num', title: 'CRM accounts and users the cohort stands for' }, `${number(p.sizing?.accounts || 0)} / ${number(p.sizing?.users || 0)}`),
    h('td', { class: 'num' }, number(p.size.participants)),
    h('td', { class: 'num' }, number(p.size.sources)),
    h('td', { class: 'num' }, number(p.size.excerpts)),
    h('td', { class: 'num' }, scoreBadge(p.evidence_score)),
    h('td', { class: 'num', title: flagText }, number(p.flags_count)),
    h('td', null, h('a', { href: `#/persona/${p.id}/review` }, p.progress.summary || `${p.progress.citations_checked} of ${p.progress.citations_total} citations checked`)));
}

registerView({
  path: '/personas',
  nav: 'personas',
  title: 'Personas',
  async render(main, { query, signal }) {
    replace(main, h('p', { class: 'loading' }, 'Loading personas…'));
    let list, participants, accounts, studies;
    try {
      [list, participants, accounts, studies] = await Promise.all([
        get('/api/v1/personas', { signal }), get('/api/v1/participants', { signal }), get('/api/v1/accounts', { signal }),
        get('/api/v1/studies', { signal })]);
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(main);
      return showError(main, e);
    }
    const formArea = h('div', { id: 'new-persona-area' });
    const showForm = () => {
      replace(formArea, newPersonaForm(participants.items, accounts.items, studies.items, (created) => navigate(`/persona/${created.id}`)));
      formArea.querySelector('#persona-name')?.focus();
    };
    const newButton = h('button', { type: 'button', class: 'button button-primary', 'data-new-persona': '', on: { click: showForm } }, 'New persona');
    const warnings = [...(list.warnings || [])];
    const items = list.items;
    const opinion = items.filter((p) => p.flag_counts?.opinion_based).length;
    if (opinion) warnings.push({ key: 'opinion_based', message: `${plural(opinion, 'persona has', 'personas have')} attributes without evidence (opinion-based).` });
    const noTier = items.filter((p) => !p.sizing?.tier).length;
    const overdue = items.filter((p) => p.cadence && (p.cadence.review_overdue || p.cadence.rebuild_overdue)).length;
    if (overdue) warnings.push({ key: 'review_overdue', message: `${plural(overdue, 'persona is', 'personas are')} due for review (quarterly review or annual rebuild).` });
    if (noTier) warnings.push({ key: 'no_priority', message: `${plural(noTier, 'persona has', 'personas have')} no priority tier: decide which persona the team serves first.` });

    let body;
    if (!items.length) {
      body = h('section', { class: 'empty' }, h('h2', null, 'No personas yet'),
        h('p', null, participants.items.length
          ? 'A persona is drafted from a cohort of real participants: every attribute cites the excerpts behind it. Create one, then draft it from the evidence.'
          : 'Personas are drafted from evidence. Load the sample study or upload transcripts first, then tag them.'),
        h('div', { class: 'actions' }, participants.items.length ? null : h('a', { class: 'button', href: '#/library' }, 'Go to the library')));
    } else {
      body = h('div', { class: 'table-wrap' }, h('table', { class: 'data personas-table' },
        h('thead', null, h('tr', null, ['Persona', 'Kind', 'Tier'].map((t) => h('th', { scope: 'col' }, t)),
          ['Accounts / users', 'Participants', 'Sources', 'Excerpts', 'Evidence score', 'Flags'].map((t) => h('th', { scope: 'col', class: 'num' }, t)),
          h('th', { scope: 'col' }, 'Review'))),
        h('tbody', null, items.map(personaRow))));
    }
    replace(main,
      h('header', { class: 'view-header' }, h('h1', null, 'Personas'),
        h('p', null, `${plural(items.length, 'persona')}. Each attribute cites the customer evidence behind it; anything without evidence is flagged.`),
        h('div', { class: 'toolbar' }, newButton)),
      warnings.length ? h('ul', { class: 'warnings', 'aria-label': 'Anti-pattern warnings' },
        warnings.map((w) => h('li', { class: 'warning', 'data-warning': w.key }, w.message))) : null,
      formArea, body);
    if (query.get('new') || !items.length && participants.items.length) showForm();
  },
});
