// #/persona/:id/review — the reviewer's page: every attribute with each
// citation shown in context (the excerpt and the turns around it), verdict
// buttons "supports" / "does not support" with an optional note, progress
// ("14 of 37 citations checked") and "edited since review" marks.
// Keyboard: s supports, d does not support, n note, j/k move.
import { get, post } from '../api.js';
import { date, h, replace } from '../dom.js';
import { registerView, showError, toast } from '../router.js';
import { excerptHref } from './common.js';
import { citationWho, excerptContext, flagBadge, verifiedBadge } from './persona.js';

const VERDICT_LABELS = { unreviewed: 'not checked yet', supports: 'supports', does_not_support: 'does not support' };

registerView({
  path: '/persona/:id/review',
  nav: 'personas',
  title: 'Review persona',
  shortcuts: [['j', 'Next citation'], ['k', 'Previous citation'], ['s', 'The citation supports the attribute'],
    ['d', 'The citation does not support the attribute'], ['n', 'Write a note for the selected citation']],
  async render(main, { params, signal }) {
    const id = params.id;
    let view;
    try {
      view = await get(`/api/v1/personas/${id}`, { signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(main, h('p', null, h('a', { href: '#/personas' }, '← All personas')));
      showError(main, e);
      return {};
    }
    const p = view.persona;
    document.title = `Review ${p.name} — Grounded`;
    const progressText = h('span', { 'data-review-progress': '' }, view.progress.summary);
    const progressBar = h('progress', { max: Math.max(1, view.progress.citations_total), value: view.progress.citations_checked, 'aria-label': 'Citations checked' });
    const verifiedState = h('span', { 'data-persona-verified': view.progress.verified ? 'yes' : 'no' }, view.progress.verified ? verifiedBadge() : null);
    const cards = [];  // {el, citation, attribute, refresh}
    let selected = -1;

    const setProgress = (progress) => {
      progressText.textContent = progress.summary;
      progressBar.max = Math.max(1, progress.citations_total);
      progressBar.value = progress.citations_checked;
      replace(verifiedState, progress.verified ? verifiedBadge() : null);
      verifiedState.dataset.personaVerified = progress.verified ? 'yes' : 'no';
    };

    const select = (index, scroll = true) => {
      if (!cards.length) return;
      selected = Math.max(0, Math.min(cards.length - 1, index));
      cards.forEach((c, i) => { c.el.classList.toggle('selected', i === selected); c.el.setAttribute('aria-current', i === selected ? 'true' : 'false'); });
      if (scroll) cards[selected].el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    };

    const verdict = async (card, value) => {
      const note = card.noteInput.value.trim();
      try {
        const out = await post(`/api/v1/personas/${id}/citations/${card.citation.id}/verdict`, { verdict: value, note });
        card.citation.verdict = out.citation.verdict;
        card.citation.reviewer = out.citation.reviewer;
        card.citation.reviewed_at = out.citation.reviewed_at;
        card.citation.note = out.citation.note;
        card.refresh();
        setProgress(out.progress);
        toast(`Marked “${VERDICT_LABELS[value]}”`);
      } catch (e) { toast(e.message); }
    };

    const citationCard = (a, c, index) => {
      const noteInput = h('input', { type: 'text', class: 'note-input', maxlength: 4000, placeholder: 'Optional note (why)', 'aria-label': 'Note', value: c.note || '' });
      noteInput.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === 'Escape') { e.preventDefault(); noteInput.blur(); } });
      const status = h('p', { class: 'verdict-status small' });
      const contextArea = h('div', { class: 'citation-context' }, h('p', { class: 'quote' }, c.excerpt.text));
      const card = { citation: c, attribute: a, noteInput };
      const supports = h('button', { type: 'button', class: 'button button-small', 'data-verdict': 'supports', 'aria-keyshortcuts': 's',
        on: { click: () => { select(cards.indexOf(card), false); verdict(card, 'supports'); } } }, 'Supports', h('kbd', null, 's'));
      const against = h('button', { type: 'button', class: 'button button-small', 'data-verdict': 'does_not_support', 'aria-keyshortcuts': 'd',
        on: { click: () => { select(cards.indexOf(card), false); verdict(card, 'does_not_support'); } } }, 'Does not support', h('kbd', null, 'd'));
      const el = h('li', { class: 'citation-card', 'data-citation-id': c.id, tabindex: -1 },
        h('p', { class: 'small muted' }, `[${index + 1}] `, citationWho(c), ' · ', h('a', { href: excerptHref(c.source.id, c.excerpt_id) }, c.source.title),
          c.source.occurred_at ? ` · ${date(c.source.occurred_at)}` : '', ` · ${c.source.kind}`, c.origin === 'suggested_tag' ? ' · from a suggested tag' : ''),
        contextArea,
        h('div', { class: 'verdict-row' }, supports, against, noteInput), status);
      card.el = el;
      card.refresh = () => {
        el.dataset.verdict = c.verdict;
        supports.setAttribute('aria-pressed', c.verdict === 'supports' ? 'true' : 'false');
        against.setAttribute('aria-pressed', c.verdict === 'does_not_support' ? 'true' : 'false');
        status.textContent = c.verdict === 'unreviewed' ? 'Not checked yet'
          : `${VERDICT_LABELS[c.verdict]} — ${c.reviewer || 'reviewer'}${c.reviewed_at ? `, ${date(c.reviewed_at)}` : ''}${c.note ? ` · “${c.note}”` : ''}`;
      };
      card.refresh();
      el.addEventListener('click', (e) => { if (!e.target.closest('button, input, a')) select(cards.indexOf(card), false); });
      cards.push(card);
      // The turns around the excerpt, loaded lazily in order.
      card.loadContext = async () => {
        try { replace(contextArea, await excerptContext(c.excerpt_id, signal, 2, { header: false })); } catch (e) { if (e.name !== 'AbortError') contextArea.append(h('p', { class: 'small muted' }, e.message)); }
      };
      return el;
    };

    const evidenceAttributes = view.attributes.filter((a) => a.basis === 'evidence');
    const list = h('ol', { class: 'review-attributes' }, evidenceAttributes.map((a) => h('li', { class: ['review-attribute', ...a.flags.map((f) => `has-flag-${f}`)], 'data-attribute-id': a.id },
      h('h2', { class: 'review-attribute-head' }, h('span', { class: 'small muted section-label' }, a.section_title), h('span', { class: 'attribute-text' }, a.text)),
      h('div', { class: 'attribute-meta' }, a.verified ? verifiedBadge() : null, a.flags.map(flagBadge),
        a.flags.includes('edited_since_review') ? h('span', { class: 'small', 'data-edited-since-review': '' }, 'The text changed after its citations were checked: check again.') : null),
      a.citations.length ? h('ul', { class: 'citation-cards' }, a.citations.map((c, i) => citationCard(a, c, i)))
        : h('p', { class: 'muted' }, 'No citations — opinion-based. Attach evidence from the persona page.'))));

    replace(main,
      h('p', { class: 'small' }, h('a', { href: `#/persona/${id}` }, `← ${p.name}`)),
      h('header', { class: 'view-header' }, h('h1', null, `Review: ${p.name}`),
        h('p', null, 'Check that each cited excerpt really says what the attribute claims. ', h('kbd', null, 'j'), '/', h('kbd', null, 'k'), ' move, ',
          h('kbd', null, 's'), ' supports, ', h('kbd', null, 'd'), ' does not support, ', h('kbd', null, 'n'), ' note, ', h('kbd', null, '?'), ' all shortcuts.'),
        h('div', { class: 'progress-line' }, progressBar, progressText, verifiedState)),
      evidenceAttributes.length ? list : h('div', { class: 'empty' }, h('h2', null, 'Nothing to review yet'),
        h('p', null, 'Draft the persona from evidence first: its attributes and their citations appear here.'),
        h('a', { class: 'button', href: `#/persona/${id}` }, 'Open the persona')));
    if (cards.length) select(0, false);
    (async () => { for (const card of cards) { if (signal.aborted) return; await card.loadContext(); } })();

    return {
      onKey(event) {
        if (event.ctrlKey || event.metaKey || event.altKey) return false;
        const card = cards[selected];
        switch (event.key) {
          case 'j': select(selected + 1); return true;
          case 'k': select(selected - 1); return true;
          case 's': if (card) verdict(card, 'supports'); return Boolean(card);
          case 'd': if (card) verdict(card, 'does_not_support'); return Boolean(card);
          case 'n': if (card) card.noteInput.focus(); return Boolean(card);
          default: return false;
        }
      },
    };
  },
});
