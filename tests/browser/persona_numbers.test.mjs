// A persona's numbers in the browser (issue 13): after "Load the sample
// study" (which now brings a HubSpot companies and deals export and a
// 300-respondent Typeform survey), a persona shows its market (CRM accounts,
// users, won and open deals) and computed tier; a tier set by hand is
// recorded; a survey check shows its figure; a quarterly review is recorded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

async function waitForJob(app, id) {
  for (let i = 0; i < 600; i++) {
    const job = await app.api(`/api/v1/jobs/${id}`);
    if (job.status === 'done') return job;
    if (job.status === 'failed') throw new Error(`job ${id} failed: ${job.message}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`job ${id} did not finish`);
}

const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('persona numbers: market, tier override, survey check, review cadence', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  let id;
  await app.step('load the sample study with its CRM and survey exports', async () => {
    const loaded = await app.api('/api/v1/samples/load', { method: 'POST' });
    const job = await waitForJob(app, loaded.job.id);
    assert.equal(job.result.rejected, 0, JSON.stringify(job.result.files.filter((f) => f.status === 'rejected')));
    const deals = await app.api('/api/v1/deals');
    assert.ok(deals.total >= 40, `deals: ${deals.total}`);
    const surveys = await app.api('/api/v1/sources?kind=survey&limit=1');
    assert.ok(surveys.total >= 250, `survey sources: ${surveys.total}`);
    const persona = await app.api('/api/v1/personas', json({ name: 'Logistics controller', kind: 'buyer',
      cohort: { accounts: { industries: ['Logistics'] } } }));
    id = persona.id;
    assert.ok(persona.sizing.accounts >= 2, JSON.stringify(persona.sizing));
  });

  await app.step('the persona shows its market and computed tier', async () => {
    await page.goto(`${app.url}/#/persona/${id}`);
    await page.locator('[data-market]').waitFor();
    const accounts = await page.locator('[data-market-accounts]').textContent();
    assert.match(accounts, /^\d+ of 50$/);
    assert.match(await page.locator('[data-persona-tier]').textContent(), /^Tier [123]$/);
    assert.match(await page.locator('[data-market-basis]').textContent(), /of the revenue potential/);
  });

  await app.step('a tier set by hand is shown and recorded', async () => {
    await page.selectOption('#tier-override', '3');
    await page.locator('[data-persona-tier]', { hasText: 'Tier 3' }).waitFor();
    const view = await app.api(`/api/v1/personas/${id}/sizing`);
    assert.equal(view.manual_tier, '3');
  });

  await app.step('check the persona against a survey answer', async () => {
    // A claim to check: the figure then shows under it as well as in the card.
    const attribute = await app.api(`/api/v1/personas/${id}/attributes`,
      json({ section: 'pain_points', text: 'Re-keys invoices by hand — “every week”', excerpt_ids: [] }));
    await page.reload();
    await page.locator(`[data-attribute-id="${attribute.id}"]`).waitFor();
    await page.locator('[data-add-survey-check]').click();
    await page.locator('#check-question').waitFor();
    const options = await page.locator('#check-question option').allTextContents();
    const index = options.findIndex((o) => o.startsWith('What is your biggest problem'));
    assert.ok(index >= 0, options.join(' | '));
    await page.selectOption('#check-question', String(index));
    await page.selectOption('#check-answer', 'Manual re-keying of invoices');
    const attributeId = (await app.api(`/api/v1/personas/${id}`)).attributes.find((a) => a.text.startsWith('Re-keys')).id;
    await page.selectOption('#check-attribute', String(attributeId));
    await page.locator('.survey-check-form button[type=submit]').click();
    const check = page.locator('[data-survey-check]').first();
    await check.waitFor();
    assert.match(await check.textContent(), /\d+% of \d+ respondents chose 'Manual re-keying of invoices'/);
    const inline = page.locator(`[data-attribute-id="${attributeId}"] [data-inline-survey-check]`);
    await inline.waitFor();
    assert.match(await inline.textContent(), /\d+% of \d+ respondents chose 'Manual re-keying of invoices'/);
  });

  await app.step('record the quarterly review', async () => {
    assert.match(await page.locator('[data-cadence]').textContent(), /Never reviewed/);
    // Segment shifts since the review, as the API counts them (the sample's usage is imported).
    const personaId = page.url().match(/persona\/(\d+)/)[1];
    const since = await app.api(`/api/v1/personas/${personaId}/since-review`);
    assert.ok(since.segments.to_period, 'the sample usage gives segment history');
    const shifts = await page.locator('[data-since-segments]').textContent();
    assert.match(shifts, /^Segment shifts/);
    for (const [segment, n] of Object.entries(since.segments.moved_to)) assert.ok(shifts.includes(`${n} moved to ${segment}`), shifts);
    await page.locator('[data-record-review]').click();
    await page.locator('[data-cadence]', { hasText: 'Counting from the last review' }).waitFor();
    const late = await app.api('/api/v1/cadence?today=2031-01-01');
    assert.equal(late.overdue, 1);
  });
  assert.deepEqual(app.errors.map(String), []);
});
