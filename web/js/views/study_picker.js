// Choosing a study: a picker for forms (a text field that suggests the
// existing open studies and accepts a new name, which the server creates on
// first use) and a filter for pages scoped to one study.
import { get } from '../api.js';
import { h } from '../dom.js';

/** [field element, input element]; the input's value is the study name ('' = Unsorted). */
export function studyPicker(id, label = 'Study') {
  const listId = `${id}-list`;
  const options = h('datalist', { id: listId });
  const input = h('input', {
    type: 'text', id, name: 'study', list: listId, autocomplete: 'off', maxlength: 200,
    placeholder: 'an existing study or a new name', 'data-study-picker': '',
  });
  get('/api/v1/studies?archived=0')
    .then((studies) => options.replaceChildren(...studies.items.map((s) => h('option', { value: s.name }))))
    .catch(() => {});  // suggestions only: typing a name still works
  const field = h('div', { class: 'field' }, h('label', { for: id }, label), input, options,
    h('span', { class: 'small muted' }, 'None: “Unsorted”'));
  return [field, input];
}

/**
 * [field, select] choosing a study to filter by (value: its id, '' = all).
 * Filled from /api/v1/studies; hidden when there is only one study or none,
 * unless `always` (a page that works on one chosen study).
 */
export function studyFilter(id, selected, { signal, label = 'Study', all = 'All studies', always = false } = {}) {
  const select = h('select', { id, 'data-study-filter': '' }, h('option', { value: '' }, all));
  const field = h('div', { class: 'field', hidden: !always }, h('label', { for: id }, label), select);
  get('/api/v1/studies', { signal }).then(({ items }) => {
    select.append(...items.map((s) => h('option', { value: s.id, selected: String(s.id) === selected }, s.name)));
    field.hidden = !always && items.length < 2 && !selected;
  }).catch(() => {});  // a filter, not the page: the list stands without it
  return [field, select];
}
