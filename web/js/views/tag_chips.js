// Tag chips and tag editing pieces shared by the review queue and the
// source view: the taxonomy (fetched once), a category chip in the
// category's colour, a row of chips for one excerpt with accept/reject on
// suggestions, the category + sub-field editor, and "Tag selection" on a
// turn (UTF-8 byte offsets of the selected span, as the API wants them).
import { get, patch, post } from '../api.js';
import { h, replace } from '../dom.js';
import { toast } from '../router.js';

let taxonomyPromise = null;
/** The taxonomy {categories:[{key,label,description,subfields}]}, fetched once. */
export function loadTaxonomy() {
  if (!taxonomyPromise) taxonomyPromise = get('/api/v1/taxonomy').catch((e) => { taxonomyPromise = null; throw e; });
  return taxonomyPromise;
}

const FALLBACK_LABELS = {
  goal: 'Goal', pain_point: 'Pain point', objection: 'Objection', job: 'Job', trigger: 'Trigger',
  decision_criterion: 'Decision criterion', tool: 'Tool', info_source: 'Info source', influencer: 'Influencer',
};
export function categoryLabel(key, taxonomy) {
  const found = taxonomy?.categories?.find((c) => c.key === key);
  return found?.label || FALLBACK_LABELS[key] || key;
}

/** A chip in the category's colour (tokens.css --cat-*). */
export function categoryChip(category, { taxonomy, status, title } = {}) {
  return h('span', { class: ['tag-chip', `tag-cat-${category}`, status ? `tag-${status}` : null], title, dataset: { category } },
    categoryLabel(category, taxonomy));
}

/** "impact: time · root cause: price" from a sub-fields object. */
export function subfieldText(subfields) {
  if (!subfields || typeof subfields !== 'object') return '';
  return Object.entries(subfields).filter(([, v]) => v !== '' && v !== null && v !== undefined)
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

/**
 * The chips of one excerpt. Rejected tags are left out; suggested ones get
 * small accept/reject buttons. onChange(updatedTag) after a review action.
 */
export function tagChips(tags, { taxonomy, onChange } = {}) {
  const row = h('div', { class: 'tag-chips', 'aria-label': 'Tags' });
  const draw = () => {
    replace(row, tags.filter((t) => t.status !== 'rejected').map((tag) => {
      const title = [subfieldText(tag.subfields), tag.rationale, `${tag.status}, ${tag.origin}, confidence ${Number(tag.confidence).toFixed(2)}`]
        .filter(Boolean).join('\n');
      const chip = categoryChip(tag.category, { taxonomy, status: tag.status, title });
      if (tag.span_start !== null && tag.span_start !== undefined) chip.append(h('span', { class: 'tag-span-mark', title: 'On a selected span' }, ' ¶'));
      if (tag.status !== 'suggested') return h('span', { class: 'tag-item', dataset: { tagId: tag.id } }, chip);
      const act = (verb) => async () => {
        try {
          const updated = await post(`/api/v1/tags/${tag.id}/${verb}`);
          Object.assign(tag, updated);
          draw();
          onChange?.(updated);
        } catch (e) { toast(e.message); }
      };
      return h('span', { class: 'tag-item', dataset: { tagId: tag.id } }, chip,
        h('button', { type: 'button', class: 'tag-act', title: 'Accept this tag', 'aria-label': `Accept ${categoryLabel(tag.category, taxonomy)}`, on: { click: act('accept') } }, '✓'),
        h('button', { type: 'button', class: 'tag-act', title: 'Reject this tag', 'aria-label': `Reject ${categoryLabel(tag.category, taxonomy)}`, on: { click: act('reject') } }, '✕'));
    }));
  };
  draw();
  return row;
}

/** A <select> of the taxonomy's categories. */
export function categorySelect(taxonomy, value, attrs = {}) {
  return h('select', attrs, taxonomy.categories.map((c) => h('option', { value: c.key, selected: c.key === value }, c.label)));
}

/**
 * Inputs for a category's sub-fields (a select for closed lists, text
 * otherwise) inside `container`; returns () => the sub-fields object.
 */
export function subfieldInputs(container, taxonomy, category, current = {}) {
  const def = taxonomy.categories.find((c) => c.key === category);
  const inputs = [];
  replace(container, (def?.subfields || []).map((field) => {
    const id = `subfield-${field.key}-${Math.random().toString(36).slice(2, 8)}`;
    const value = current && typeof current[field.key] === 'string' ? current[field.key] : '';
    const input = field.values?.length
      ? h('select', { id }, h('option', { value: '' }, '—'), field.values.map((v) => h('option', { value: v, selected: v === value }, v.replace(/_/g, ' '))))
      : h('input', { type: 'text', id, value });
    inputs.push([field.key, input]);
    return h('div', { class: 'field' }, h('label', { for: id, title: field.description || '' }, field.label || field.key), input);
  }));
  return () => Object.fromEntries(inputs.map(([k, input]) => [k, input.value.trim()]).filter(([, v]) => v));
}

/**
 * The edit form: category select + sub-fields, Save / Cancel. onSave(tag)
 * after the PATCH succeeds. Returns the form element (focuses its select).
 */
export function tagEditor(tag, taxonomy, { onSave, onCancel } = {}) {
  const select = categorySelect(taxonomy, tag.category, { 'aria-label': 'Category', 'data-edit-category': '' });
  const fields = h('div', { class: 'field-row tag-subfields' });
  let read = subfieldInputs(fields, taxonomy, tag.category, tag.subfields);
  select.addEventListener('change', () => { read = subfieldInputs(fields, taxonomy, select.value, select.value === tag.category ? tag.subfields : {}); });
  const error = h('div', { class: 'error-box', role: 'alert', hidden: true });
  const form = h('form', { class: 'tag-editor' },
    h('div', { class: 'field-row' }, h('div', { class: 'field' }, h('label', null, 'Category'), select), fields),
    error,
    h('div', { class: 'field-row' },
      h('button', { type: 'submit', class: 'button button-primary button-small' }, 'Save and accept'),
      h('button', { type: 'button', class: 'button button-small', on: { click: () => onCancel?.() } }, 'Cancel')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const updated = await patch(`/api/v1/tags/${tag.id}`, { category: select.value, subfields: read() });
      onSave?.(updated);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  });
  form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); e.preventDefault(); onCancel?.(); } });
  requestAnimationFrame(() => select.focus());
  return form;
}

/** UTF-8 byte length of a string. */
const utf8Length = (text) => new TextEncoder().encode(text).length;

/**
 * The selection inside `element` (whose text is `text`) as UTF-8 byte
 * offsets [start, end), or null when nothing in it is selected.
 */
export function selectionBytes(element) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!element.contains(range.startContainer) || !element.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(element);
  before.setEnd(range.startContainer, range.startOffset);
  const prefix = before.toString();
  const chosen = range.toString();
  if (!chosen.trim()) return null;
  const start = utf8Length(prefix);
  return { start, end: start + utf8Length(chosen), text: chosen };
}

/**
 * Adds tag chips to each turn of a source view and "Tag selection" on
 * selected text. `turns` are the turn elements (in excerpt order), each with
 * a `.quote` holding exactly the excerpt's text.
 */
export async function attachTags(source, turns, { signal } = {}) {
  let taxonomy, tags;
  try {
    [taxonomy, { items: tags }] = await Promise.all([loadTaxonomy(), get(`/api/v1/sources/${source.id}/tags`, { signal })]);
  } catch (e) {
    if (e.name !== 'AbortError') toast(`Tags could not be loaded: ${e.message}`);
    return;
  }
  const byExcerpt = new Map();
  for (const tag of tags) {
    if (!byExcerpt.has(tag.excerpt_id)) byExcerpt.set(tag.excerpt_id, []);
    byExcerpt.get(tag.excerpt_id).push(tag);
  }
  source.excerpts.forEach((excerpt, i) => {
    const turn = turns[i];
    const quote = turn?.querySelector('.quote');
    if (!quote) return;
    const list = byExcerpt.get(excerpt.id) || [];
    const holder = h('div', { class: 'turn-tags' });
    const drawChips = () => replace(holder, tagChips(list, { taxonomy }));
    drawChips();
    const tools = h('div', { class: 'tag-tools' });
    quote.after(holder, tools);
    quote.addEventListener('mouseup', () => setTimeout(() => {
      const span = selectionBytes(quote);
      if (!span) return;
      const select = categorySelect(taxonomy, 'pain_point', { 'aria-label': 'Category for the selection', 'data-selection-category': '' });
      const add = async () => {
        try {
          const tag = await post('/api/v1/tags', { excerpt_id: excerpt.id, category: select.value, span_start: span.start, span_end: span.end });
          list.push(tag);
          drawChips();
          replace(tools);
          toast(`Tagged the selection as ${categoryLabel(tag.category, taxonomy)}`);
        } catch (e) { toast(e.message); }
      };
      replace(tools, h('div', { class: 'tag-selection' },
        h('span', { class: 'small muted' }, `“${span.text.length > 60 ? span.text.slice(0, 60) + '…' : span.text}”`),
        select,
        h('button', { type: 'button', class: 'button button-small button-primary', 'data-tag-selection': '', on: { click: add } }, 'Tag selection'),
        h('button', { type: 'button', class: 'button button-small button-quiet', on: { click: () => replace(tools) } }, 'Cancel')));
    }, 0));
  });
}
