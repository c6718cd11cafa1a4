// Pieces several views share: the sample-study loader, quote citations,
// the evidence chart.
import { api, get, post, waitForJob } from '../api.js';
import { barChart } from '../charts.js';
import { date, h, number, replace, timestamp } from '../dom.js';
import { toast } from '../router.js';

/**
 * "Load the sample study" button with a progress bar; calls onDone(job)
 * when the job finishes.
 */
export function sampleStudyLoader(onDone) {
  const status = h('div', { class: 'progress-line', hidden: true },
    h('progress', { max: 1, value: 0, 'aria-label': 'Loading the sample study' }),
    h('span', { class: 'small muted', 'data-sample-status': '' }, 'Starting…'));
  const bar = status.querySelector('progress');
  const text = status.querySelector('[data-sample-status]');
  const button = h('button', { type: 'button', class: 'button button-primary', 'data-load-samples': '' }, 'Load the sample study');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.hidden = false;
    try {
      const { job } = await post('/api/v1/samples/load');
      const finished = await waitForJob(job.id, (j) => {
        bar.max = Math.max(1, j.total);
        bar.value = j.done;
        text.textContent = j.total ? `${j.message || 'Working'} — ${number(j.done)} of ${number(j.total)} files` : (j.message || 'Working…');
      });
      text.textContent = finished.message;
      if (finished.status === 'failed') {
        status.append(h('div', { class: 'error-box', role: 'alert' }, finished.message));
        button.disabled = false;
        return;
      }
      toast('The sample study is loaded');
      onDone?.(finished);
    } catch (e) {
      status.append(h('div', { class: 'error-box', role: 'alert' }, e.message));
      button.disabled = false;
    }
  });
  return h('div', { class: 'sample-loader' }, button, status);
}

/** The empty-library explanation with its next steps. */
export function emptyLibrary(onLoaded) {
  return h('section', { class: 'empty', 'aria-labelledby': 'empty-title' },
    h('h1', { id: 'empty-title' }, 'No evidence yet'),
    h('p', null, 'Grounded keeps interview transcripts, support tickets and reviews, so every persona attribute can cite what real customers said. ' +
      'Start with the sample study — a fictional accounts-payable product with twelve interviews, support tickets and reviews — or upload your own files.'),
    h('div', { class: 'actions' }, sampleStudyLoader(onLoaded), h('a', { class: 'button', href: '#/upload' }, 'Upload files')));
}

/** A link to an excerpt in its transcript: what every citation points at. */
export function excerptHref(sourceId, excerptId) {
  return `#/source/${sourceId}?excerpt=${excerptId}`;
}

/**
 * Interviewer and agent turns are not the customer's words: their citation
 * says whose they are, e.g. "Interviewer (Ana Ruiz), question". Null for
 * customer speech.
 */
function staffWords(role, speaker, text) {
  const titles = { interviewer: 'Interviewer', agent: 'Support agent' };
  if (!titles[role]) return null;
  const name = speaker && !speaker.toLowerCase().startsWith(role) ? ` (${speaker})` : '';
  const what = role === 'agent' ? 'reply' : (text.includes('?') ? 'question' : 'remark');
  return `${titles[role]}${name}, ${what}`;
}

/**
 * The text "copy quote" puts on the clipboard: the quote, then who said it
 * (participant role or label), the source title, the date and a link.
 */
export function quoteCitation({ text, participant_role, participant_label, speaker, speaker_role, source_title, occurred_at, start_ms, source_id, excerpt_id }) {
  const staff = staffWords(speaker_role, speaker, text);
  const who = participant_role || participant_label || speaker || speaker_role || 'Participant';
  const parts = [who];
  if (participant_label && participant_role) parts[0] = `${participant_role} (${participant_label})`;
  if (staff) parts[0] = `${staff} in “${source_title}”`;
  else parts.push(`“${source_title}”`);
  if (occurred_at) parts.push(date(occurred_at));
  if (start_ms !== null && start_ms !== undefined) parts.push(`at ${timestamp(start_ms)}`);
  const link = `${location.origin}${location.pathname}${excerptHref(source_id, excerpt_id)}`;
  return `“${text.trim()}”\n— ${parts.join(', ')}\n${link}`;
}

export async function copyQuote(hit) {
  const text = quoteCitation(hit);
  try {
    await navigator.clipboard.writeText(text);
    toast('Quote copied with its source');
  } catch {
    toast('Could not copy: the browser refused clipboard access');
  }
  return text;
}

const KIND_LABELS = { interview: 'Interviews', ticket: 'Tickets', review: 'Reviews', survey: 'Surveys', note: 'Notes' };
const ROLE_LABELS = { participant: 'Participant', interviewer: 'Interviewer', customer: 'Customer', agent: 'Agent', author: 'Author', unknown: 'Unknown' };

/** The evidence chart: excerpts per source kind, stacked by speaker role. */
export function evidenceChart(stats) {
  const kinds = [...new Set(stats.by_kind_and_role.map((r) => r.kind))];
  const roles = [...new Set(stats.by_kind_and_role.map((r) => r.speaker_role))];
  const rows = kinds.map((kind) => ({
    label: KIND_LABELS[kind] || kind,
    values: Object.fromEntries(stats.by_kind_and_role.filter((r) => r.kind === kind).map((r) => [r.speaker_role, r.excerpts])),
  }));
  return barChart({
    title: 'Evidence by source kind',
    xLabel: 'Excerpts',
    yLabel: 'Source kind',
    series: roles.map((role) => ({ key: role, label: ROLE_LABELS[role] || role, className: `series-role-${role}` })),
    rows,
  });
}

export { api, get, replace };
