// #/search?q=… — quote search with filters, facet counts, highlighted
// snippets, paging, copy quote and open in context. j/k move, Enter opens.
import { get, query } from '../api.js';
import { date, h, highlighted, number, plural, replace, timestamp } from '../dom.js';
import { navigate, panel, registerView, showError } from '../router.js';
import { copyQuote, excerptHref } from './common.js';

const KINDS = ['interview', 'ticket', 'review', 'survey', 'note'];
const ROLES = ['participant', 'customer', 'author', 'interviewer', 'agent', 'unknown'];
const CATEGORIES = ['goal', 'pain_point', 'objection', 'job', 'trigger', 'decision_criterion', 'tool', 'info_source', 'influencer'];
const PAGE = 20;

function syntaxHelp() {
  const code = (text) => h('code', null, text);
  return h('p', { class: 'syntax', id: 'search-syntax' },
    code('invoice approval'), ' all words · ', code('"close week"'), ' exact phrase · ', code('approv*'), ' prefix · ',
    code('price OR cost'), ' either · ', code('-excel'), ' leave out · ', code('NEAR(mobile approval, 5)'), ' close together · ',
    code('kind:ticket'), ' ', code('role:participant'), ' ', code('category:pain_point'), ' ', code('study:"Sample: Ledgerline"'), ' filters.');
}

registerView({
  path: '/search',
  nav: 'search',
  title: 'Search',
  shortcuts: [['j', 'Next result'], ['k', 'Previous result'], ['Enter', 'Open the selected result in its transcript'],
    ['c', 'Copy the selected quote'], ['o', 'Show the selected result in the context panel']],
  async render(main, { query: params, signal }) {
    const q = params.get('q') || '';
    const kinds = params.getAll('kind');
    const roles = params.getAll('role');
    const categories = params.getAll('category');
    const studies = params.getAll('study');
    const from = params.get('from') || '';
    const to = params.get('to') || '';
    const offset = Number(params.get('offset')) || 0;
    const speakers = params.get('speakers') === 'all' ? 'all' : '';

    const input = h('input', { type: 'search', id: 'search-q', name: 'q', value: q, 'data-search-input': '',
      placeholder: 'What do customers say about…', autocomplete: 'off', 'aria-describedby': 'search-syntax', 'aria-keyshortcuts': '/' });
    const fromInput = h('input', { type: 'date', id: 'search-from', value: from });
    const toInput = h('input', { type: 'date', id: 'search-to', value: to });
    const form = h('form', { class: 'search-form', role: 'search' },
      h('div', { class: 'field' }, h('label', { for: 'search-q' }, 'Search quotes'),
        h('div', { class: 'field-row' }, input, h('button', { type: 'submit', class: 'button button-primary' }, 'Search'))),
      syntaxHelp());
    const facetsArea = h('aside', { class: 'facets', 'aria-label': 'Filters' });
    const resultsArea = h('section', { 'aria-live': 'polite', 'aria-label': 'Results' });
    replace(main, h('header', { class: 'view-header' }, h('h1', null, 'Search')), form,
      h('div', { class: 'search-layout' }, facetsArea, resultsArea));

    const go = (changes = {}) => {
      const next = new URLSearchParams();
      const state = { q: input.value.trim(), kind: kinds, role: roles, category: categories, study: studies, from: fromInput.value, to: toInput.value, speakers, offset: 0, ...changes };
      for (const [key, value] of Object.entries(state)) {
        if (Array.isArray(value)) value.forEach((v) => next.append(key, v));
        else if (value) next.set(key, value);
      }
      navigate('/search', next);
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); go(); });
    fromInput.addEventListener('change', () => go());
    toInput.addEventListener('change', () => go());
    if (!q) {
      input.focus();
      resultsArea.append(h('p', { class: 'muted' }, 'Type words customers might have said. Results show the excerpt, who said it and where; open one to read it in its transcript.'));
      renderFacets(null);
      return;
    }

    let result;
    try {
      result = await get('/api/v1/search' + query({ q, kind: kinds, role: roles, category: categories, study: studies, from, to, speakers, limit: PAGE, offset }), { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      showError(resultsArea, e);
      renderFacets(null);
      return;
    }
    renderFacets(result.facets);

    function renderFacets(facets) {
      const group = (legend, name, values, selected, counts) => h('fieldset', null, h('legend', null, legend),
        values.filter((v) => selected.includes(v) || !counts || counts[v]).map((value) => {
          const box = h('input', { type: 'checkbox', name, value, checked: selected.includes(value) });
          box.addEventListener('change', () => {
            const next = box.checked ? [...selected, value] : selected.filter((v) => v !== value);
            go({ [name]: next });
          });
          return h('label', { class: 'facet' }, box, value, h('span', { class: 'count' }, counts ? number(counts[value] || 0) : ''));
        }));
      // Customer speech ranks first; the toggle interleaves interviewer and agent turns by relevance.
      const allSpeakers = h('input', { type: 'checkbox', 'data-all-speakers': '', checked: speakers === 'all' });
      allSpeakers.addEventListener('change', () => go({ speakers: allSpeakers.checked ? 'all' : '' }));
      replace(facetsArea,
        h('fieldset', null, h('legend', null, 'Order'),
          h('label', { class: 'facet' }, allSpeakers, 'Rank interviewer and agent turns with customer speech')),
        group('Source kind', 'kind', KINDS, kinds, facets?.kind),
        group('Speaker', 'role', ROLES, roles, facets?.speaker_role),
        group('Tag category', 'category', CATEGORIES, categories, facets?.category),
        facets || studies.length ? group('Study', 'study', [...new Set([...studies, ...Object.keys(facets?.study || {})])].sort(), studies, facets?.study) : null,
        h('fieldset', null, h('legend', null, 'Date'),
          h('div', { class: 'field' }, h('label', { for: 'search-from' }, 'From'), fromInput),
          h('div', { class: 'field' }, h('label', { for: 'search-to' }, 'To'), toInput)));
    }

    const hits = result.hits;
    const first = result.total ? offset + 1 : 0;
    const last = offset + hits.length;
    resultsArea.append(h('p', { class: 'result-count', 'data-result-count': '' },
      result.total ? `${result.total_exact === false ? 'At least ' : ''}${plural(result.total, 'excerpt')} · showing ${number(first)}–${number(last)}` : `No excerpts match “${q}”.`));
    if (result.note) resultsArea.append(h('p', { class: 'note' }, result.note));
    const list = h('ol', { class: 'results', start: first });
    const items = hits.map((hit, index) => {
      const href = excerptHref(hit.source_id, hit.excerpt_id);
      const item = h('li', { class: 'result', tabindex: -1, dataset: { excerptId: hit.excerpt_id } },
        h('blockquote', { class: 'quote' }, highlighted(hit.snippet, hit.highlights)),
        h('div', { class: 'result-meta' },
          h('span', { class: ['badge', `badge-kind-${hit.source_kind}`] }, hit.source_kind),
          hit.customer_speech === false ? h('span', { class: 'badge', 'data-staff-turn': hit.speaker_role }, hit.speaker_role === 'agent' ? 'agent reply' : 'interviewer') : null,
          h('span', null, [hit.participant_role, hit.participant_label || hit.speaker].filter(Boolean).join(' · ') || hit.speaker_role),
          h('a', { href: `#/source/${hit.source_id}` }, hit.source_title),
          hit.study ? h('span', { class: 'result-study' }, hit.study) : null,
          hit.occurred_at ? h('span', null, date(hit.occurred_at)) : null,
          hit.start_ms !== null ? h('span', null, timestamp(hit.start_ms)) : null),
        h('div', { class: 'result-actions' },
          h('a', { class: 'button button-small', href, 'data-open-context': '' }, 'Open in context'),
          h('button', { type: 'button', class: 'button button-small', 'data-copy-quote': '', on: { click: () => copyQuote(hit) } }, 'Copy quote'),
          h('button', { type: 'button', class: 'button button-small button-quiet', on: { click: () => showInPanel(hit) } }, 'Show context here')));
      item.addEventListener('focus', () => select(index, false));
      return item;
    });
    list.append(...items);
    resultsArea.append(list);
    if (result.total > PAGE) {
      resultsArea.append(h('nav', { class: 'pager', 'aria-label': 'Result pages' },
        h('button', { type: 'button', class: 'button', disabled: offset === 0, on: { click: () => go({ q, offset: Math.max(0, offset - PAGE) }) } }, 'Previous'),
        h('span', { class: 'muted' }, `Page ${number(Math.floor(offset / PAGE) + 1)} of ${number(Math.ceil(result.total / PAGE))}`),
        h('button', { type: 'button', class: 'button', disabled: last >= result.total, on: { click: () => go({ q, offset: offset + PAGE }) } }, 'Next')));
    }

    let selected = -1;
    function select(index, focus = true) {
      if (!items.length) return;
      selected = Math.max(0, Math.min(items.length - 1, index));
      items.forEach((item, i) => item.classList.toggle('selected', i === selected));
      if (focus) { items[selected].focus(); items[selected].scrollIntoView({ block: 'nearest' }); }
    }

    async function showInPanel(hit) {
      panel.open('Context', h('p', { class: 'muted' }, 'Loading…'));
      try {
        const found = await get(`/api/v1/excerpts/${hit.excerpt_id}?context=2`);
        const turn = (e, current) => h('div', { class: ['turn', `turn-${e.speaker_role}`, current ? 'highlighted' : null] },
          h('div', { class: 'turn-head' }, h('span', { class: 'turn-speaker' }, e.speaker || e.speaker_role),
            e.start_ms !== null ? h('span', { class: 'turn-time' }, timestamp(e.start_ms)) : null),
          h('p', { class: 'quote' }, e.text));
        panel.open(found.source.title,
          h('p', { class: 'small muted' }, [found.source.participant_role, found.source.participant_label, date(found.source.occurred_at)].filter(Boolean).join(' · ')),
          h('div', { class: 'transcript' }, found.before.map((e) => turn(e, false)), turn(found.excerpt, true), found.after.map((e) => turn(e, false))),
          h('p', null, h('a', { class: 'button', href: excerptHref(hit.source_id, hit.excerpt_id) }, 'Open the whole transcript')));
      } catch (e) {
        panel.open('Context', h('div', { class: 'error-box' }, e.message));
      }
    }

    return {
      onKey(event) {
        if (event.key === 'j') { select(selected + 1); return true; }
        if (event.key === 'k') { select(selected - 1); return true; }
        if (selected < 0) return false;
        if (event.key === 'Enter' && !(event.target instanceof HTMLAnchorElement || event.target instanceof HTMLButtonElement)) {
          location.hash = excerptHref(hits[selected].source_id, hits[selected].excerpt_id);
          return true;
        }
        if (event.key === 'c') { copyQuote(hits[selected]); return true; }
        if (event.key === 'o') { showInPanel(hits[selected]); return true; }
        return false;
      },
    };
  },
});
