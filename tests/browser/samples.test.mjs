// A fresh database shows the empty state, and its button loads the sample study.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

test('load the sample study from the empty state', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('empty state', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('text=No evidence yet').waitFor();
    await page.locator('[data-load-samples]').click();
    await page.locator('progress[aria-label="Loading the sample study"]').waitFor();
  });
  await app.step('library after loading', async () => {
    await page.locator('table.data[aria-label="Sources"] tbody tr').first().waitFor({ timeout: 120000 });
    const rows = await page.locator('table.data[aria-label="Sources"] tbody tr').count();
    assert.ok(rows >= 10, `only ${rows} sources`);
    const stats = await app.api('/api/v1/stats');
    assert.ok(stats.excerpts > 100, JSON.stringify(stats));
  });
  assert.deepEqual(app.errors.map(String), []);
});
