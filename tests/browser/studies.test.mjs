// Studies in the browser: load the sample study, find it as a study facet in
// search, then delete it in one confirmed action and see the library empty.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

test('the sample study is its own study: search facet, one confirmed delete, empty library', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('load the sample study', async () => {
    await page.goto(`${app.url}/#/library`);
    await page.locator('[data-load-samples]').click();
    await page.locator('table.data[aria-label="Sources"] tbody tr').first().waitFor({ timeout: 120000 });
    const studyCell = page.locator('table.data[aria-label="Sources"] tbody tr').first().locator('td').nth(6);
    assert.equal(await studyCell.textContent(), 'Sample: Ledgerline');
    const options = await page.locator('#library-study option').allTextContents();
    assert.ok(options.some((o) => o.startsWith('Sample: Ledgerline')), options.join(' | '));
  });

  await app.step('search shows the study facet and filters by it', async () => {
    await page.goto(`${app.url}/#/search?q=invoice`);
    const facet = page.locator('fieldset:has(legend:text-is("Study")) label.facet');
    await facet.first().waitFor();
    assert.equal(await facet.count(), 1);
    assert.match(await facet.first().textContent(), /^Sample: Ledgerline\d[\d,]*$/);
    const before = await page.locator('[data-result-count]').textContent();
    await facet.first().locator('input').check();
    await page.waitForURL(/study=Sample/);
    await page.locator('[data-result-count]').waitFor();
    assert.equal(await page.locator('[data-result-count]').textContent(), before);  // every hit is in the sample study
    assert.equal(await page.locator('.result-study').first().textContent(), 'Sample: Ledgerline');
    // The token form narrows the same way.
    await page.goto(`${app.url}/#/search?q=${encodeURIComponent('invoice study:"Sample: Ledgerline"')}`);
    await page.locator('[data-result-count]').waitFor();
    assert.equal(await page.locator('[data-result-count]').textContent(), before);
  });

  await app.step('delete the sample study in one confirmed action', async () => {
    await page.goto(`${app.url}/#/studies`);
    const row = page.locator('tr[data-study-name="Sample: Ledgerline"]');
    await row.waitFor();
    await row.locator('[data-delete-study]').click();
    const dialog = page.locator('dialog#confirm');
    await dialog.waitFor();
    assert.match(await dialog.locator('#confirm-text').textContent(), /sample study deletes its \d+ sources/);
    await dialog.locator('#confirm-ok').click();
    await page.locator('text=No studies yet').waitFor({ timeout: 60000 });
  });

  await app.step('the library is empty again', async () => {
    await page.goto(`${app.url}/#/library`);
    await page.locator('text=No evidence yet').waitFor();
    const stats = await app.api('/api/v1/stats');
    assert.equal(stats.sources, 0);
    assert.equal(stats.excerpts, 0);
  });
  assert.deepEqual(app.errors.map(String), []);
});
