// The quantitative half of a persona, shown in its side column: the market
// it stands for (CRM accounts, users, deals) and its priority tier with the
// manual override; survey checks beside the qualitative evidence; and the
// review cadence with the "since last review" view and the quarterly steps.
import { del, get, patch, post, query } from '../api.js';
import { date, h, number, plural, replace } from '../dom.js';
import { toast } from '../router.js';

const percent = (x) => `${Math.round((x || 0) * 100)}%`;
const money = (n) => (n ? `$${Math.round(n).toLocaleString('en-US')}` : '$0');

/** "review overdue" / "rebuild overdue" badge, or null. */
export function cadenceBadge(dates) {
  if (!dates) return null;
  if (dates.rebuild_overdue) return h('span', { class: 'flag flag-stale', 'data-cadence-badge': 'rebuild', title: `Annual rebuild was due ${date(dates.next_rebuild)}` }, 'rebuild overdue');
  if (dates.review_overdue) return h('span', { class: 'flag flag-stale', 'data-cadence-badge': 'review', title: `Quarterly review was due ${date(dates.next_review)}` }, 'review overdue');
  return null;
}

function marketBlock(personaId, sizing, reload) {
  const tier = h('select', { id: 'tier-override', 'aria-label': 'Priority tier set by hand' },
    [['', `computed (${sizing.computed_tier ? `tier ${sizing.computed_tier}` : 'none'})`], ['1', 'Tier 1'], ['2', 'Tier 2'], ['3', 'Tier 3']]
      .map(([v, label]) => h('option', { value: v, selected: v === (sizing.manual_tier || '') }, label)));
  tier.addEventListener('change', async () => {
    try {
      await patch(`/api/v1/personas/${personaId}`, { priority_tier: tier.value || null });
      toast(tier.value ? `Tier ${tier.value} set by hand (recorded in the history)` : 'Back to the computed tier');
      reload();
    } catch (e) { toast(e.message); }
  });
  return h('section', { class: 'card persona-market', 'aria-labelledby': 'market-title', 'data-market': '' },
    h('h2', { id: 'market-title' }, 'Market and priority'),
    h('dl', { class: 'market-stats' },
      h('div', null, h('dt', null, 'Accounts'), h('dd', { 'data-market-accounts': '' }, `${number(sizing.accounts)} of ${number(sizing.all_accounts)}`)),
      h('div', null, h('dt', null, 'Users'), h('dd', { 'data-market-users': '' }, number(sizing.users)),
        sizing.survey_respondents ? h('dd', { class: 'small muted' }, `${plural(sizing.survey_respondents, 'survey respondent')}`) : null),
      h('div', null, h('dt', null, 'Won'), h('dd', null, money(sizing.won_amount)), h('dd', { class: 'small muted' }, plural(sizing.deals.won, 'deal'))),
      h('div', null, h('dt', null, 'Open'), h('dd', null, money(sizing.open_amount)), h('dd', { class: 'small muted' }, plural(sizing.deals.open, 'deal'))),
      h('div', null, h('dt', null, 'Tier'), h('dd', { 'data-market-tier': '' }, sizing.tier ? `Tier ${sizing.tier}` : 'none'))),
    h('p', { class: 'small muted', 'data-market-basis': '' }, sizing.basis),
    h('div', { class: 'field' }, h('label', { for: 'tier-override' }, 'Priority tier'), tier));
}

function checksBlock(personaId, checks, attributes, reload) {
  const list = h('ul', { class: 'survey-checks' }, checks.items.map((c) => h('li', { 'data-survey-check': c.id },
    h('strong', null, percent(c.figure.share)), ' ', c.figure.sentence.replace(/^\d+% /, ''),
    c.attribute_id ? h('span', { class: 'small muted' }, ` — for “${(attributes.find((a) => a.id === c.attribute_id) || {}).text || `attribute ${c.attribute_id}`}”`) : null,
    ' ', h('button', { type: 'button', class: 'button button-small button-quiet', 'aria-label': 'Remove this survey check', on: { click: async () => {
      await del(`/api/v1/personas/${personaId}/survey-checks/${c.id}`);
      reload();
    } } }, 'Remove'))));
  const area = h('div', { class: 'survey-check-form' });
  const open = h('button', { type: 'button', class: 'button button-small', 'data-add-survey-check': '', on: { click: async () => {
    const questions = await get('/api/v1/survey/questions');
    if (!questions.items.length) { replace(area, h('p', { class: 'small muted' }, 'No survey answers yet: upload a Typeform, Google Forms, SurveyMonkey or Qualtrics export.')); return; }
    const question = h('select', { id: 'check-question' }, questions.items.map((q, i) => h('option', { value: String(i) }, `${q.question} (${q.respondents})`)));
    const answer = h('select', { id: 'check-answer' });
    const fill = () => replace(answer, questions.items[Number(question.value)].answers.map((a) => h('option', { value: a.answer }, `${a.answer} (${a.count})`)));
    question.addEventListener('change', fill);
    fill();
    const attribute = h('select', { id: 'check-attribute' }, h('option', { value: '' }, 'the persona as a whole'),
      attributes.map((a) => h('option', { value: String(a.id) }, a.text.length > 60 ? `${a.text.slice(0, 59)}…` : a.text)));
    const save = h('button', { type: 'submit', class: 'button button-primary button-small' }, 'Add check');
    const form = h('form', { class: 'stack' },
      h('div', { class: 'field' }, h('label', { for: 'check-question' }, 'Question'), question),
      h('div', { class: 'field' }, h('label', { for: 'check-answer' }, 'Answer'), answer),
      h('div', { class: 'field' }, h('label', { for: 'check-attribute' }, 'Checks'), attribute), save);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await post(`/api/v1/personas/${personaId}/survey-checks`, { question: questions.items[Number(question.value)].question,
          answer: answer.value, attribute_id: attribute.value ? Number(attribute.value) : null });
        reload();
      } catch (e) { toast(e.message); }
    });
    replace(area, form);
  } } }, 'Check against a survey answer');
  return h('section', { class: 'card', 'aria-labelledby': 'checks-title', 'data-survey-checks': '' },
    h('h2', { id: 'checks-title' }, 'Survey checks'),
    checks.items.length ? list : h('p', { class: 'small muted' }, 'No claim checked against survey answers yet.'), open, area);
}

// "Segment shifts (2026-W47 → 2026-W53): 2 moved to at-risk", with who moved.
function segmentShifts(segments) {
  if (!segments || !segments.to_period) return h('li', { class: 'muted', 'data-since-segments': '' }, 'Segment shifts: no product usage imported');
  if (segments.from_period === segments.to_period) return h('li', { 'data-since-segments': '' }, `Segment shifts: none since ${segments.to_period}`);
  const counts = Object.entries(segments.moved_to).map(([segment, n]) => `${n} moved to ${segment}`).join(', ');
  const who = (m) => `${m.unit === 'account' ? (m.account || m.external_id) : (m.participant || m.external_id)} (${m.unit}): ${m.from} → ${m.to}`;
  return h('li', { 'data-since-segments': '' }, `Segment shifts (${segments.from_period} → ${segments.to_period}): ${counts || 'none'}`,
    segments.moves.slice(0, 8).map((m) => h('div', { class: `muted segment-move segment-to-${m.to}` }, who(m))));
}

function cadenceBlock(personaId, since, reload) {
  const d = since.dates;
  const record = h('button', { type: 'button', class: 'button button-small', 'data-record-review': '', on: { click: async () => {
    await post(`/api/v1/personas/${personaId}/cadence-review`, {});
    toast('Quarterly review recorded');
    reload();
  } } }, 'Record quarterly review');
  const rebuild = h('button', { type: 'button', class: 'button button-small button-quiet', on: { click: async () => {
    await post(`/api/v1/personas/${personaId}/cadence-review`, { rebuild: true });
    toast('Rebuild recorded');
    reload();
  } } }, 'Record rebuild');
  return h('section', { class: 'card cadence', 'aria-labelledby': 'cadence-title', 'data-cadence': '' },
    h('h2', { id: 'cadence-title' }, 'Since last review ', cadenceBadge(d)),
    h('p', { class: 'small' }, `Next quarterly review ${date(d.next_review)}, annual rebuild ${date(d.next_rebuild)}. `,
      d.reviewed_ever ? `Counting from the last review, ${date(since.since)}.` : `Never reviewed: counting from ${date(since.since)}.`),
    h('ul', { class: 'small' },
      h('li', { 'data-since-evidence': '' }, `${plural(since.new_sources, 'new source')}, ${plural(since.new_excerpts, 'excerpt')}`),
      h('li', { 'data-since-themes': '' }, since.themes.length
        ? ['Themes: ', since.themes.slice(0, 8).map((t, i) => [i ? ', ' : '', h('span', { class: `theme-${t.change}` }, `${t.theme} (${t.change}, +${t.since})`)])]
        : 'No new or grown themes'),
      h('li', { 'data-since-deals': '' }, `Win/loss: ${since.won} won, ${since.lost} lost`,
        since.deals.filter((x) => x.outcome === 'lost' && x.lost_reason).slice(0, 3).map((x) => h('div', { class: 'muted' }, `lost ${x.name}: ${x.lost_reason}`))),
      segmentShifts(since.segments)),
    h('details', null, h('summary', null, 'Quarterly steps'),
      h('ol', { class: 'small' }, since.steps.map((s) => h('li', { 'data-step': s.key }, s.title)))),
    h('div', { class: 'toolbar' }, record, rebuild));
}

/** Survey figures under an attribute: its closed-answer checks and the open answers in its themes. */
export function surveyInline(a) {
  const lines = [...(a.survey_checks || []).map((c) => h('div', { 'data-inline-survey-check': c.id }, c.figure.sentence)),
    a.open_answers ? h('div', { 'data-inline-open-answers': a.open_answers.mentioning }, a.open_answers.sentence) : null].filter(Boolean);
  return lines.length ? h('div', { class: 'small muted survey-inline', 'data-survey-inline': '' }, 'Survey: ', lines) : null;
}

/** The side-column cards for persona `id`. */
export async function personaNumbers(personaId, view, signal, reload) {
  const [checks, since] = await Promise.all([
    get(`/api/v1/personas/${personaId}/survey-checks`, { signal }), get(`/api/v1/personas/${personaId}/since-review${query({})}`, { signal })]);
  // The figures that check an attribute are shown under it too (persona.js calls surveyInline).
  for (const a of view.attributes) {
    a.survey_checks = checks.items.filter((c) => c.attribute_id === a.id);
    a.open_answers = (checks.open_answers || []).find((m) => m.attribute_id === a.id) || null;
  }
  return [marketBlock(personaId, view.sizing, reload), checksBlock(personaId, checks, view.attributes, reload), cadenceBlock(personaId, since, reload)];
}
