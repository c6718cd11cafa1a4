// #/guides?attributes=goals,pain_points&minutes=45&study=2&source=3 — the
// interview guide builder (attributes + minutes → sections with time budgets,
// questions and follow-ups, "Copy as Markdown") and coverage: which bank
// questions a study's interviews asked (how many of them asked each), and
// which one interview asked, linked to the turns that asked them.
import { get, query } from '../api.js';
import { h, number, plural, replace } from '../dom.js';
import { navigate, registerView, showError, toast } from '../router.js';
import { excerptHref } from './common.js';
import { studyFilter } from './study_picker.js';

const DEFAULT_ATTRIBUTES = ['goals', 'pain_points'];
const label = (key) => key.replace(/[._]/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

function guideView(guide) {
  return h('article', { class: 'guide', 'data-guide': '' },
    h('p', { class: 'small muted' }, `${plural(guide.minutes, 'minute')} · ${plural(guide.sections.length, 'section')} · `,
      plural(guide.sections.reduce((n, s) => n + s.questions.length, 0), 'question')),
    guide.sections.map((section) => h('section', { class: 'guide-section' },
      h('h2', null, section.title, ' ', h('span', { class: 'guide-minutes' }, `${section.minutes} min`)),
      h('ol', { class: 'guide-questions' }, section.questions.map((q) => h('li', null,
        h('p', { class: 'guide-question' }, q.text),
        q.informs?.length ? h('p', { class: 'small muted' }, 'Informs: ', q.informs.map(label).join(', ')) : null,
        q.follow_ups?.length ? h('ul', { class: 'guide-followups' }, q.follow_ups.map((f) => h('li', null, f))) : null,
        q.probe ? h('p', { class: 'small muted' }, 'Probe: ', q.probe) : null))))));
}

/** The attributes a coverage answer covers, as ✓/○ badges. */
function attributeBadges(coverage, allAttributes) {
  const covered = new Set(coverage.attributes_covered);
  return h('div', { class: 'coverage-attributes' }, allAttributes.map((a) =>
    h('span', { class: ['badge', covered.has(a) ? 'coverage-yes' : 'coverage-no'], title: covered.has(a) ? 'Asked about' : 'Not asked about' },
      covered.has(a) ? '✓ ' : '○ ', label(a))));
}

function studyCoverageView(coverage, allAttributes) {
  return h('div', { class: 'coverage', 'data-study-coverage': '' },
    h('p', { class: 'small' }, `${coverage.study}: ${plural(coverage.sources, 'interview')}; `,
      `${number(coverage.matched_turns)} of ${plural(coverage.interviewer_turns, 'interviewer turn')} matched a bank question.`),
    attributeBadges(coverage, allAttributes),
    coverage.asked.length
      ? h('ol', { class: 'coverage-asked' }, coverage.asked.map((a) => h('li', null,
        h('span', null, a.text),
        h('span', { class: 'small muted' }, ` · ${label(a.section)} · asked in ${number(a.source_ids.length)} of ${number(coverage.sources)}`))))
      : h('p', { class: 'muted' }, 'No interviewer turn of this study matched the question bank.'));
}

function coverageView(coverage, sourceId, allAttributes) {
  return h('div', { class: 'coverage', 'data-coverage': '' },
    h('p', { class: 'small' }, `${number(coverage.matched_turns)} of ${plural(coverage.interviewer_turns, 'interviewer turn')} matched a bank question; `,
      `${plural(coverage.asked.length, 'question')} asked.`),
    attributeBadges(coverage, allAttributes),
    coverage.asked.length
      ? h('ol', { class: 'coverage-asked' }, coverage.asked.map((a) => h('li', null,
        h('span', null, a.text),
        h('span', { class: 'small muted' }, ` · ${label(a.section)} · match ${Math.round(a.score * 100)}% · `),
        a.excerpt_ids.map((id, i) => [i ? ', ' : '', h('a', { href: excerptHref(sourceId, id), class: 'small' }, `turn ${i + 1}`)]))))
      : h('p', { class: 'muted' }, 'No interviewer turn of this source matched the question bank.'));
}

registerView({
  path: '/guides',
  nav: 'guides',
  title: 'Interview guides',
  shortcuts: [['c', 'Copy the drafted guide as Markdown']],
  async render(main, { query: params, signal }) {
    const chosen = params.has('attributes') ? params.get('attributes').split(',').filter(Boolean) : DEFAULT_ATTRIBUTES;
    const minutes = Number(params.get('minutes')) || 45;
    const jobMap = params.get('job_map') === '1';
    const studyId = params.get('study') || '';
    const sourceId = params.get('source') || '';

    const [bank, interviews] = await Promise.all([get('/api/v1/question-bank', { signal }),
      get('/api/v1/sources' + query({ kind: 'interview', study: studyId, limit: 1000, sort: 'title' }), { signal }).catch(() => ({ items: [] }))]);
    const attributes = [...new Set(bank.sections.filter((s) => s.bank !== 'job_map').flatMap((s) => s.informs || []))];
    const boxes = attributes.map((a) => h('input', { type: 'checkbox', value: a, checked: chosen.includes(a), 'data-attribute': a }));
    const minutesInput = h('input', { type: 'number', id: 'guide-minutes', min: 5, max: 240, step: 5, value: minutes });
    const jobMapBox = h('input', { type: 'checkbox', id: 'guide-job-map', checked: jobMap });
    const form = h('form', { class: 'guide-form card' },
      h('fieldset', { class: 'guide-attributes' }, h('legend', null, 'What should the interviews inform?'),
        boxes.map((box) => h('label', { class: 'facet' }, box, label(box.value)))),
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: 'guide-minutes' }, 'Minutes'), minutesInput),
        h('label', { class: 'facet' }, jobMapBox, 'Add the job-map stages'),
        h('button', { type: 'submit', class: 'button button-primary', 'data-draft-guide': '' }, 'Draft guide')));
    const state = () => ({ attributes: boxes.filter((b) => b.checked).map((b) => b.value).join(','), minutes: minutesInput.value,
      job_map: jobMapBox.checked ? '1' : '', study: studySel.value, source: sourceSel.value });
    const go = () => navigate('/guides', Object.fromEntries(Object.entries(state()).filter(([, v]) => v)));
    form.addEventListener('submit', (e) => { e.preventDefault(); go(); });

    const guideArea = h('section', { 'aria-label': 'Drafted guide', 'aria-live': 'polite' });
    const sourceSel = h('select', { id: 'coverage-source', 'data-coverage-source': '' }, h('option', { value: '' }, 'Choose an interview…'),
      interviews.items.map((s) => h('option', { value: String(s.id), selected: String(s.id) === sourceId }, s.title)));
    sourceSel.addEventListener('change', go);
    const [studyField, studySel] = studyFilter('coverage-study', studyId, { signal, all: 'Every study', always: true });
    // An interview belongs to one study: choosing another study clears it.
    studySel.addEventListener('change', () => { sourceSel.value = ''; go(); });
    const studyCoverageArea = h('div');
    const coverageArea = h('div');

    let markdown = '';
    const copy = async () => {
      if (!markdown) return;
      try {
        await navigator.clipboard.writeText(markdown);
        toast('Guide copied as Markdown');
      } catch {
        toast('Could not copy: the browser refused clipboard access');
      }
    };
    const copyButton = h('button', { type: 'button', class: 'button', 'data-copy-markdown': '', disabled: true, on: { click: copy } }, 'Copy as Markdown');

    replace(main,
      h('header', { class: 'view-header' },
        h('div', null, h('h1', null, 'Interview guides'),
          h('p', { class: 'muted small' }, 'Draft a discussion guide from the question bank, with a time budget per section; then check which questions an interview actually asked.')),
        copyButton),
      h('div', { class: 'guides-layout' },
        h('div', null, form, guideArea),
        h('aside', { class: 'card coverage-card', 'aria-labelledby': 'coverage-title' },
          h('h2', { id: 'coverage-title' }, 'Coverage of a study or an interview'),
          studyField, studyCoverageArea,
          h('div', { class: 'field' }, h('label', { for: 'coverage-source' }, 'Interview'), sourceSel),
          coverageArea)));

    if (studyId) {
      get(`/api/v1/studies/${encodeURIComponent(studyId)}/coverage`, { signal })
        .then((coverage) => replace(studyCoverageArea, studyCoverageView(coverage, attributes)))
        .catch((e) => { if (e.name !== 'AbortError') showError(studyCoverageArea, e); });
    }
    if (sourceId) {
      get(`/api/v1/sources/${encodeURIComponent(sourceId)}/coverage`, { signal })
        .then((coverage) => replace(coverageArea, coverageView(coverage, sourceId, attributes)))
        .catch((e) => { if (e.name !== 'AbortError') showError(coverageArea, e); });
    } else if (!interviews.items.length) {
      coverageArea.append(h('p', { class: 'muted small' }, 'No interviews yet: upload transcripts or load the sample study from the library.'));
    }

    if (!chosen.length) {
      guideArea.append(h('p', { class: 'muted' }, 'Choose at least one attribute, then draft the guide.'));
    } else {
      try {
        const guide = await get('/api/v1/guide' + query({ attributes: chosen.join(','), minutes, job_map: jobMap ? '1' : '' }), { signal });
        markdown = guide.markdown;
        copyButton.disabled = false;
        replace(guideArea, guideView(guide));
      } catch (e) {
        if (e.name === 'AbortError') return {};
        showError(guideArea, e);
      }
    }
    return {
      onKey(event) {
        if (event.key === 'c' && markdown) { copy(); return true; }
        return false;
      },
    };
  },
});
