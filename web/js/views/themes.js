// #/themes?category=…&status=… — the theme board, like an affinity map:
// one column per category, one card per theme with its name, claim,
// participant and excerpt counts. Rename, edit the claim, merge (drag a card
// onto another, or "m" / "Merge into…"), split and move excerpts (in the
// evidence list), confirm, dismiss. Every action goes to /api/v1/themes and
// is in the audit log there. Keyboard: j/k select a card, n rename, e edit
// claim, m merge, c confirm, x dismiss, Enter/o show the evidence.
import { get, patch, post, query } from '../api.js';
import { h, number, plural, replace } from '../dom.js';
import { confirmAction, navigate, registerView, showError, toast } from '../router.js';
import { excerptHref, sampleStudyLoader } from './common.js';
import { categoryChip, categoryLabel, loadTaxonomy } from './tag_chips.js';

const STATUSES = [['', 'Proposed and confirmed'], ['proposed', 'Proposed'], ['confirmed', 'Confirmed'], ['dismissed', 'Dismissed'], ['all', 'All, with dismissed']];

function statusBadge(status) {
  return h('span', { class: ['badge', `theme-status-${status}`], 'data-theme-status': status }, status);
}

/** An inline text editor: Enter saves, Escape cancels. */
function inlineEditor({ label, value, multiline = false, onSave, onCancel }) {
  const input = multiline
    ? h('textarea', { 'aria-label': label, rows: 3, 'data-theme-input': '' })
    : h('input', { type: 'text', 'aria-label': label, 'data-theme-input': '' });
  input.value = value || '';
  const save = h('button', { type: 'button', class: 'button button-primary button-small', 'data-theme-save': '' }, 'Save');
  const cancel = h('button', { type: 'button', class: 'button button-small' }, 'Cancel');
  const submit = () => { const text = input.value.trim(); if (text) onSave(text); else input.focus(); };
  save.addEventListener('click', submit);
  cancel.addEventListener('click', onCancel);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (!multiline || !e.shiftKey)) { e.preventDefault(); submit(); }
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); onCancel(); }
  });
  const box = h('div', { class: 'theme-editor' }, input, h('div', { class: 'actions' }, save, cancel));
  setTimeout(() => { input.focus(); input.select?.(); }, 0);
  return box;
}

registerView({
  path: '/themes',
  nav: 'themes',
  title: 'Themes',
  shortcuts: [['j', 'Next theme'], ['k', 'Previous theme'], ['Enter', 'Show or hide its evidence'], ['n', 'Rename it'],
    ['e', 'Edit its claim'], ['m', 'Merge it into another theme'], ['c', 'Confirm it'], ['x', 'Dismiss it']],
  async render(main, { query: params, signal }) {
    const category = params.get('category') || '';
    const status = params.get('status') || '';
    const [taxonomy, stats] = await Promise.all([loadTaxonomy(), get('/api/v1/stats', { signal })]);
    const go = (changes) => navigate('/themes', Object.fromEntries(Object.entries({ category, status, ...changes }).filter(([, v]) => v)));

    const header = h('header', { class: 'view-header' },
      h('div', null, h('h1', null, 'Themes'),
        h('p', { class: 'muted small' }, 'Tags grouped by what their evidence says. Rename a theme, re-word its claim, merge, split and move excerpts until each theme holds one finding; confirmed themes feed persona drafts. Proposing again keeps everything you changed.')));
    if (!stats.excerpts) {
      replace(main, header, h('section', { class: 'empty' }, h('h2', null, 'No evidence yet'),
        h('p', null, 'Load the sample study or upload transcripts, tag them, then propose themes here.'),
        h('div', { class: 'actions' }, sampleStudyLoader(() => go({})), h('a', { class: 'button', href: '#/upload' }, 'Upload files'))));
      return {};
    }

    const categorySel = h('select', { id: 'themes-category', 'data-filter-category': '' }, h('option', { value: '' }, 'All categories'),
      taxonomy.categories.map((c) => h('option', { value: c.key, selected: c.key === category }, c.label)));
    const statusSel = h('select', { id: 'themes-status', 'data-filter-status': '' },
      STATUSES.map(([value, label]) => h('option', { value, selected: value === status }, label)));
    categorySel.addEventListener('change', () => go({ category: categorySel.value }));
    statusSel.addEventListener('change', () => go({ status: statusSel.value }));
    const suggested = h('input', { type: 'checkbox', id: 'themes-suggested' });
    const proposeButton = h('button', { type: 'button', class: 'button button-primary', 'data-propose': '' }, 'Propose themes');
    const proposeStatus = h('p', { class: 'small muted', 'data-propose-status': '', 'aria-live': 'polite' });
    const board = h('section', { class: 'theme-board', 'aria-label': 'Theme board' });
    replace(main, header,
      h('div', { class: 'toolbar theme-toolbar' },
        h('div', { class: 'field' }, h('label', { for: 'themes-category' }, 'Category'), categorySel),
        h('div', { class: 'field' }, h('label', { for: 'themes-status' }, 'Status'), statusSel),
        h('label', { class: 'check-inline small' }, suggested, ' include confident suggestions'),
        proposeButton),
      proposeStatus,
      h('p', { class: 'small muted review-keys' }, 'Drag a card onto another to merge them. ', h('kbd', null, 'j'), ' / ', h('kbd', null, 'k'), ' select · ',
        h('kbd', null, 'Enter'), ' evidence · ', h('kbd', null, 'n'), ' rename · ', h('kbd', null, 'e'), ' claim · ', h('kbd', null, 'm'), ' merge · ',
        h('kbd', null, 'c'), ' confirm · ', h('kbd', null, 'x'), ' dismiss · ', h('kbd', null, '?'), ' all shortcuts'),
      board);

    let themes = [];   // as listed
    let cards = [];    // {theme, el}
    let selected = -1;
    const open = new Set();  // theme ids whose evidence is shown

    proposeButton.addEventListener('click', async () => {
      proposeButton.disabled = true;
      delete proposeStatus.dataset.done;
      proposeStatus.textContent = 'Grouping tags by what their evidence says…';
      try {
        const r = await post('/api/v1/themes/propose', { include_suggested: suggested.checked, ...(category ? { categories: [category] } : {}) });
        proposeStatus.textContent = `Read ${number(r.tags_read)} tags: ${number(r.themes_created)} new themes, ${number(r.themes_updated)} updated, ` +
          `${number(r.themes_removed)} removed; ${number(r.unthemed)} without a phrase to group by, ${number(r.no_evidence)} only questions or filler.`;
        proposeStatus.dataset.done = '';
        await load();
      } catch (e) {
        proposeStatus.textContent = '';
        showError(proposeStatus, e);
      } finally {
        proposeButton.disabled = false;
      }
    });

    const sameCategory = (theme) => themes.filter((t) => t.category === theme.category && t.id !== theme.id && t.status !== 'dismissed');

    async function act(promise, message) {
      try {
        const result = await promise;
        if (message) toast(message);
        await load();
        return result;
      } catch (e) {
        toast(e.message);
        return null;
      }
    }

    async function merge(from, into) {
      if (!(await confirmAction(`Merge “${from.name}” into “${into.name}”?`,
        `Its ${plural(from.excerpts, 'excerpt')} join “${into.name}”, and “${from.name}” is not proposed again.`, 'Merge'))) return;
      await act(post(`/api/v1/themes/${into.id}/merge`, { from: from.id }), `Merged into “${into.name}”`);
    }

    function mergePicker(card) {
      const others = sameCategory(card.theme);
      if (!others.length) { toast('No other theme of this category to merge into'); return; }
      const select = h('select', { 'aria-label': 'Merge into', 'data-merge-target': '' },
        others.map((t) => h('option', { value: String(t.id) }, `${t.name} (${plural(t.excerpts, 'excerpt')})`)));
      const ok = h('button', { type: 'button', class: 'button button-primary button-small', 'data-merge-ok': '' }, 'Merge');
      const cancel = h('button', { type: 'button', class: 'button button-small' }, 'Cancel');
      const box = h('div', { class: 'theme-editor', 'data-merge-picker': '' }, h('label', { class: 'small' }, 'Merge into ', select), h('div', { class: 'actions' }, ok, cancel));
      ok.addEventListener('click', () => merge(card.theme, others.find((t) => String(t.id) === select.value)));
      cancel.addEventListener('click', () => { box.remove(); card.el.focus(); });
      select.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { e.preventDefault(); ok.click(); }
        if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel.click(); }
      });
      card.el.querySelector('[data-merge-picker]')?.remove();
      card.el.append(box);
      select.focus();
    }

    function rename(card) {
      const title = card.el.querySelector('.theme-name');
      const editor = inlineEditor({ label: 'Theme name', value: card.theme.name,
        onSave: (name) => act(patch(`/api/v1/themes/${card.theme.id}`, { name }), 'Renamed'),
        onCancel: () => { editor.replaceWith(title); card.el.focus(); } });
      title.replaceWith(editor);
    }

    function editClaim(card) {
      const claim = card.el.querySelector('.theme-claim');
      const editor = inlineEditor({ label: 'Claim', value: card.theme.claim, multiline: true,
        onSave: (text) => act(patch(`/api/v1/themes/${card.theme.id}`, { claim: text }), 'Claim saved'),
        onCancel: () => { editor.replaceWith(claim); card.el.focus(); } });
      claim.replaceWith(editor);
    }

    const setStatus = (card, verb) => act(post(`/api/v1/themes/${card.theme.id}/${verb}`), verb === 'confirm' ? `Confirmed “${card.theme.name}”` : `Dismissed “${card.theme.name}”`);

    async function evidence(card, area) {
      replace(area, h('p', { class: 'small muted' }, 'Loading the evidence…'));
      let full;
      try { full = await get(`/api/v1/themes/${card.theme.id}`, { signal }); } catch (e) { replace(area); showError(area, e); return; }
      const others = sameCategory(card.theme);
      const checks = [];
      const rows = (full.members || []).map((m) => {
        const check = h('input', { type: 'checkbox', 'aria-label': `Select excerpt ${m.excerpt_id} to split off`, value: String(m.tag_id), 'data-split-check': '' });
        checks.push(check);
        const move = h('select', { 'aria-label': 'Move this excerpt to', 'data-move-target': '' }, h('option', { value: '' }, 'Move to…'),
          others.map((t) => h('option', { value: String(t.id) }, t.name)));
        move.addEventListener('change', () => {
          // Out of this theme only: the other themes the excerpt backs keep it.
          if (move.value) act(post(`/api/v1/themes/${move.value}/members`, { tag_id: m.tag_id, from_theme: card.theme.id }), 'Excerpt moved');
        });
        const row = h('li', { class: 'theme-member', draggable: 'true', dataset: { tagId: String(m.tag_id) } },
          h('label', { class: 'theme-member-check' }, check),
          h('div', null,
            h('blockquote', { class: 'quote' }, m.evidence),
            h('div', { class: 'result-meta small' },
              h('span', null, m.participant_label || 'Unknown participant'),
              h('a', { href: excerptHref(m.source_id, m.excerpt_id) }, m.source_title),
              m.origin === 'manual' ? h('span', { class: 'badge' }, 'placed by hand') : null,
              others.length ? move : null)));
        row.addEventListener('dragstart', (e) => {
          e.stopPropagation();
          e.dataTransfer.setData('application/x-grounded-tag', JSON.stringify({ tag: m.tag_id, category: card.theme.category, theme: card.theme.id }));
        });
        return row;
      });
      const splitName = h('input', { type: 'text', 'aria-label': 'Name of the new theme', placeholder: 'Name of the new theme', 'data-split-name': '' });
      const splitButton = h('button', { type: 'button', class: 'button button-small', 'data-split': '' }, 'Split selected into a new theme');
      splitButton.addEventListener('click', () => {
        const tagIds = checks.filter((c) => c.checked).map((c) => Number(c.value));
        if (!tagIds.length) { toast('Select the excerpts to split off first'); return; }
        act(post(`/api/v1/themes/${card.theme.id}/split`, { tag_ids: tagIds, name: splitName.value.trim() }), 'Split into a new theme');
      });
      replace(area, h('ul', { class: 'theme-members', 'aria-label': `Evidence of ${card.theme.name}` }, rows),
        rows.length > 1 ? h('div', { class: 'theme-split' }, splitName, splitButton) : null);
    }

    function cardFor(theme) {
      const evidenceArea = h('div', { class: 'theme-evidence', hidden: !open.has(theme.id) });
      const toggle = h('button', { type: 'button', class: 'button button-quiet button-small', 'aria-expanded': String(open.has(theme.id)), 'data-evidence-toggle': '' },
        open.has(theme.id) ? 'Hide evidence' : `Show ${plural(theme.excerpts, 'excerpt')}`);
      const el = h('article', {
        class: ['theme-card', `theme-${theme.status}`, `tag-cat-border-${theme.category}`], tabindex: '0', draggable: 'true',
        'aria-label': `${theme.name}, ${theme.status}, ${plural(theme.participants, 'participant')}`, dataset: { themeId: String(theme.id) },
      },
      h('div', { class: 'theme-card-head' }, h('h3', { class: 'theme-name' }, theme.name), statusBadge(theme.status)),
      h('p', { class: 'theme-claim' }, theme.claim || h('span', { class: 'muted' }, 'No claim yet')),
      h('p', { class: 'theme-counts small muted', 'data-theme-counts': '' },
        `${plural(theme.participants, 'participant')} · ${plural(theme.excerpts, 'excerpt')}`),
      h('div', { class: 'theme-actions' },
        toggle,
        h('button', { type: 'button', class: 'button button-small', 'data-rename': '' }, 'Rename'),
        h('button', { type: 'button', class: 'button button-small', 'data-claim': '' }, 'Edit claim'),
        h('button', { type: 'button', class: 'button button-small', 'data-merge': '' }, 'Merge into…'),
        theme.status !== 'confirmed' ? h('button', { type: 'button', class: 'button button-small', 'data-confirm': '' }, 'Confirm') : null,
        theme.status !== 'dismissed' ? h('button', { type: 'button', class: 'button button-small button-quiet', 'data-dismiss': '' }, 'Dismiss') : null),
      evidenceArea);
      const card = { theme, el };
      const showEvidence = () => {
        const shown = evidenceArea.hidden;
        evidenceArea.hidden = !shown;
        toggle.setAttribute('aria-expanded', String(shown));
        toggle.textContent = shown ? 'Hide evidence' : `Show ${plural(theme.excerpts, 'excerpt')}`;
        if (shown) { open.add(theme.id); evidence(card, evidenceArea); } else open.delete(theme.id);
      };
      card.showEvidence = showEvidence;
      toggle.addEventListener('click', showEvidence);
      el.querySelector('[data-rename]').addEventListener('click', () => rename(card));
      el.querySelector('[data-claim]').addEventListener('click', () => editClaim(card));
      el.querySelector('[data-merge]').addEventListener('click', () => mergePicker(card));
      el.querySelector('[data-confirm]')?.addEventListener('click', () => setStatus(card, 'confirm'));
      el.querySelector('[data-dismiss]')?.addEventListener('click', () => setStatus(card, 'dismiss'));
      el.addEventListener('focus', () => { selected = cards.indexOf(card); cards.forEach((c, i) => c.el.classList.toggle('selected', i === selected)); });
      // Drag a card onto another to merge; drag an excerpt onto a card to move it.
      el.addEventListener('dragstart', (e) => {
        e.dataTransfer.setData('application/x-grounded-theme', String(theme.id));
        e.dataTransfer.effectAllowed = 'move';
        el.classList.add('dragging');
      });
      el.addEventListener('dragend', () => el.classList.remove('dragging'));
      el.addEventListener('dragover', (e) => {
        const types = [...e.dataTransfer.types];
        if (types.includes('application/x-grounded-theme') || types.includes('application/x-grounded-tag')) { e.preventDefault(); el.classList.add('drop-target'); }
      });
      el.addEventListener('dragleave', () => el.classList.remove('drop-target'));
      el.addEventListener('drop', (e) => {
        e.preventDefault();
        el.classList.remove('drop-target');
        const themeId = e.dataTransfer.getData('application/x-grounded-theme');
        const tag = e.dataTransfer.getData('application/x-grounded-tag');
        if (tag) {
          const { tag: tagId, category: from, theme: source } = JSON.parse(tag);
          if (from !== theme.category) { toast(`Only ${categoryLabel(theme.category, taxonomy).toLowerCase()} excerpts can move here`); return; }
          if (source === theme.id) return;
          act(post(`/api/v1/themes/${theme.id}/members`, source ? { tag_id: tagId, from_theme: source } : { tag_id: tagId }), 'Excerpt moved');
        } else if (themeId && Number(themeId) !== theme.id) {
          const from = themes.find((t) => t.id === Number(themeId));
          if (!from) return;
          if (from.category !== theme.category) { toast('Only themes of one category can merge'); return; }
          merge(from, theme);
        }
      });
      return card;
    }

    async function load() {
      let listed;
      try {
        listed = await get(`/api/v1/themes${query({ category, status: status === 'all' ? '' : status })}`, { signal });
      } catch (e) { replace(board); showError(board, e); return; }
      themes = listed.items.filter((t) => status || t.status !== 'dismissed');
      const keep = cards[selected]?.theme.id;
      cards = [];
      if (!themes.length) {
        replace(board, h('div', { class: 'empty-section' }, h('h2', null, listed.items.length ? 'No themes with this status' : 'No themes yet'),
          h('p', null, 'Accept tags in Review (or include confident suggestions), then propose themes: tags whose evidence says the same thing are grouped and named.')));
        return;
      }
      const columns = [];
      for (const c of taxonomy.categories) {
        const mine = themes.filter((t) => t.category === c.key);
        if (!mine.length) continue;
        const made = mine.map(cardFor);
        cards.push(...made);
        const excerpts = mine.reduce((n, t) => n + t.excerpts, 0);
        columns.push(h('section', { class: 'theme-column', 'aria-label': `${c.label} themes`, dataset: { category: c.key } },
          h('header', { class: 'theme-column-head' }, categoryChip(c.key, { taxonomy }),
            h('span', { class: 'small muted' }, `${plural(mine.length, 'theme')} · ${plural(excerpts, 'excerpt')}`)),
          made.map((card) => card.el)));
      }
      board.classList.toggle('single', columns.length === 1);
      replace(board, columns);
      for (const card of cards) if (open.has(card.theme.id)) evidence(card, card.el.querySelector('.theme-evidence'));
      const again = cards.findIndex((c) => c.theme.id === keep);
      selected = again >= 0 ? again : -1;
      if (selected >= 0) { cards[selected].el.classList.add('selected'); cards[selected].el.focus({ preventScroll: true }); }
    }

    await load();

    return {
      onKey(event) {
        if (!cards.length) return false;
        const card = cards[selected];
        switch (event.key) {
          case 'j': case 'k': {
            const next = selected < 0 ? 0 : Math.max(0, Math.min(cards.length - 1, selected + (event.key === 'j' ? 1 : -1)));
            cards[next].el.focus();
            cards[next].el.scrollIntoView({ block: 'nearest' });
            return true;
          }
          case 'Enter': case 'o': if (card && document.activeElement === card.el) { card.showEvidence(); return true; } return false;
          case 'n': if (card) { rename(card); return true; } return false;
          case 'e': if (card) { editClaim(card); return true; } return false;
          case 'm': if (card) { mergePicker(card); return true; } return false;
          case 'c': if (card && card.theme.status !== 'confirmed') { setStatus(card, 'confirm'); return true; } return false;
          case 'x': if (card && card.theme.status !== 'dismissed') { setStatus(card, 'dismiss'); return true; } return false;
          default: return false;
        }
      },
    };
  },
});
