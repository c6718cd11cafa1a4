// #/review?study=…&category=…&source=…&order=… — the tag review queue, of
// one study or all: suggestions
// lowest confidence first, or (order=uncertainty) those the model is least
// sure of first, so each review teaches it the most; each with its excerpt, who said it, the suggested
// category, sub-fields, confidence, origin and rationale. a accept, r reject,
// e edit, j/k move. "Tag all excerpts" runs the tagger as a background job
// (over the chosen study only, when one is chosen).
import { get, post, query, waitForJob } from '../api.js';
import { h, highlighted, number, replace } from '../dom.js';
import { navigate, registerView, showError, toast } from '../router.js';
import { excerptHref, sampleStudyLoader } from './common.js';
import { studyFilter } from './study_picker.js';
import { categoryChip, categoryLabel, loadTaxonomy, subfieldText, tagEditor } from './tag_chips.js';

const PAGE = 50;

/** "Tag all excerpts" (of study `studyId`, when set) with a progress bar; onDone(job) when finished. */
function tagAllButton(studyId, onDone) {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Tagging progress' });
  const text = h('span', { class: 'small muted', 'data-tag-status': '' }, 'Starting…');
  const status = h('div', { class: 'progress-line', hidden: true }, bar, text);
  const button = h('button', { type: 'button', class: 'button button-primary', 'data-tag-all': '' }, studyId ? 'Tag all excerpts of this study' : 'Tag all excerpts');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.hidden = false;
    status.querySelector('.error-box')?.remove();
    try {
      const { job_id: id } = await post('/api/v1/tagger/run', studyId ? { study_id: Number(studyId) } : undefined);
      const finished = await waitForJob(id, (job) => {
        bar.max = Math.max(1, job.total);
        bar.value = job.done;
        text.textContent = `${number(job.done)} of ${number(job.total)} excerpts tagged`;
      });
      if (finished.status === 'failed') throw new Error(finished.message || 'Tagging failed');
      const r = finished.result || {};
      text.textContent = `Done: ${number(finished.total)} excerpts tagged, ${number(r.suggested || 0)} new suggestions` +
        (r.skipped_rejected ? `, ${number(r.skipped_rejected)} rejected before and not suggested again` : '');
      text.dataset.done = '';
      onDone?.(finished);
    } catch (e) {
      status.append(h('div', { class: 'error-box', role: 'alert' }, `${e.message}. Try again, or run \`grounded tag --all\`.`));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'tag-all' }, button, status);
}

/** "Retrain the tagger" from the seed set and this repository's reviews, as a background job. */
function retrainButton() {
  const text = h('span', { class: 'small muted', 'data-train-status': '' });
  const button = h('button', { type: 'button', class: 'button', 'data-retrain': '' }, 'Retrain the tagger');
  button.addEventListener('click', async () => {
    button.disabled = true;
    text.textContent = 'Training on your reviews…';
    try {
      const { job_id: id } = await post('/api/v1/tagger/train');
      const finished = await waitForJob(id, () => {});
      if (finished.status === 'failed') throw new Error(finished.message || 'Training failed');
      const m = finished.result?.metrics || {};
      text.textContent = `Trained on ${number(m.reviewed_rows || 0)} reviewed examples (each counts ${m.reviewed_weight || '?'}× a seed example). New suggestions use it.`;
      text.dataset.done = '';
    } catch (e) {
      text.textContent = `${e.message}. Try again, or run \`grounded tagger train\`.`;
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'tag-all' }, button, text);
}

registerView({
  path: '/review',
  nav: 'review',
  title: 'Review tags',
  shortcuts: [['a', 'Accept the selected suggestion'], ['r', 'Reject it'], ['e', 'Edit its category and sub-fields'],
    ['j', 'Next suggestion'], ['k', 'Previous suggestion'], ['o', 'Open the excerpt in its transcript']],
  async render(main, { query: params, signal }) {
    const category = params.get('category') || '';
    const studyId = params.get('study') || '';
    const sourceId = params.get('source') || '';
    const order = params.get('order') === 'uncertainty' ? 'uncertainty' : 'confidence';
    const [taxonomy, stats, sources] = await Promise.all([
      loadTaxonomy(), get('/api/v1/stats', { signal }), get('/api/v1/sources' + query({ study: studyId, limit: 1000, sort: 'title' }), { signal }).catch(() => ({ items: [] }))]);
    const filters = (values) => Object.fromEntries(Object.entries(values).filter(([k, v]) => v && !(k === 'order' && v === 'confidence')));
    const rerender = () => navigate('/review', filters({ study: studyId, category, source: sourceId, order }));

    const header = h('header', { class: 'view-header' },
      h('div', null, h('h1', null, 'Review tags'),
        h('p', { class: 'muted small' }, 'Lowest confidence first, or “most uncertain first”: the suggestions whose review teaches the tagger most (then “Retrain the tagger” learns from your reviews). Accepted tags become evidence personas can cite; a rejected suggestion is never suggested again for that excerpt.')));
    if (!stats.excerpts) {
      replace(main, header, h('section', { class: 'empty' }, h('h2', null, 'No evidence to tag yet'),
        h('p', null, 'Load the sample study or upload transcripts, tickets and reviews; then tag them here.'),
        h('div', { class: 'actions' }, sampleStudyLoader(() => rerender()), h('a', { class: 'button', href: '#/upload' }, 'Upload files'))));
      return {};
    }

    const categorySel = h('select', { id: 'review-category', 'data-filter-category': '' }, h('option', { value: '' }, 'All categories'),
      taxonomy.categories.map((c) => h('option', { value: c.key, selected: c.key === category }, c.label)));
    const sourceSel = h('select', { id: 'review-source', 'data-filter-source': '' }, h('option', { value: '' }, 'All sources'),
      sources.items.map((s) => h('option', { value: String(s.id), selected: String(s.id) === sourceId }, s.title)));
    const [studyField, studySel] = studyFilter('review-study', studyId, { signal });
    const orderSel = h('select', { id: 'review-order', 'data-review-order': '' },
      h('option', { value: 'confidence', selected: order === 'confidence' }, 'Lowest confidence first'),
      h('option', { value: 'uncertainty', selected: order === 'uncertainty' }, 'Most uncertain first (teaches the tagger most)'));
    const go = () => navigate('/review', filters({ study: studySel.value, category: categorySel.value, source: sourceSel.value, order: orderSel.value }));
    // A source belongs to one study: choosing another study clears it.
    studySel.addEventListener('change', () => { sourceSel.value = ''; go(); });
    categorySel.addEventListener('change', go);
    sourceSel.addEventListener('change', go);
    orderSel.addEventListener('change', go);

    const progressText = h('span', { 'data-review-progress': '' });
    const progressBar = h('progress', { max: 1, value: 0, 'aria-label': 'Review progress' });
    const listArea = h('section', { 'aria-label': 'Review queue', 'aria-live': 'polite' });
    replace(main, header,
      h('div', { class: 'review-top' },
        h('div', { class: 'toolbar' },
          studyField,
          h('div', { class: 'field' }, h('label', { for: 'review-category' }, 'Category'), categorySel),
          h('div', { class: 'field' }, h('label', { for: 'review-source' }, 'Source'), sourceSel),
          h('div', { class: 'field' }, h('label', { for: 'review-order' }, 'Order'), orderSel)),
        tagAllButton(studyId, () => load()), retrainButton()),
      h('div', { class: 'review-progress' }, progressText, progressBar),
      h('p', { class: 'small muted review-keys' }, h('kbd', null, 'a'), ' accept · ', h('kbd', null, 'r'), ' reject · ',
        h('kbd', null, 'e'), ' edit · ', h('kbd', null, 'j'), ' / ', h('kbd', null, 'k'), ' move · ', h('kbd', null, 'o'), ' open in transcript · ',
        h('kbd', null, '?'), ' all shortcuts'),
      listArea);

    let items = [];   // {tag, el, verdict}
    let selected = -1;
    let counts = { suggested: 0, accepted: 0, rejected: 0 };
    let editing = null;

    function showCounts() {
      const reviewed = counts.accepted + counts.rejected;
      const total = reviewed + counts.suggested;
      progressText.textContent = total
        ? `${number(reviewed)} of ${number(total)} reviewed · ${number(counts.accepted)} accepted · ${number(counts.rejected)} rejected · ${number(counts.suggested)} to go`
        : 'No tags yet';
      progressBar.max = Math.max(1, total);
      progressBar.value = reviewed;
    }

    function select(index, focus = true) {
      if (!items.length) return;
      selected = Math.max(0, Math.min(items.length - 1, index));
      items.forEach((item, i) => item.el.classList.toggle('selected', i === selected));
      if (focus) { items[selected].el.focus({ preventScroll: true }); items[selected].el.scrollIntoView({ block: 'nearest' }); }
    }

    function nextOpen(from) {
      for (let i = from + 1; i < items.length; ++i) if (!items[i].verdict) return i;
      return Math.min(from + 1, items.length - 1);
    }

    function itemBody(item) {
      const { tag } = item;
      const excerpt = tag.excerpt || { text: '' };
      const spans = tag.span_start !== null && tag.span_start !== undefined ? [[tag.span_start, tag.span_end]] : [];
      const who = [excerpt.speaker, tag.source?.participant_role].filter(Boolean).join(' · ') || excerpt.speaker_role;
      const sub = subfieldText(tag.subfields);
      const verdict = item.verdict
        ? h('span', { class: ['review-verdict', `verdict-${item.verdict}`], 'data-verdict': item.verdict },
          item.verdict === 'accepted' ? 'Accepted' : item.verdict === 'rejected' ? 'Rejected' : 'Edited and accepted')
        : null;
      return [
        h('div', { class: 'review-head' },
          categoryChip(tag.category, { taxonomy, status: item.verdict ? 'accepted' : 'suggested' }),
          h('span', { class: 'review-confidence', title: 'Confidence' }, `${Math.round(Number(tag.confidence) * 100)}%`),
          h('span', { class: 'badge' }, tag.origin),
          sub ? h('span', { class: 'small' }, sub) : null,
          verdict),
        h('blockquote', { class: 'quote' }, spans.length ? highlighted(excerpt.text, spans) : excerpt.text),
        h('div', { class: 'result-meta' },
          h('span', null, who),
          tag.source ? h('a', { href: excerptHref(tag.source.id, tag.excerpt_id) }, tag.source.title) : null,
          tag.source ? h('span', { class: ['badge', `badge-kind-${tag.source.kind}`] }, tag.source.kind) : null),
        tag.rationale ? h('p', { class: 'review-rationale small muted' }, 'Why: ', tag.rationale) : null,
        item.verdict ? null : h('div', { class: 'result-actions' },
          h('button', { type: 'button', class: 'button button-small', 'data-accept': '', on: { click: () => act(item, 'accept') } }, 'Accept ', h('kbd', null, 'a')),
          h('button', { type: 'button', class: 'button button-small', 'data-reject': '', on: { click: () => act(item, 'reject') } }, 'Reject ', h('kbd', null, 'r')),
          h('button', { type: 'button', class: 'button button-small button-quiet', on: { click: () => edit(item) } }, 'Edit ', h('kbd', null, 'e'))),
      ];
    }

    function draw(item) { replace(item.el, itemBody(item)); item.el.classList.toggle('reviewed', Boolean(item.verdict)); }

    async function act(item, verb) {
      if (item.verdict) return;
      try {
        const updated = await post(`/api/v1/tags/${item.tag.id}/${verb}`);
        item.tag = { ...item.tag, ...updated };
        item.verdict = updated.status;
        counts.suggested -= 1;
        counts[updated.status] += 1;
        draw(item);
        showCounts();
        const index = items.indexOf(item);
        if (index === selected) select(nextOpen(index));
      } catch (e) { toast(e.message); }
    }

    function edit(item) {
      if (item.verdict || editing) return;
      const index = items.indexOf(item);
      select(index, false);
      editing = item;
      const done = (updated) => {
        editing = null;
        if (updated) {
          item.tag = { ...item.tag, ...updated };
          item.verdict = 'edited';
          counts.suggested -= 1;
          counts.accepted += 1;
          showCounts();
          toast(`Saved as ${categoryLabel(updated.category, taxonomy)}`);
        }
        draw(item);
        select(updated ? nextOpen(index) : index);
      };
      item.el.append(tagEditor(item.tag, taxonomy, { onSave: done, onCancel: () => done(null) }));
    }

    async function load() {
      replace(listArea, h('p', { class: 'loading' }, 'Loading the queue…'));
      let page;
      try {
        page = await get('/api/v1/tags' + query({ status: 'suggested', order, category, study: studyId, source_id: sourceId, limit: PAGE }), { signal });
      } catch (e) {
        if (e.name === 'AbortError') return;
        replace(listArea);
        showError(listArea, e);
        return;
      }
      counts = page.counts;
      showCounts();
      if (!page.items.length) {
        const anyTags = counts.accepted + counts.rejected > 0;
        replace(listArea, h('div', { class: 'empty' },
          h('h2', null, anyTags ? 'Nothing left to review' : 'No suggestions yet'),
          h('p', null, anyTags
            ? 'Every suggestion here has been reviewed. Tag new evidence, or change the filters.'
            : 'Run the tagger over your evidence: it suggests goals, pain points, objections, jobs and more, each with a confidence and a reason.')));
        items = [];
        return;
      }
      items = page.items.map((tag) => {
        const item = { tag, verdict: null, el: h('li', { class: 'result review-item', tabindex: -1, dataset: { tagId: tag.id } }) };
        draw(item);
        item.el.addEventListener('click', (e) => { if (!(e.target instanceof HTMLButtonElement)) select(items.indexOf(item), false); });
        return item;
      });
      replace(listArea,
        h('p', { class: 'small muted' }, page.total > page.items.length
          ? `Showing the ${number(page.items.length)} ${order === 'uncertainty' ? 'most uncertain' : 'lowest-confidence'} of ${number(page.total)} suggestions.`
          : `${number(page.total)} suggestions.`),
        h('ol', { class: 'results review-list' }, items.map((i) => i.el)),
        page.total > page.items.length
          ? h('p', null, h('button', { type: 'button', class: 'button', on: { click: load } }, 'Load the next suggestions'))
          : null);
      select(0, false);
      items[0].el.focus({ preventScroll: true });
    }

    await load();

    return {
      onKey(event) {
        if (editing || !items.length) return false;
        const item = items[selected];
        switch (event.key) {
          case 'j': select(selected + 1); return true;
          case 'k': select(selected - 1); return true;
          case 'a': if (item) act(item, 'accept'); return true;
          case 'r': if (item) act(item, 'reject'); return true;
          case 'e': if (item) edit(item); return true;
          case 'o': if (item?.tag.source) location.hash = excerptHref(item.tag.source.id, item.tag.excerpt_id); return true;
          default: return false;
        }
      },
    };
  },
});
