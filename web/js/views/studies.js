// #/studies — the studies that own the evidence: counts, dates, and the
// one confirmed action that deletes a study with all its sources (the
// sample study included). Archive closes a study to new files.
import { del, get, patch, post, query } from '../api.js';
import { h, number, plural, replace } from '../dom.js';
import { confirmAction, registerView, showError, toast } from '../router.js';

const SAMPLE = 'Sample: Ledgerline';

registerView({
  path: '/studies',
  nav: 'studies',
  title: 'Studies',
  async render(main, { signal }) {
    const tableArea = h('div');
    const count = h('p', { class: 'muted' });
    const name = h('input', { type: 'text', id: 'study-name', autocomplete: 'off', placeholder: 'e.g. Q3 onboarding interviews', maxlength: 200 });
    const description = h('input', { type: 'text', id: 'study-description', autocomplete: 'off', placeholder: 'optional' });
    const create = h('button', { type: 'submit', class: 'button' }, 'Create study');
    const form = h('form', { class: 'toolbar card', 'aria-label': 'New study' },
      h('div', { class: 'field' }, h('label', { for: 'study-name' }, 'New study'), name),
      h('div', { class: 'field' }, h('label', { for: 'study-description' }, 'Description'), description),
      create);

    replace(main,
      h('header', { class: 'view-header' },
        h('div', null, h('h1', null, 'Studies'), count),
        h('a', { class: 'button button-primary', href: '#/upload' }, 'Upload files')),
      h('p', { class: 'muted' }, 'Every source belongs to one study. Search, personas, tagging and the review queue can be limited to a study; deleting a study deletes its sources with their excerpts, tags and citations.'),
      tableArea, form);

    async function load() {
      let studies;
      try {
        studies = await get('/api/v1/studies', { signal });
      } catch (e) {
        if (e.name === 'AbortError') return;
        replace(tableArea);
        showError(tableArea, e);
        return;
      }
      count.textContent = plural(studies.total, 'study', 'studies');
      replace(tableArea, table(studies.items));
    }

    function table(items) {
      if (!items.length) return h('p', { class: 'muted' }, 'No studies yet: upload files or load the sample study from the Library.');
      return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'aria-label': 'Studies' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Study'), h('th', { scope: 'col' }, 'Dates'), h('th', { scope: 'col' }, 'Owner'),
          h('th', { scope: 'col', class: 'num' }, 'Sources'), h('th', { scope: 'col', class: 'num' }, 'Participants'),
          h('th', { scope: 'col', class: 'num' }, 'Excerpts'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', null, items.map((s) => h('tr', { dataset: { studyId: s.id, studyName: s.name } },
          h('td', null,
            h('a', { href: `#/library${query({ study: s.id })}` }, s.name),
            s.archived ? [' ', h('span', { class: 'badge' }, 'archived')] : null,
            s.description ? h('div', { class: 'small muted' }, s.description) : null),
          h('td', null, s.started_at || s.ended_at ? `${s.started_at}–${s.ended_at}` : ''),  // as entered: YYYY, YYYY-MM or a day
          h('td', null, s.owner),
          h('td', { class: 'num' }, number(s.sources)),
          h('td', { class: 'num' }, number(s.participants)),
          h('td', { class: 'num' }, number(s.excerpts)),
          h('td', { class: 'actions-cell' },
            h('button', {
              type: 'button', class: 'button button-small', 'aria-label': `${s.archived ? 'Unarchive' : 'Archive'} ${s.name}`,
              on: { click: () => setArchived(s, !s.archived) },
            }, s.archived ? 'Unarchive' : 'Archive'), ' ',
            h('button', {
              type: 'button', class: 'button button-small button-danger', 'aria-label': `Delete ${s.name}`, 'data-delete-study': '',
              on: { click: () => remove(s) },
            }, 'Delete')))))));
    }

    async function setArchived(study, archived) {
      try {
        await patch(`/api/v1/studies/${study.id}`, { archived });
        toast(archived ? `Archived “${study.name}”: it takes no new files` : `“${study.name}” is open again`);
        load();
      } catch (e) {
        toast(e.message);
      }
    }

    async function remove(study) {
      const what = study.name === SAMPLE ? 'the fictional sample study' : `the study “${study.name}”`;
      const ok = await confirmAction(`Delete ${study.name === SAMPLE ? 'the sample study' : 'this study'}?`,
        `Deleting ${what} deletes its ${plural(study.sources, 'source')} and ${plural(study.excerpts, 'excerpt')}, with their tags and citations, in one step. This cannot be undone.`,
        'Delete study');
      if (!ok) return;
      try {
        const gone = await del(`/api/v1/studies/${study.id}${query({ confirm: study.name })}`);
        toast(`Deleted “${study.name}”: ${plural(gone.sources, 'source')}, ${plural(gone.excerpts, 'excerpt')}`);
        load();
      } catch (e) {
        toast(e.message);
      }
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!name.value.trim()) { name.focus(); return; }
      create.disabled = true;
      try {
        const study = await post('/api/v1/studies', { name: name.value.trim(), description: description.value.trim() });
        toast(`Created “${study.name}”`);
        name.value = '';
        description.value = '';
        load();
      } catch (e) {
        toast(e.message);
      } finally {
        create.disabled = false;
      }
    });
    await load();
  },
});

