// The persona's evidence-gaps panel (issue 11, item 8) on the sample study:
// before drafting every evidence section is a gap with the bank questions
// that would fill it; drafting from the page fills some, and the panel then
// lists exactly the sections the API reports as empty or thin, each with its
// questions, as the interview guide for the next round.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadAndTagSamples, openApp } from './harness.mjs';

// The panel as a reader sees it: heading, and per gap its section, status line and questions.
async function readPanel(page) {
  const panel = page.locator('[data-gaps]');
  await panel.waitFor();
  return {
    heading: (await panel.locator('#gaps-title').textContent()).trim(),
    gaps: await panel.locator('li[data-gap]').evaluateAll((items) => items.map((li) => ({
      section: li.dataset.gap,
      text: li.textContent,
      questions: [...li.querySelectorAll('li[data-question]')].map((q) => ({ id: q.dataset.question, text: q.textContent })),
    }))),
  };
}

function assertPanelMatches(panel, report) {
  assert.equal(panel.heading, `Evidence gaps — ${report.gaps.length}`);
  assert.deepEqual(panel.gaps.map((g) => g.section), report.gaps.map((g) => g.section));
  report.gaps.forEach((gap, i) => {
    const shown = panel.gaps[i];
    assert.ok(shown.text.includes(gap.title), `${gap.section}: title ${gap.title} not shown`);
    assert.ok(shown.text.includes(gap.status === 'empty' ? 'no evidence yet' : 'thin: fewer than 2 participants'),
      `${gap.section}: status ${gap.status} not shown in "${shown.text}"`);
    assert.deepEqual(shown.questions, gap.questions.map((q) => ({ id: q.id, text: q.text })));
  });
}

test('persona gaps: every section a gap before drafting, fewer after, each with its bank questions', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('load and tag the sample study', () => loadAndTagSamples(app));

  let id;
  await app.step('a user persona over the AP specialists, not drafted yet', async () => {
    const created = await app.api('/api/v1/personas', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'AP Alex', kind: 'user', cohort: { participants: { roles: ['AP Specialist'] } } }),
    });
    id = created.id;
    assert.ok(id, JSON.stringify(created));
    await page.goto(`${app.url}/#/persona/${id}`);
    const before = await app.api(`/api/v1/personas/${id}/gaps`);
    assert.ok(before.gaps.length >= 3, `expected every evidence section to be a gap: ${JSON.stringify(before.gaps.map((g) => g.section))}`);
    assert.ok(before.gaps.every((g) => g.status === 'empty'));
    assert.ok(before.gaps.some((g) => g.questions.length > 0), 'no bank question offered for any gap');
    const panel = await readPanel(page);
    assertPanelMatches(panel, before);
    assert.match(await page.locator('[data-gaps] p').first().textContent(), /Interview 3–5 recent customers/);
  });

  await app.step('drafting from the page fills some gaps and the panel follows', async () => {
    const before = await app.api(`/api/v1/personas/${id}/gaps`);
    await page.locator('#draft-suggested').check();
    await page.locator('[data-draft]').click();
    await page.locator('[data-draft-report]').waitFor({ timeout: 60000 });
    const after = await app.api(`/api/v1/personas/${id}/gaps`);
    assert.ok(after.gaps.length < before.gaps.length,
      `drafting filled no gap: ${JSON.stringify(after.gaps.map((g) => [g.section, g.status]))}`);
    await page.locator('#gaps-title', { hasText: `Evidence gaps — ${after.gaps.length}` }).waitFor();
    assertPanelMatches(await readPanel(page), after);
    // A section that left the list now holds an evidence attribute said by two or more participants.
    const view = await app.api(`/api/v1/personas/${id}`);
    const filled = before.gaps.map((g) => g.section).filter((s) => !after.gaps.some((g) => g.section === s));
    for (const section of filled) {
      const most = Math.max(0, ...view.attributes.filter((a) => a.section === section).map((a) => a.evidence.participants));
      assert.ok(most >= 2, `${section} left the gaps with at most ${most} participants`);
    }
  });
  assert.deepEqual(app.errors.map(String), []);
});
