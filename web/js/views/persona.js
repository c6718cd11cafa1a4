// #/persona/:id — a persona in its method's template layout: header with
// evidence score, cohort size, tier and verified state; "Draft from
// evidence" (shows what changed); every attribute with its flags and
// citation chips (each opens the excerpt in its transcript; "Evidence"
// shows them in the context panel); the inline attribute editor (edit text,
// add by hand, attach citations by searching); the validation checklist
// with sign-offs; market, priority, survey checks and review cadence
// (persona_numbers.js); the evidence chart; exports.
import { api, del, get, patch, post, query } from '../api.js';
import { matrixChart } from '../charts.js';
import { date, h, highlighted, number, plural, replace } from '../dom.js';
import { confirmAction, navigate, panel, registerView, showError, toast } from '../router.js';
import { excerptHref } from './common.js';
import { cadenceBadge, personaNumbers, surveyInline } from './persona_numbers.js';
import { KIND_LABELS, percent } from './personas.js';

export const FLAG_LABELS = {
  opinion_based: 'opinion-based', thin: 'thin', contradicted: 'contradicted', stale: 'stale',
  edited_since_review: 'edited since review', suggested_evidence: 'suggested evidence',
};
const FLAG_HELP = {
  opinion_based: 'No citation: typed in without evidence',
  thin: 'A single participant supports it',
  contradicted: 'A reviewer judged a citation does not support it',
  stale: 'The newest evidence is old, or the persona was not reviewed for a quarter',
  edited_since_review: 'The text changed after its citations were reviewed',
  suggested_evidence: 'Cites tags nobody has accepted yet',
};

export function flagBadge(flag) {
  return h('span', { class: ['flag', `flag-${flag}`], title: FLAG_HELP[flag] || '', 'data-flag': flag }, FLAG_LABELS[flag] || flag.replace(/_/g, ' '));
}

export function verifiedBadge() {
  return h('span', { class: 'flag flag-verified', title: 'At least one reviewed citation supports it', 'data-flag': 'verified' }, '✓ verified');
}

/** Who said it: participant label and role, or the source. */
export function citationWho(c) {
  if (c.participant) return [c.participant.label, c.participant.role].filter(Boolean).join(', ');
  return c.excerpt.speaker || c.source.title;
}

/** The excerpt with the turns around it (GET /api/v1/excerpts/{id}?context=2). */
export async function excerptContext(excerptId, signal, turns = 2, { header = true } = {}) {
  const found = await get(`/api/v1/excerpts/${excerptId}${query({ context: turns })}`, { signal });
  const turn = (e, current) => h('div', { class: ['turn', `turn-${e.speaker_role}`, current ? 'highlighted' : null] },
    h('div', { class: 'turn-head' }, h('span', { class: 'turn-speaker' }, e.speaker || e.speaker_role)),
    h('p', { class: 'quote' }, e.text));
  return h('div', { class: 'transcript context-turns', 'data-context-for': excerptId },
    header ? h('p', { class: 'small muted' }, h('a', { href: excerptHref(found.source.id, excerptId) }, found.source.title),
      found.source.occurred_at ? ` · ${date(found.source.occurred_at)}` : '', ` · ${found.source.kind}`) : null,
    found.before.map((e) => turn(e, false)), turn(found.excerpt, true), found.after.map((e) => turn(e, false)));
}

async function showEvidence(attribute) {
  const body = h('div', { class: 'evidence-panel' }, h('p', { class: 'attribute-text' }, attribute.text),
    attribute.citations.length ? null : h('p', { class: 'muted' }, 'No citations: this attribute is opinion-based until evidence is attached.'));
  panel.open('Evidence', body);
  for (const c of attribute.citations) {
    const slot = h('section', { class: 'panel-citation' }, h('p', { class: 'small muted' }, `${citationWho(c)} · ${c.verdict.replace(/_/g, ' ')}`));
    body.append(slot);
    try { slot.append(await excerptContext(c.excerpt_id)); } catch (e) { slot.append(h('div', { class: 'error-box' }, e.message)); }
  }
}

function citationChip(c, index) {
  return h('a', { class: ['chip', `chip-${c.verdict}`], href: excerptHref(c.source.id, c.excerpt_id), 'data-citation-id': c.id,
    'data-excerpt-id': c.excerpt_id, title: `“${c.excerpt.text.slice(0, 200)}” — ${citationWho(c)}, ${c.source.title}` },
  `[${index + 1}] `, citationWho(c), c.verdict === 'supports' ? ' ✓' : c.verdict === 'does_not_support' ? ' ✗' : '');
}

/**
 * The inline editor: text, and (for a new attribute or an existing one)
 * citations found by searching the evidence. onSave({text, excerptIds}).
 */
function attributeEditor({ text = '', attribute = null, onSave, onCancel, onAttach }) {
  const textarea = h('textarea', { class: 'attribute-input', rows: 3, 'aria-label': 'Attribute text', maxlength: 10000 }, text);
  textarea.value = text;
  const pending = new Map();  // excerpt id → hit, for a new attribute
  const pendingList = h('ul', { class: 'pending-citations' });
  const searchInput = h('input', { type: 'search', class: 'editor-search', placeholder: 'Search the evidence to cite…', 'aria-label': 'Search excerpts to cite' });
  const results = h('ul', { class: 'editor-results', 'aria-live': 'polite' });
  const error = h('div', { role: 'alert' });
  const runSearch = async () => {
    const q = searchInput.value.trim();
    if (!q) return replace(results);
    try {
      const found = await get(`/api/v1/search${query({ q, role: ['participant', 'customer', 'author'], limit: 8 })}`);
      replace(results, found.hits.length ? found.hits.map((hit) => h('li', { class: 'editor-hit' },
        h('p', { class: 'quote' }, highlighted(hit.text, hit.highlights || [])),
        h('p', { class: 'small muted' }, [hit.participant_label, hit.participant_role, hit.source_title].filter(Boolean).join(' · ')),
        h('button', { type: 'button', class: 'button button-small', 'data-attach-excerpt': hit.excerpt_id, on: { click: async (e) => {
          if (attribute) {
            e.target.disabled = true;
            try { await onAttach(hit.excerpt_id); e.target.textContent = 'Attached'; } catch (err) { error.replaceChildren(h('div', { class: 'error-box' }, err.message)); e.target.disabled = false; }
          } else {
            pending.set(hit.excerpt_id, hit);
            replace(pendingList, [...pending.values()].map((p) => h('li', null, `“${p.text.slice(0, 90)}” — ${p.participant_label || p.source_title}`)));
            e.target.textContent = 'Will cite';
            e.target.disabled = true;
          }
        } } }, 'Cite this'))) : h('li', { class: 'muted' }, 'No excerpts match.'));
    } catch (err) { replace(results, h('li', { class: 'error-box' }, err.message)); }
  };
  searchInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); runSearch(); } });
  const save = h('button', { type: 'button', class: 'button button-primary', 'data-save-attribute': '' }, 'Save');
  save.addEventListener('click', async () => {
    save.disabled = true;
    try { await onSave({ text: textarea.value.trim(), excerptIds: [...pending.keys()] }); } catch (err) {
      error.replaceChildren(h('div', { class: 'error-box' }, err.message));
      save.disabled = false;
    }
  });
  const el = h('div', { class: 'attribute-editor card' }, textarea,
    h('div', { class: 'field-row' }, searchInput, h('button', { type: 'button', class: 'button', on: { click: runSearch } }, 'Search')),
    results, pendingList, error,
    h('div', { class: 'toolbar' }, save, h('button', { type: 'button', class: 'button button-quiet', on: { click: onCancel } }, 'Cancel')));
  setTimeout(() => textarea.focus(), 0);
  return el;
}

function attributeItem(personaId, a, reload, cohortParticipants) {
  const classes = ['attribute', ...a.flags.map((f) => `has-flag-${f}`), a.verified ? 'is-verified' : null];
  const item = h('li', { class: classes, 'data-attribute-id': a.id, 'data-section': a.section });
  const render = () => replace(item,
    h('p', { class: 'attribute-text' }, a.text),
    h('div', { class: 'attribute-meta' },
      a.verified ? verifiedBadge() : null, a.flags.map(flagBadge),
      a.origin === 'manual' ? h('span', { class: 'badge' }, 'by hand') : null,
      a.basis === 'evidence' ? h('span', { class: 'small muted', 'data-participants': a.evidence.participants },
        `${a.evidence.participants} of ${plural(cohortParticipants, 'participant')} · ${plural(a.evidence.sources, 'source')}` +
        (a.evidence.source_kinds.length ? ` (${a.evidence.source_kinds.join(', ')})` : '') +
        (a.evidence.newest ? ` · newest ${date(a.evidence.newest)}` : '')) : h('span', { class: 'small muted' }, 'from cohort records — computed, not quoted evidence')),
    a.citations.length ? h('div', { class: 'chips', 'aria-label': 'Citations' }, a.citations.map(citationChip)) : null,
    surveyInline(a),
    h('div', { class: 'attribute-actions' },
      a.citations.length ? h('button', { type: 'button', class: 'button button-small button-quiet', 'data-show-evidence': '', on: { click: () => showEvidence(a) } }, 'Evidence') : null,
      a.basis === 'evidence' ? h('button', { type: 'button', class: 'button button-small button-quiet', 'data-edit-attribute': '', on: { click: edit } }, 'Edit') : null,
      h('button', { type: 'button', class: 'button button-small button-quiet', on: { click: remove } }, 'Delete')));
  const edit = () => replace(item, attributeEditor({
    text: a.text, attribute: a,
    onAttach: (excerptId) => post(`/api/v1/personas/${personaId}/attributes/${a.id}/citations`, { excerpt_id: excerptId }),
    onSave: async ({ text }) => { if (text !== a.text) await patch(`/api/v1/personas/${personaId}/attributes/${a.id}`, { text }); toast('Attribute saved'); reload(); },
    onCancel: () => reload(),
  }));
  const remove = async () => {
    if (!await confirmAction('Delete this attribute?', a.text)) return;
    await del(`/api/v1/personas/${personaId}/attributes/${a.id}`);
    reload();
  };
  render();
  return item;
}

function sectionBlock(personaId, section, attributes, reload, cohortParticipants) {
  const item = (a) => attributeItem(personaId, a, reload, cohortParticipants);
  const mainBody = attributes.filter((a) => a.tier !== 'also_mentioned');
  const also = attributes.filter((a) => a.tier === 'also_mentioned');
  const list = h('div', null,
    h('ul', { class: 'attribute-list' }, mainBody.map(item)),
    also.length ? h('details', { class: 'also-mentioned', 'data-also-mentioned': section.key },
      h('summary', null, `Also mentioned (${also.length})`),
      h('ul', { class: 'attribute-list' }, also.map(item))) : null);
  const addArea = h('div');
  const add = h('button', { type: 'button', class: 'button button-small button-quiet', 'data-add-attribute': section.key }, '+ Add by hand');
  add.addEventListener('click', () => {
    add.hidden = true;
    replace(addArea, attributeEditor({
      onSave: async ({ text, excerptIds }) => {
        await post(`/api/v1/personas/${personaId}/attributes`, { section: section.key, text, excerpt_ids: excerptIds });
        toast(excerptIds.length ? 'Attribute added with its evidence' : 'Attribute added — flagged opinion-based until it cites evidence');
        reload();
      },
      onCancel: () => { replace(addArea); add.hidden = false; },
    }));
  });
  return h('section', { class: 'persona-section', 'data-section-key': section.key },
    h('h3', null, section.title),
    attributes.length ? list : h('p', { class: 'small muted empty-section' }, section.style === 'manual' ? 'Filled in by hand.' : 'No evidence drafted here yet.'),
    addArea, add);
}

// Sections with no or thin evidence and the bank questions that would fill
// them: the interview guide for the next round.
function gapsBlock(gaps) {
  return h('section', { class: 'card gaps', 'aria-labelledby': 'gaps-title', 'data-gaps': '' },
    h('h2', { id: 'gaps-title' }, `Evidence gaps — ${gaps.gaps.length}`),
    h('p', { class: 'small muted' }, gaps.advice),
    gaps.gaps.length ? h('ul', { class: 'gap-list' }, gaps.gaps.map((g) => h('li', { 'data-gap': g.section },
      h('strong', null, g.title), ' ', h('span', { class: 'small muted' }, g.status === 'empty' ? 'no evidence yet' : 'thin: fewer than 2 participants'),
      g.questions.length ? h('ul', { class: 'small' }, g.questions.map((q) => h('li', { 'data-question': q.id }, q.text))) : null))) : null);
}

function checklistBlock(personaId, checklist, steps, reload) {
  const stepKeys = new Set(steps.map((s) => s.key));
  return h('section', { class: 'card checklist', 'aria-labelledby': 'checklist-title' },
    h('h2', { id: 'checklist-title' }, `Validation checklist — ${checklist.passed} of ${checklist.total}`),
    h('ul', { class: 'checklist-items' }, checklist.items.map((item) => h('li', { class: ['check-item', `check-${item.status}`], 'data-check': item.key },
      h('span', { class: 'check-mark', 'aria-hidden': 'true' }, item.status === 'pass' ? '✓' : item.status === 'fail' ? '✗' : '○'),
      h('span', null, h('strong', null, item.title), ' ', h('span', { class: 'visually-hidden' }, `(${item.status})`),
        h('span', { class: 'small muted' }, item.detail || ''),
        item.who ? h('span', { class: 'small muted' }, ` — signed by ${item.who}${item.at ? `, ${date(item.at)}` : ''}`) : null),
      stepKeys.has(item.key) ? h('button', { type: 'button', class: 'button button-small', 'data-signoff': item.key, on: { click: async () => {
        await post(`/api/v1/personas/${personaId}/signoffs`, { step: item.key });
        toast(`Signed off: ${item.title}`);
        reload();
      } } }, item.status === 'pass' ? 'Sign again' : 'Sign off') : null))),
    checklist.warnings.length ? h('ul', { class: 'warnings', 'aria-label': 'Anti-pattern warnings' },
      checklist.warnings.map((w) => h('li', { class: 'warning', 'data-warning': w.key }, w.message))) : null);
}

function evidenceChartBlock(matrix) {
  if (!matrix.rows.length || !matrix.columns.length) {
    return h('section', { class: 'card' }, h('h2', null, 'Evidence'), h('p', { class: 'muted' }, 'Draft the persona to see which participants support which themes.'));
  }
  const short = (t) => (t.length > 24 ? `${t.slice(0, 23)}…` : t);
  const rows = matrix.rows.map((r) => (r.flags.length ? `⚑ ${short(r.label)}` : short(r.label)));
  const chart = matrixChart({
    title: 'Themes × supporting participants',
    description: `${matrix.rows.length} attributes by ${matrix.columns.length} participants; ` +
      matrix.rows.map((r, i) => `${r.label}: ${matrix.cells[i].filter(Boolean).length} participants${r.flags.length ? ` (flags: ${r.flags.join(', ')})` : ''}`).join('; '),
    rowLabel: 'Attribute (⚑ flagged)', columnLabel: 'Participants (cited excerpts per cell)',
    rows, columns: matrix.columns.map((c) => short(c.label || 'unknown')), values: matrix.cells,
  });
  // Flags highlighted: flagged rows' labels take the flag colour.
  chart.querySelectorAll('svg text.tick').forEach((t) => { if (t.textContent.startsWith('⚑')) t.classList.add('tick-flagged'); });
  return h('section', { class: 'card evidence-chart', 'data-evidence-chart': '' }, chart);
}

function exportBlock(persona) {
  const base = `/api/v1/personas/${persona.id}/export`;
  const copy = h('button', { type: 'button', class: 'button', 'data-export-copy': '' }, 'Copy Markdown');
  copy.addEventListener('click', async () => {
    try {
      const response = await fetch(`${base}?format=md`);
      if (!response.ok) throw new Error(`The export failed (${response.status})`);
      const text = await response.text();
      try { await navigator.clipboard.writeText(text); toast('Markdown copied'); } catch { toast('Could not copy: the browser refused clipboard access. Use Download.'); }
    } catch (e) { toast(e.message); }
  });
  return h('section', { class: 'card exports', 'aria-labelledby': 'exports-title' }, h('h2', { id: 'exports-title' }, 'Export'),
    h('div', { class: 'toolbar' }, copy,
      h('a', { class: 'button', href: `${base}?format=md`, download: '', 'data-export': 'md' }, 'Download Markdown'),
      h('a', { class: 'button', href: `${base}?format=json`, download: '', 'data-export': 'json' }, 'JSON'),
      h('a', { class: 'button', href: `${base}?format=html`, target: '_blank', rel: 'noopener', 'data-export': 'html' }, 'Print-friendly page')));
}

function draftReport(report) {
  const counts = `${report.added} added, ${report.updated} updated, ${report.removed} removed, ${report.kept} kept (edited by a person), ${report.unchanged} unchanged`;
  const changed = report.changes.filter((c) => c.change !== 'unchanged');
  return h('div', { class: 'card draft-report', role: 'status', 'data-draft-report': '' },
    h('strong', null, 'Drafted from evidence: '), counts, ` — ${plural(report.tags_used, 'tag')}, ${plural(report.themes, 'theme')}.`,
    report.sections_without_evidence.length ? h('p', { class: 'small muted' }, `No evidence for: ${report.sections_without_evidence.join(', ')}.`) : null,
    changed.length ? h('details', null, h('summary', null, `What changed (${changed.length})`),
      h('ul', { class: 'small' }, changed.map((c) => h('li', { class: `change-${c.change}` }, h('strong', null, c.change), ` · ${c.section} · `, c.text)))) : null);
}

registerView({
  path: '/persona/:id',
  nav: 'personas',
  title: 'Persona',
  async render(main, { params, signal }) {
    const id = params.id;
    let lastReport = null;
    const load = async () => {
      let view, checklist, matrix, templates, gaps;
      try {
        [view, checklist, matrix, templates, gaps] = await Promise.all([
          get(`/api/v1/personas/${id}`, { signal }), get(`/api/v1/personas/${id}/checklist`, { signal }),
          get(`/api/v1/personas/${id}/evidence-matrix`, { signal }), get('/api/v1/persona-templates', { signal }),
          get(`/api/v1/personas/${id}/gaps`, { signal })]);
      } catch (e) {
        if (e.name === 'AbortError') return;
        replace(main, h('p', null, h('a', { href: '#/personas' }, '← All personas')));
        return showError(main, e);
      }
      const p = view.persona;
      document.title = `${p.name} — Grounded`;
      let numbers = [];
      try {
        numbers = await personaNumbers(id, view, signal, () => load());
      } catch (e) {
        if (e.name === 'AbortError') return;
        numbers = [h('p', { class: 'error' }, e.message)];
      }
      const includeSuggested = h('input', { type: 'checkbox', id: 'draft-suggested' });
      const draftButton = h('button', { type: 'button', class: 'button button-primary', 'data-draft': '' }, view.attributes.some((a) => a.origin === 'drafted') ? 'Re-draft from evidence' : 'Draft from evidence');
      draftButton.addEventListener('click', async () => {
        draftButton.disabled = true;
        draftButton.textContent = 'Drafting…';
        try {
          const out = await post(`/api/v1/personas/${id}/draft`, { include_suggested: includeSuggested.checked });
          lastReport = out.report;
          toast(`Drafted: ${out.report.added} added, ${out.report.updated} updated, ${out.report.removed} removed`);
          await load();
        } catch (e) {
          toast(e.message);
          draftButton.disabled = false;
        }
      });
      const deleteButton = h('button', { type: 'button', class: 'button button-quiet', on: { click: async () => {
        if (!await confirmAction(`Delete “${p.name}”?`, 'Its attributes, citations and verdicts go with it.')) return;
        await del(`/api/v1/personas/${id}`);
        navigate('/personas');
      } } }, 'Delete');

      const groups = [];
      for (const section of view.sections) {
        let group = groups.find((g) => g.title === section.group);
        if (!group) groups.push(group = { title: section.group, sections: [] });
        group.sections.push(section);
      }
      const reload = () => load();
      const progress = view.progress;
      replace(main,
        h('p', { class: 'small' }, h('a', { href: '#/personas' }, '← All personas')),
        h('header', { class: 'view-header persona-header' },
          h('div', null,
            h('h1', null, p.name, view.progress.verified ? h('span', { class: 'flag flag-verified', 'data-persona-verified': '' }, '✓ verified') : null),
            h('p', null, [KIND_LABELS[p.kind] || view.kind_title, p.role].filter(Boolean).join(' · '))),
          h('dl', { class: 'persona-stats' },
            h('div', null, h('dt', null, 'Evidence score'), h('dd', { 'data-evidence-score': '' }, percent(view.evidence_score))),
            h('div', null, h('dt', null, 'Cohort'), h('dd', null, `${plural(view.size.participants, 'participant')}, ${plural(view.size.accounts, 'account')}`),
              h('dd', { class: 'small muted' }, `${plural(view.size.sources, 'source')}, ${plural(view.size.excerpts, 'excerpt')}`)),
            h('div', null, h('dt', null, 'Tier'), h('dd', { 'data-persona-tier': '' }, view.sizing.tier ? `Tier ${view.sizing.tier}` : 'not set'),
              h('dd', { class: 'small muted' }, view.sizing.manual_tier ? 'set by hand' : view.sizing.tier ? 'from CRM numbers' : '')),
            h('div', null, h('dt', null, 'Review'), h('dd', null, h('a', { href: `#/persona/${id}/review`, 'data-review-link': '' }, progress.summary))))),
        view.flags.length ? h('p', { class: 'persona-flags' }, view.flags.map(flagBadge)) : null,
        h('div', { class: 'toolbar' }, draftButton,
          h('label', { class: 'check', for: 'draft-suggested' }, includeSuggested, 'Also use confident suggested tags'),
          h('a', { class: 'button', href: `#/persona/${id}/review` }, 'Review citations'), deleteButton),
        lastReport ? draftReport(lastReport) : null,
        !view.attributes.length ? h('div', { class: 'empty' }, h('h2', null, 'Nothing drafted yet'),
          h('p', null, `The cohort holds ${plural(view.size.excerpts, 'excerpt')} from ${plural(view.size.participants, 'participant')}. ` +
            'Draft from evidence to write cited attributes from its accepted tags (tag the evidence first in Review).')) : null,
        h('div', { class: 'persona-layout' },
          h('div', { class: 'persona-body' }, groups.map((g) => h('section', { class: 'persona-group' }, h('h2', null, g.title),
            g.sections.map((s) => sectionBlock(id, s, view.attributes.filter((a) => a.section === s.key), reload, view.size.participants))))),
          h('div', { class: 'persona-side' },
            checklistBlock(id, checklist, templates.signoff_steps, reload),
            numbers,
            gapsBlock(gaps),
            evidenceChartBlock(matrix),
            exportBlock(p))));
    };
    await load();
  },
});
