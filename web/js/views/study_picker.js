// A study picker for forms: a text field that suggests the existing open
// studies and accepts a new name (the server creates it on first use).
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
