// #/source/12?excerpt=345 — a transcript as speaker turns with timestamps;
// interviewer turns are set apart; a deep-linked excerpt is scrolled to
// and highlighted. Every citation in Grounded links here. In an interview,
// each interviewer turn that asked a question-bank question names it.
import { del, get } from '../api.js';
import { date, h, plural, replace, timestamp } from '../dom.js';
import { confirmAction, navigate, registerView, toast } from '../router.js';
import { copyQuote, excerptHref } from './common.js';
import { peopleButton } from './source_people.js';
import { attachTags } from './tag_chips.js';

// Marks the interviewer turns matched to a bank question, and sums it up
// under the header with a link to the guide builder's coverage panel.
async function attachCoverage(source, turns, main, { signal }) {
  let coverage;
  try {
    coverage = await get(`/api/v1/sources/${encodeURIComponent(source.id)}/coverage`, { signal });
  } catch { return; }  // coverage is a help, not the page: the transcript stands without it
  const byExcerpt = new Map();
  for (const asked of coverage.asked) for (const id of asked.excerpt_ids) byExcerpt.set(id, asked);
  source.excerpts.forEach((e, i) => {
    const asked = byExcerpt.get(e.id);
    if (!asked) return;
    turns[i].querySelector('.turn-head').append(h('span', {
      class: 'badge turn-question', title: `Question bank: ${asked.text}`, 'data-bank-question': asked.question_id,
    }, asked.question_id));
  });
  main.querySelector('.source-meta')?.append(h('a', { href: `#/guides?source=${encodeURIComponent(source.id)}`, 'data-coverage-link': '' },
    `${coverage.matched_turns} of ${plural(coverage.interviewer_turns, 'interviewer turn')} asked a bank question`));
}

registerView({
  path: '/source/:id',
  nav: 'library',
  title: 'Source',
  shortcuts: [['j', 'Next turn'], ['k', 'Previous turn'], ['c', 'Copy the focused turn as a quote']],
  async render(main, { params, query, signal }) {
    const source = await get(`/api/v1/sources/${encodeURIComponent(params.id)}`, { signal });
    document.title = `${source.title} — Grounded`;
    const target = query.get('excerpt');
    const hitFor = (e) => ({ ...e, excerpt_id: e.id, source_id: source.id, source_title: source.title, occurred_at: source.occurred_at,
      participant_role: e.speaker_role === 'interviewer' ? '' : source.participant_role,
      participant_label: e.speaker_role === 'interviewer' ? '' : source.participant_label });
    const turns = source.excerpts.map((e) => h('article', {
      class: ['turn', `turn-${e.speaker_role}`, String(e.id) === target ? 'highlighted' : null],
      id: `excerpt-${e.id}`, tabindex: -1, dataset: { excerptId: e.id }, 'aria-label': `${e.speaker || e.speaker_role}${e.start_ms !== null ? ' at ' + timestamp(e.start_ms) : ''}`,
    },
    h('div', { class: 'turn-head' },
      h('span', { class: 'turn-speaker' }, e.speaker || e.speaker_role),
      e.speaker_role === 'interviewer' ? h('span', { class: 'small muted' }, 'Interviewer') : null,
      h('a', { class: 'turn-time', href: excerptHref(source.id, e.id), title: 'Link to this excerpt' },
        e.start_ms !== null ? timestamp(e.start_ms) : `#${e.ordinal + 1}`)),
    h('p', { class: 'quote' }, e.text)));

    const remove = async () => {
      if (!(await confirmAction('Delete this source?', `“${source.title}” and its ${plural(source.excerpts.length, 'excerpt')} will be deleted. This cannot be undone.`))) return;
      try {
        await del(`/api/v1/sources/${source.id}`);
        toast(`Deleted “${source.title}”`);
        navigate('/library');
      } catch (e) { toast(e.message); }
    };

    replace(main,
      h('nav', { class: 'small', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/library' }, 'Library'), ' / ', source.kind),
      h('header', { class: 'view-header' },
        h('h1', null, source.title),
        h('div', { class: 'field-row' }, peopleButton(source, { signal }),
          h('button', { type: 'button', class: 'button button-danger button-small', on: { click: remove } }, 'Delete source'))),
      h('div', { class: 'source-meta' },
        h('span', { class: ['badge', `badge-kind-${source.kind}`] }, source.kind),
        source.participant_label ? h('span', null, 'Participant: ',
          h('a', { href: `#/participants?id=${source.participant_id}`, 'data-participant-link': '' }, source.participant_label)) : null,
        source.participant_role ? h('span', null, 'Role: ', source.participant_role) : null,
        source.account_name ? h('span', null, 'Account: ', source.account_name) : null,
        source.occurred_at ? h('span', null, date(source.occurred_at)) : null,
        h('span', null, plural(source.excerpts.length, 'excerpt')),
        h('span', null, 'File: ', source.origin, source.format ? ` (${source.format})` : '')),
      source.excerpts.length ? h('div', { class: 'transcript' }, turns) : h('p', { class: 'muted' }, 'This source has no excerpts.'));

    attachTags(source, turns, { signal });  // tag chips per turn, "Tag selection" on selected text
    if (source.kind === 'interview') attachCoverage(source, turns, main, { signal });

    let focused = -1;
    if (target) {
      const index = source.excerpts.findIndex((e) => String(e.id) === target);
      if (index >= 0) {
        focused = index;
        requestAnimationFrame(() => {
          turns[index].scrollIntoView({ block: 'center' });
          turns[index].focus({ preventScroll: true });
        });
      } else toast(`Excerpt ${target} is not in this source`);
    }
    turns.forEach((turn, i) => turn.addEventListener('focus', () => { focused = i; }));
    return {
      onKey(event) {
        if (event.key === 'j' || event.key === 'k') {
          focused = Math.max(0, Math.min(turns.length - 1, focused + (event.key === 'j' ? 1 : -1)));
          turns[focused]?.focus();
          return true;
        }
        if (event.key === 'c' && focused >= 0) { copyQuote(hitFor(source.excerpts[focused])); return true; }
        return false;
      },
    };
  },
});
