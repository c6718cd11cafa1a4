// Customer text is always text: a transcript full of markup runs nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, openApp } from './harness.mjs';

test('the XSS transcript renders inertly', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const dialogs = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  const result = await app.upload(join(FIXTURES, 'xss-transcript.txt'), { kind: 'interview' });
  assert.equal(result.status, 'stored', JSON.stringify(result));
  const sourceId = result.source_ids[0];

  await app.step('source view', async () => {
    await page.goto(`${app.url}/#/source/${sourceId}`);
    await page.locator('.transcript').waitFor();
    const text = await page.locator('.transcript').textContent();
    assert.ok(text.includes("<script>window.__xss = 1; alert('xss')</script>"), text);
    assert.ok(text.includes('<img src=x onerror='), text);
    assert.equal(await page.locator('.transcript script, .transcript img, .transcript svg').count(), 0);
  });

  await app.step('search results', async () => {
    await page.goto(`${app.url}/#/search?q=approvals`);
    await page.locator('.result').first().waitFor();
    const text = await page.locator('.results').textContent();
    assert.ok(text.includes('onerror'), text);
    assert.equal(await page.locator('.results img, .results script').count(), 0);
  });

  await app.step('library title', async () => {
    await page.goto(`${app.url}/#/library`);
    await page.locator('table.data[aria-label="Sources"] tbody tr').first().waitFor();
  });
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(app.errors.map(String), []);
});
