// The ICP page (issue 13, item 8): on the sample study, scores without
// evidence are marked incomplete and the page offers to tag; after tagging,
// the table sorts by score and tier, the keyboard opens a breakdown whose
// evidence ratings cite excerpts that open in their transcript, the tier
// chart is drawn, and the matrix editor refuses weights that do not total 100.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSamples, openApp } from './harness.mjs';

const rowCells = (page) => page.locator('table.data[aria-label="ICP scores"] tbody tr');

test('icp page: incomplete scores, tagging, sorting, a cited breakdown, the chart and the matrix editor', async (t) => {
  const app = await openApp(t);
  const { page } = app;

  await app.step('sample study without tags: scores are incomplete and the page offers to tag', async () => {
    await loadSamples(app);
    await page.goto(`${app.url}/#/icp`);
    await page.locator('[data-no-evidence]').waitFor();
    // Every account is listed: the 16 interviewed ones and the CRM export's others.
    const scored = (await app.api('/api/v1/icp/scores')).items;
    assert.ok(scored.length >= 16, `only ${scored.length} accounts scored`);
    assert.equal(await rowCells(page).count(), scored.length);
    const data = await rowCells(page).first().locator('td').last().textContent();
    assert.match(data, /incomplete: no tagged evidence/);
  });

  await app.step('tag the evidence from the page: evidence ratings appear', async () => {
    await page.locator('[data-tag-evidence]').click();
    await page.locator('[data-no-evidence]').waitFor({ state: 'detached', timeout: 120000 });
    const scores = await app.api('/api/v1/icp/scores');
    const harbor = scores.items.find((r) => r.account_name === 'Harborline Shipping Co');
    assert.equal(typeof harbor.ratings.pain_intensity, 'number');
    assert.ok(scores.items.some((r) => r.complete), 'no complete score after tagging');
  });

  await app.step('the tier distribution chart', async () => {
    const chart = page.locator('figure.chart', { hasText: 'Accounts per ICP tier' });
    await chart.locator('svg[role="img"]').waitFor();
    assert.ok(await chart.locator('svg rect').count() >= 1);
  });

  await app.step('sort by score, then by tier', async () => {
    const scores = async () => (await rowCells(page).locator('[data-score-cell]').allTextContents()).map(Number);
    const descending = await scores();
    assert.deepEqual(descending, [...descending].sort((a, b) => b - a));
    await page.locator('th button.sort', { hasText: 'Score' }).click();  // now ascending
    const ascending = await scores();
    assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
    await page.locator('th button.sort', { hasText: 'Tier' }).click();
    const tiers = await rowCells(page).evaluateAll((rows) => rows.map((r) => r.dataset.tier));
    const order = ['tier_1', 'tier_2', 'tier_3', 'disqualified', 'unscored'];
    const ranks = tiers.map((t) => order.indexOf(t));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    assert.match(page.url(), /sort=tier_rank/);
  });

  await app.step('keyboard: j moves to an account, Enter opens its breakdown', async () => {
    await page.locator('h1', { hasText: 'ICP scores' }).click();
    await page.keyboard.press('j');
    const focused = await page.evaluate(() => document.activeElement?.dataset?.openScore);
    assert.ok(focused, 'j did not focus an account');
    await page.keyboard.press('Enter');
    await page.locator('#panel:not([hidden]) .icp-attribute').first().waitFor();
    assert.match(await page.locator('#panel-title').textContent(), /^ICP: /);
  });

  await app.step('an evidence rating cites excerpts that open in the transcript', async () => {
    await page.locator('[data-open-score]', { hasText: 'Harborline Shipping Co' }).click();
    await page.locator('#panel-title', { hasText: 'Harborline Shipping Co' }).waitFor();
    const pain = page.locator('#panel [data-attribute="pain_intensity"]');
    assert.match(await pain.textContent(), /pain point excerpts/);
    const link = pain.locator('.icp-citation a[data-open-excerpt]').first();
    const excerptId = await link.getAttribute('data-open-excerpt');
    assert.ok(await pain.locator('.icp-citation .quote').first().textContent());
    await link.click();
    await page.waitForURL(new RegExp(`#/source/\\d+\\?excerpt=${excerptId}`));
    await page.locator('.turn.highlighted').waitFor();
    await page.goBack();
    await page.locator('#panel-title', { hasText: 'Harborline Shipping Co' }).waitFor();  // the URL kept the account
  });

  await app.step('a disqualified account names the fact that put it out', async () => {
    const { items } = await app.api('/api/v1/accounts');
    const larkspur = items.find((a) => a.name === 'Larkspur Events');
    await fetch(`${app.url}/api/v1/accounts/${larkspur.id}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ employees: 6 }),
    });
    await page.goto(`${app.url}/#/accounts?id=${larkspur.id}`);
    await page.locator('#panel [data-icp-link]').click();  // from the account to its score
    const reason = page.locator('#panel [data-disqualified="too_small"]');
    await reason.waitFor();
    assert.match(await reason.textContent(), /Too small.*employees is 6/);
    assert.equal(await page.locator(`tr[data-account-id="${larkspur.id}"]`).getAttribute('data-tier'), 'disqualified');
  });

  await app.step('matrix editor: the server’s refusal is shown, nothing saved', async () => {
    await page.locator('summary', { hasText: 'Rules, disqualifiers, signals and tiers' }).click();
    const text = await page.locator('#icp-json').inputValue();
    await page.locator('#icp-json').fill(text.replace('"field": "industry"', '"field": "vertical"'));
    await page.locator('[data-save-matrix]').click();
    const error = page.locator('[data-matrix-error]');
    await error.waitFor();
    assert.match(await error.textContent(), /'vertical' is not an account field/);
    assert.equal((await app.api('/api/v1/icp/matrix')).version, 0);
    await page.locator('#icp-json').fill('{ not json');
    assert.equal(await page.locator('[data-save-matrix]').isDisabled(), true);
    await page.locator('[data-load-default]').click();
    await page.waitForFunction(() => !document.querySelector('[data-save-matrix]').disabled);
    assert.match(await page.locator('#icp-json').inputValue(), /"field": "industry"/);
  });

  await app.step('matrix editor: weights must total 100 before saving', async () => {
    const industry = page.locator('[data-weight="industry"]');
    const save = page.locator('[data-save-matrix]');
    await industry.fill('25');
    assert.match(await page.locator('[data-weight-total]').textContent(), /105%: they must total 100%/);
    assert.equal(await save.isDisabled(), true);
    await page.locator('[data-weight="company_size"]').fill('10');
    assert.match(await page.locator('[data-weight-total]').textContent(), /^Weights total 100%\.$/);
    assert.equal(await save.isDisabled(), false);
    await page.fill('#icp-note', 'Industry over size — “enterprise” test');
    await save.click();
    await page.locator('[data-matrix-version="1"]').waitFor();
    const current = await app.api('/api/v1/icp/matrix');
    assert.equal(current.version, 1);
    assert.equal(current.matrix.attributes.find((a) => a.key === 'industry').weight, 25);
    assert.match(await page.locator('table.data[aria-label="ICP scores"] thead').textContent(), /Industry 25%/);
  });

  await app.step('versions: the earlier matrix loads back into the editor', async () => {
    await page.locator('[data-matrix-versions] summary').click();
    assert.equal(await page.locator('[data-load-version]').count(), 2);
    assert.match(await page.locator('[data-matrix-versions]').textContent(), /Industry over size — “enterprise” test/);
    await page.locator('[data-load-version="0"]').click();
    assert.equal(await page.locator('[data-weight="industry"]').inputValue(), '20');
    assert.equal((await app.api('/api/v1/icp/matrix')).version, 1);  // loaded, not saved
  });

  assert.deepEqual(app.errors.map(String), []);
});
