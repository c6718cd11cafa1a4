// The Segments page in the browser: empty until analytics exist, then (after
// "Load the sample study", which generates 90 days of usage) the sizes chart,
// users and accounts with their ids and segments, a move to at-risk, a
// persona made from a segment, and the needs-based cohorts section.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

test('segments: sample analytics, chart, members, persona from a segment', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('empty state offers the sample study, which brings usage data', async () => {
    await page.goto(`${app.url}/#/segments`);
    await page.locator('text=No usage data yet').waitFor();
    await page.locator('[data-load-samples]').click();
    await page.locator('table.data[aria-label="Users and their segments"]').waitFor({ timeout: 120000 });
  });

  await app.step('the chart and the members table show every segment', async () => {
    const figure = page.locator('figure.chart').first();
    assert.equal(await figure.locator('figcaption').textContent(), 'Users per segment, by month');
    assert.ok(await figure.locator('svg rect').count() >= 4);
    const segments = new Set(await page.locator('tr[data-segment]').evaluateAll((rows) => rows.map((r) => r.dataset.segment)));
    for (const s of ['power', 'regular', 'at-risk', 'new']) assert.ok(segments.has(s), `no ${s} user: ${[...segments]}`);
    const dana = page.locator('tr[data-external-id="dana.whitfield@harborline.example"]');
    assert.equal(await dana.locator('td').nth(3).textContent(), 'Dana Whitfield');
    assert.equal(await dana.getAttribute('data-segment'), 'power');
  });

  await app.step('weeks, a segment filter and the accounts tab go through the URL', async () => {
    await page.selectOption('#segment-period', 'week');
    await page.waitForURL(/period=week/);
    await page.locator('figcaption:text-is("Users per segment, by week")').waitFor();
    await page.selectOption('#segment-filter', 'at-risk');
    await page.waitForURL(/segment=at-risk/);
    await page.locator('tr[data-segment]').first().waitFor();
    const shown = await page.locator('tr[data-segment]').evaluateAll((rows) => rows.map((r) => r.dataset.segment));
    assert.ok(shown.length > 0 && shown.every((s) => s === 'at-risk'), shown.join(','));
    await page.locator('[data-unit="accounts"]').click();
    await page.locator('table.data[aria-label="Accounts and their segments"]').waitFor();
  });

  await app.step('make a persona from the at-risk users', async () => {
    await page.goto(`${app.url}/#/segments`);
    await page.locator('[data-make-persona="at-risk"]').click();
    await page.waitForURL(/#\/persona\/\d+/);
    const personas = await app.api('/api/v1/personas');
    const made = personas.items.find((p) => p.name === 'At-risk users');
    assert.ok(made, JSON.stringify(personas.items.map((p) => p.name)));
  });

  await app.step('the needs-based section answers', async () => {
    await page.goto(`${app.url}/#/segments`);
    await page.locator('#needs-title').waitFor();
    await page.locator('#needs-title + p').waitFor();
    assert.doesNotMatch(await page.locator('section:has(#needs-title)').textContent(), /Loading…/);
  });
  assert.deepEqual(app.errors.map(String), []);
});
