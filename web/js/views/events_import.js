// The "Import an analytics export" card of the Segments page: a Mixpanel or
// Amplitude export (JSON lines), a Segment log or a PostHog CSV, with an
// optional id map, sent to POST /api/v1/events/imports?async=1. The upload
// shows its bytes going up, then the server's job its bytes read and events
// counted, then the import's own report (new events, duplicates skipped,
// users matched, bad lines named). Earlier imports are listed below it.
import { get, uploadForm, waitForJob } from '../api.js';
import { bytes, h, number, plural, replace } from '../dom.js';

function reportLines(report) {
  const lines = [
    `${number(report.new_events)} new events of ${number(report.events)} read (${report.format}), ` +
      `${number(report.duplicates)} duplicates skipped.`,
    `${plural(report.users, 'user')} (${number(report.new_users)} new): ${number(report.users_with_participant)} matched to participants, ` +
      `${number(report.users_with_account)} to accounts.`,
  ];
  if (report.without_insert_id) lines.push(`${number(report.without_insert_id)} events had no insert id: de-duplicated on event, user and time.`);
  return lines;
}

// The last finished import's report, kept across the page's re-render after
// an import (which re-reads the segments), so the card still shows it.
let lastReport = null;

function reportView(report) {
  return h('div', { class: 'small', 'data-events-report': '' },
    h('p', null, h('strong', null, report.origin)),
    reportLines(report).map((line) => h('p', null, line)),
    report.problems.length ? h('details', null, h('summary', null, `${plural(report.bad_lines, 'bad line')} skipped`),
      h('ul', null, report.problems.map((p) => h('li', null, p)))) : null);
}

function importsTable(items) {
  if (!items.length) return h('p', { class: 'small muted', 'data-no-imports': '' }, 'No analytics export imported yet.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'aria-label': 'Earlier analytics imports' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Format'), h('th', { scope: 'col' }, 'Imported'),
      h('th', { scope: 'col', class: 'num' }, 'Events read'), h('th', { scope: 'col', class: 'num' }, 'New'),
      h('th', { scope: 'col', class: 'num' }, 'Duplicates'), h('th', { scope: 'col', class: 'num' }, 'Bad lines'))),
    h('tbody', null, items.map((i) => h('tr', { dataset: { importId: i.id } },
      h('td', null, i.origin), h('td', null, i.format), h('td', null, `${i.created_at.replace('T', ' ').replace('Z', '')} by ${i.created_by}`),
      h('td', { class: 'num' }, number(i.events)), h('td', { class: 'num' }, number(i.new_events)),
      h('td', { class: 'num' }, number(i.duplicates)), h('td', { class: 'num' }, number(i.bad_lines)))))));
}

/** The import card; onDone(report) runs after a successful import. */
export function eventsImporter(onDone, { open = false } = {}) {
  const fileInput = h('input', { type: 'file', id: 'events-file', 'data-events-file': '', accept: '.json,.jsonl,.ndjson,.csv,.txt' });
  const mapInput = h('input', { type: 'file', id: 'events-id-map', 'data-events-id-map': '', accept: '.csv' });
  const start = h('button', { type: 'submit', class: 'button button-primary', 'data-start-events-import': '', disabled: true }, 'Import');
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Import progress' });
  const text = h('span', { class: 'small muted', 'data-events-status': '', role: 'status' });
  const status = h('div', { class: 'progress-line', hidden: true }, bar, text);
  const result = h('div', { 'data-events-result': '' }, lastReport ? reportView(lastReport) : null);
  const earlier = h('div', { 'data-events-imports': '' });
  fileInput.addEventListener('change', () => { start.disabled = !fileInput.files.length; });

  const refreshList = async () => {
    try {
      replace(earlier, importsTable((await get('/api/v1/events/imports')).items));
    } catch (e) {
      replace(earlier, h('p', { class: 'small muted' }, e.message));
    }
  };

  const form = h('form', { class: 'toolbar' },
    h('div', { class: 'field' }, h('label', { for: 'events-file' }, 'Export file'), fileInput),
    h('div', { class: 'field' }, h('label', { for: 'events-id-map' }, 'Id map (optional CSV: external_id, participant, email, account, domain)'), mapInput),
    h('div', { class: 'field' }, start));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files[0];
    if (!file) return;
    start.disabled = true;
    status.hidden = false;
    replace(result);
    lastReport = null;
    const data = new FormData();
    data.append('files', file, file.name);
    if (mapInput.files[0]) data.append('id_map', mapInput.files[0], mapInput.files[0].name);
    try {
      const { job } = await uploadForm('/api/v1/events/imports?async=1', data, (loaded, total) => {
        bar.max = total;
        bar.value = loaded;
        text.textContent = `Uploading ${file.name}: ${bytes(loaded)} of ${bytes(total)}`;
      });
      const finished = await waitForJob(job.id, (j) => {
        bar.max = Math.max(1, j.total);
        bar.value = j.done;
        const share = j.total ? ` (${Math.floor((100 * j.done) / j.total)}% of ${bytes(j.total)})` : '';
        text.textContent = `${j.message || 'Working…'}${share}`;
      }, 500);
      text.textContent = finished.message;
      if (finished.status === 'failed') {
        replace(result, h('div', { class: 'error-box', role: 'alert' }, finished.message));
      } else {
        lastReport = finished.result;
        replace(result, reportView(lastReport));
        onDone?.(lastReport);
      }
    } catch (e) {
      replace(result, h('div', { class: 'error-box', role: 'alert' }, e.message));
    } finally {
      start.disabled = !fileInput.files.length;
      refreshList();
    }
  });
  refreshList();
  return h('details', { class: 'card', 'data-events-import': '', open: open || Boolean(lastReport) },
    h('summary', null, h('strong', null, 'Import an analytics export')),
    h('p', { class: 'small muted' },
      'A Mixpanel or Amplitude export (JSON lines), a Segment track/group log or a PostHog CSV. ',
      'Events are de-duplicated on their insert id, so importing a file again or an overlapping export never counts an event twice. ',
      'Users are matched to participants and accounts by the id map, else by e-mail and domain.'),
    form, status, result, earlier);
}
