// #/upload — drop several files or a folder, say who each file is in the
// per-file table (upload_table.js), and watch each file upload (XHR
// progress) and then get processed (job polling), ending with a result per
// file that says who it was attributed to.
//
// Files go up one at a time, one request each (?async=1), so every file has
// its own progress bar and result and a 200 MB file never blocks the page.
import { uploadForm, waitForJob } from '../api.js';
import { bytes, h, number, plural, replace } from '../dom.js';
import { registerView } from '../router.js';
import { attributionLine, uploadTable } from './upload_table.js';
import { studyPicker } from './study_picker.js';

const SKIP = /(^|\/)(\.|__MACOSX\/|Thumbs\.db$|desktop\.ini$)/;

// The kinds of personal data the server redacts (src/ingest/redact.hpp),
// each its own checkbox so a study can keep, say, addresses it needs.
const PII_KINDS = [
  ['email', 'E-mail addresses'], ['phone', 'Phone numbers'], ['card', 'Card numbers'], ['iban', 'IBANs'],
  ['national_id', 'SSNs and NI numbers'], ['account', 'Bank account and passport numbers'], ['address', 'Street addresses'],
  ['dob', 'Dates of birth'], ['secret_url', 'Links carrying tokens'], ['api_key', 'API keys and passwords'],
];

// The "Personal data" fieldset: redaction on by default (all kinds),
// pseudonyms off. fields() gives the upload's redact and pseudonymize values.
function personalDataFields() {
  const check = (id, label, checked, attrs = {}) => {
    const input = h('input', { type: 'checkbox', id, checked, ...attrs });
    return [h('label', { class: 'check', for: id }, input, label), input];
  };
  const [redactLabel, redact] = check('upload-redact', 'Redact personal data as it is stored', true, { 'data-redact': '' });
  const kinds = PII_KINDS.map(([kind, label]) => check(`upload-redact-${kind}`, label, true, { 'data-redact-kind': kind }));
  const [pseudoLabel, pseudonymize] = check('upload-pseudonymize', 'Replace people\'s names with pseudonyms (P1, I1, A1 …)', false,
    { 'data-pseudonymize': '' });
  const kindGroup = h('fieldset', { class: 'check-group' }, h('legend', null, 'Which kinds'), kinds.map(([label]) => label));
  redact.addEventListener('change', () => { for (const [, box] of kinds) box.disabled = !redact.checked; });
  const element = h('fieldset', { class: 'card toolbar' }, h('legend', null, 'Personal data'),
    h('div', { class: 'field' }, redactLabel, h('details', null, h('summary', { class: 'small' }, 'Kinds redacted'), kindGroup)),
    h('div', { class: 'field' }, pseudoLabel));
  return {
    element,
    fields() {
      const chosen = kinds.filter(([, box]) => box.checked).map(([, box]) => box.dataset.redactKind);
      const value = !redact.checked || chosen.length === 0 ? 'none' : chosen.length === kinds.length ? 'all' : chosen.join(',');
      return { redact: value, pseudonymize: pseudonymize.checked ? 'true' : 'false' };
    },
  };
}

registerView({
  path: '/upload',
  nav: 'upload',
  title: 'Upload',
  render(main) {
    const queue = [];  // {file, name, row, bar, status, done}
    let running = false;

    const fileInput = h('input', { type: 'file', id: 'upload-files', multiple: true, class: 'visually-hidden', 'data-file-input': '' });
    const folderInput = h('input', { type: 'file', id: 'upload-folder', multiple: true, class: 'visually-hidden', webkitdirectory: '' });
    const kind = h('select', { id: 'upload-kind', name: 'kind' },
      h('option', { value: 'auto' }, 'Detect automatically'),
      ['interview', 'ticket', 'review', 'survey', 'note'].map((k) => h('option', { value: k }, k)));
    const text = (id, label, hint) => {
      const input = h('input', { type: 'text', id, name: id.replace('upload-', ''), autocomplete: 'off', placeholder: hint });
      return [h('div', { class: 'field' }, h('label', { for: id }, label), input), input];
    };
    const [interviewerField, interviewer] = text('upload-interviewer', 'Interviewer', 'name in the transcript (optional)');
    const table = uploadTable();
    const [studyField, study] = studyPicker('upload-study');
    const personal = personalDataFields();
    const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
    const start = h('button', { type: 'button', class: 'button button-primary', disabled: true, 'data-start-upload': '' }, 'Upload');
    const clear = h('button', { type: 'button', class: 'button', disabled: true }, 'Clear the list');

    const drop = h('div', { class: 'dropzone', 'data-dropzone': '' },
      h('p', null, h('strong', null, 'Drop transcripts, ticket exports or reviews here')),
      h('p', { class: 'small muted' }, 'WebVTT, SRT, DOCX, text or Markdown transcripts; Zendesk, Intercom or Freshdesk ticket exports (CSV or JSON); G2, Capterra, App Store or Google Play reviews; Typeform, Google Forms, SurveyMonkey or Qualtrics survey responses; HubSpot or Salesforce company and deal exports (CSV). Product-analytics events go on the Segments page. Personal data (e-mail addresses, phone, card and ID numbers, addresses, …) is redacted as it is stored unless you turn it off below.'),
      h('div', { class: 'field-row' },
        h('label', { for: 'upload-files', class: 'button' }, 'Choose files'),
        h('label', { for: 'upload-folder', class: 'button' }, 'Choose a folder')),
      fileInput, folderInput);

    replace(main,
      h('header', { class: 'view-header' }, h('div', null, h('h1', null, 'Upload'),
        h('p', { class: 'muted' }, 'Each file is stored in one piece or not at all; a file uploaded twice is recognised.'))),
      drop,
      h('fieldset', { class: 'card toolbar' }, h('legend', { class: 'visually-hidden' }, 'About these files'),
        studyField,
        h('div', { class: 'field' }, h('label', { for: 'upload-kind' }, 'Kind'), kind),
        interviewerField),
      personal.element,
      table.element,
      h('div', { class: 'field-row' }, start, clear, summary));

    function add(files) {
      for (const file of files) {
        const name = file.webkitRelativePath || file.name;
        if (SKIP.test(name)) continue;
        const item = { file, name, done: false };
        table.add(item);
        queue.push(item);
      }
      update();
      // Straight into the first new row's participant cell: the table is the next step.
      const first = queue.find((item) => !item.done && !item.locked);
      if (!running && first) first.inputs.participant.focus();
    }

    function update() {
      const waiting = queue.filter((item) => !item.done).length;
      start.disabled = running || waiting === 0;
      clear.disabled = running || queue.length === 0;
      const stored = queue.filter((i) => i.result === 'stored').length;
      const already = queue.filter((i) => i.result === 'already_stored').length;
      const rejected = queue.filter((i) => i.result === 'rejected').length;
      table.setVisible(queue.length > 0);
      summary.textContent = queue.length ? `${plural(queue.length, 'file')} · ${number(stored)} stored · ${number(already)} already stored · ${number(rejected)} rejected` +
        (waiting ? ` · ${number(waiting)} waiting` : '') : 'No files chosen yet.';
    }

    function finish(item, result) {
      item.done = true;
      item.result = result.status;
      item.bar.max = 1;
      item.bar.value = 1;
      item.statusBox.classList.add(result.status);
      const who = attributionLine(result.attributions);
      if (result.status === 'stored') {
        const links = (result.source_ids || []).slice(0, 1).map((id) => h('a', { href: `#/source/${id}` }, 'Open'));
        // A CRM export stores accounts or deals, not sources: say what it changed.
        const what = result.records ? result.records : `${plural(result.sources, 'source')}, ${plural(result.excerpts, 'excerpt')}`;
        replace(item.status, `Stored: ${what}` + (result.format ? ` (${result.format})` : '') + ' ', ...links,
          ...(result.warnings || []).map((w) => h('span', { class: 'warning' }, `Warning: ${w}`)));
        if (who) item.statusBox.append(who);
      } else if (result.status === 'already_stored') {
        const applied = result.applied || [];
        replace(item.status, applied.length
          ? `Already stored — this exact file was uploaded before; applied to it now: ${applied.join('; ')}`
          : 'Already stored — this exact file was uploaded before; change who it is on the People page',
        h('span', { hidden: !applied.length, 'data-applied': '' }));
        if (who) item.statusBox.append(who);
      } else {
        replace(item.status, `Rejected: ${result.error ? result.error.message : result.message} `);
        // No speaker labels found: offer to store the text as one participant's words.
        if (result.unlabelled_possible) {
          const again = h('button', { type: 'button', class: 'button button-small' }, 'Store without speakers');
          again.addEventListener('click', async () => {
            item.unlabelled = true;
            item.done = false;
            item.statusBox.classList.remove('rejected');
            await uploadOne(item);
          });
          item.status.append(again);
        }
      }
    }

    async function uploadOne(item) {
      const form = new FormData();
      form.append('kind', kind.value);
      if (interviewer.value.trim()) form.append('interviewer', interviewer.value.trim());
      if (item.unlabelled) form.append('unlabelled', 'true');
      if (study.value.trim()) form.append('study', study.value.trim());
      for (const [field, value] of Object.entries(personal.fields())) form.append(field, value);
      form.append('files', item.file, item.name);
      // This request's only file is files[0]: its own row of the table.
      for (const [field, value] of Object.entries(table.fields(item))) form.append(`files[0].${field}`, value);
      table.lock(item);
      item.status.textContent = 'Uploading…';
      try {
        const { job } = await uploadForm('/api/v1/sources?async=1', form, (loaded, total) => {
          item.bar.max = total;
          item.bar.value = loaded;
          item.status.textContent = `Uploading: ${bytes(loaded)} of ${bytes(total)}`;
        });
        item.bar.removeAttribute('value');  // indeterminate while processing
        item.status.textContent = 'Processing…';
        const finished = await waitForJob(job.id, (j) => {
          // Uploads are queued jobs: one writer processes them in turn.
          if (j.status === 'queued') item.status.textContent = 'Queued: waiting for earlier uploads to finish…';
          else if (j.status === 'running') item.status.textContent = 'Processing…';
        });
        if (finished.status === 'failed') finish(item, { status: 'rejected', message: finished.message });
        else finish(item, finished.result.files[0]);
      } catch (e) {
        finish(item, { status: 'rejected', message: e.message });
      }
      update();
    }

    start.addEventListener('click', async () => {
      running = true;
      update();
      for (const item of queue) if (!item.done) await uploadOne(item);
      running = false;
      update();
    });
    clear.addEventListener('click', () => { queue.length = 0; table.clear(); update(); });
    fileInput.addEventListener('change', () => { add(fileInput.files); fileInput.value = ''; });
    folderInput.addEventListener('change', () => { add(folderInput.files); folderInput.value = ''; });

    // Drag and drop: files, and folders through the entries API.
    const readEntry = (entry, path = '') => new Promise((resolve) => {
      if (entry.isFile) entry.file((file) => resolve([{ file, path: path + file.name }]), () => resolve([]));
      else if (entry.isDirectory) {
        const reader = entry.createReader();
        const all = [];
        const next = () => reader.readEntries(async (entries) => {
          if (!entries.length) return resolve(all);
          for (const child of entries) all.push(...await readEntry(child, `${path}${entry.name}/`));
          next();
        }, () => resolve(all));
        next();
      } else resolve([]);
    });
    for (const type of ['dragenter', 'dragover']) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('dragging'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
    drop.addEventListener('drop', async (e) => {
      e.preventDefault();
      drop.classList.remove('dragging');
      const entries = [...(e.dataTransfer.items || [])].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
      if (!entries.length) return add(e.dataTransfer.files);
      const found = [];
      for (const entry of entries) found.push(...await readEntry(entry));
      add(found.map(({ file, path }) => {
        if (path !== file.name) Object.defineProperty(file, 'webkitRelativePath', { value: path });
        return file;
      }));
    });
    update();
    return {};
  },
});
