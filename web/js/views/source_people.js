// "Who is speaking" on the source view: change the source's participant
// (pick one or type a new name) and the role of each speaker label in this
// source (interviewer / participant / agent / customer). Opens in the side
// panel; the server audits each change.
import { get, put } from '../api.js';
import { h, plural, replace } from '../dom.js';
import { panel, render, toast } from '../router.js';

const ROLES = ['participant', 'interviewer', 'customer', 'agent'];

function speakers(source) {
  const bySpeaker = new Map();
  for (const e of source.excerpts) {
    const entry = bySpeaker.get(e.speaker) || { speaker: e.speaker, roles: new Map(), count: 0 };
    entry.count += 1;
    entry.roles.set(e.speaker_role, (entry.roles.get(e.speaker_role) || 0) + 1);
    bySpeaker.set(e.speaker, entry);
  }
  return [...bySpeaker.values()].map((s) => ({ ...s, role: [...s.roles.entries()].sort((a, b) => b[1] - a[1])[0][0] }));
}

async function openEditor(source, { signal }) {
  const { items: people } = await get('/api/v1/participants', { signal });
  const error = h('div', { role: 'alert' });
  const who = h('input', {
    type: 'text', id: 'source-participant', list: 'source-participants', autocomplete: 'off',
    value: source.participant_label || '', placeholder: 'a participant, or a new name',
  });
  const options = h('datalist', { id: 'source-participants' }, people.map((p) => h('option', { value: p.label }, p.role || '')));
  const save = h('button', { type: 'submit', class: 'button button-primary', 'data-save-source-participant': '' }, 'Save');
  const form = h('form', { class: 'stack' },
    h('div', { class: 'field' }, h('label', { for: 'source-participant' }, 'Participant'), who), options,
    h('p', { class: 'small muted' }, 'Pick someone already in the repository or type a new name; leave it empty for nobody. Their turns in this source move with it.'),
    error, h('div', { class: 'field-row' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(error);
    const name = who.value.trim();
    const existing = people.find((p) => p.label === name);
    const body = !name ? { participant_id: null } : existing ? { participant_id: existing.id } : { label: name };
    try {
      const result = await put(`/api/v1/sources/${source.id}/participant`, body);
      toast(result.participant ? `Attributed to ${result.participant.label}` : 'This source has no participant now');
      panel.close();
      render();
    } catch (e) {
      error.append(h('div', { class: 'error-box' }, e.message));
    }
  });

  const rows = speakers(source).map((s) => {
    const select = h('select', { 'aria-label': `Role of ${s.speaker || 'unnamed speaker'}`, dataset: { speaker: s.speaker } },
      ROLES.map((r) => h('option', { value: r, selected: r === s.role }, r)),
      ROLES.includes(s.role) ? null : h('option', { value: s.role, selected: true, disabled: true }, s.role));
    select.addEventListener('change', async () => {
      try {
        const result = await put(`/api/v1/sources/${source.id}/speaker-role`, { speaker: s.speaker, role: select.value });
        toast(`${s.speaker || 'Unnamed speaker'} is now ${result.role} (${plural(result.excerpts, 'turn')})`);
        render();
      } catch (e) {
        toast(e.message);
      }
    });
    return h('tr', null, h('td', null, s.speaker || h('span', { class: 'muted' }, '(unnamed)')), h('td', { class: 'num' }, String(s.count)), h('td', null, select));
  });

  panel.open('Who is speaking', form,
    h('h3', null, 'Speaker roles in this source'),
    h('p', { class: 'small muted' }, 'Participant and customer turns count as the participant’s words; interviewer and agent turns do not.'),
    h('table', { class: 'data', 'aria-label': 'Speakers' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Speaker'), h('th', { scope: 'col', class: 'num' }, 'Turns'), h('th', { scope: 'col' }, 'Role'))),
      h('tbody', null, rows)));
  who.focus();
}

/** A "Who is speaking…" button for the source header. */
export function peopleButton(source, { signal }) {
  return h('button', {
    type: 'button', class: 'button button-small', 'data-edit-speakers': '',
    on: { click: () => openEditor(source, { signal }).catch((e) => { if (e.name !== 'AbortError') toast(e.message); }) },
  }, 'Who is speaking…');
}
