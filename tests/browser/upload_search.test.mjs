// Upload through the page, then search, open in context and copy a quote.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, openApp } from './harness.mjs';

test('upload a transcript and a ticket export then search open in context and copy a quote', async (t) => {
  const app = await openApp(t);
  const { page } = app;

  await app.step('upload', async () => {
    await page.goto(`${app.url}/#/upload`);
    await page.locator('[data-file-input]').setInputFiles([join(FIXTURES, 'interview-priya.vtt'), join(FIXTURES, 'tickets.csv')]);
    const rows = page.locator('.file-row');
    await assert.doesNotReject(rows.nth(1).waitFor());
    assert.equal(await rows.count(), 2);
    assert.equal(await page.locator('.file-row progress').count(), 2);  // a progress bar per file
    await page.locator('.file-row input[data-col="participant"]').first().fill('Priya Raman');
    await page.locator('.file-row input[data-col="role"]').first().fill('AP specialist');
    await page.locator('[data-fill-down="participant"]').click();
    await page.locator('[data-fill-down="role"]').click();
    await page.locator('[data-start-upload]').click();
    const vtt = page.locator('.file-row[data-file-name="interview-priya.vtt"] .file-status');
    const csv = page.locator('.file-row[data-file-name="tickets.csv"] .file-status');
    await vtt.locator('text=/Stored: 1 source, \\d+ excerpts/').waitFor({ timeout: 30000 });
    await csv.locator('text=/Stored: 3 sources/').waitFor({ timeout: 30000 });
    assert.match(await page.locator('[aria-live="polite"].muted').first().textContent(), /2 stored/);

    // The same file again is recognised.
    await page.locator('[data-file-input]').setInputFiles([join(FIXTURES, 'interview-priya.vtt')]);
    await page.locator('[data-start-upload]').click();
    await page.locator('.file-row').nth(2).locator('text=/Already stored/').waitFor({ timeout: 30000 });
  });

  await app.step('library', async () => {
    await page.goto(`${app.url}/#/library`);
    await page.locator('table.data[aria-label="Sources"] tbody tr').first().waitFor();
    assert.equal(await page.locator('table.data[aria-label="Sources"] tbody tr').count(), 4);
    await page.locator('svg[role="img"]').first().waitFor();  // the evidence chart
  });

  let excerptHref;
  await app.step('search', async () => {
    await page.goto(`${app.url}/#/library`);
    await page.keyboard.press('/');  // "/" focuses search
    await page.locator('[data-search-input]').waitFor();
    await page.locator('[data-search-input]').fill('"red folder"');
    await page.keyboard.press('Enter');
    await page.locator('[data-result-count]').waitFor();
    assert.match(await page.locator('[data-result-count]').textContent(), /^1 excerpt/);
    const marks = await page.locator('.result mark').allTextContents();
    assert.equal(marks.join(' ').toLowerCase().replace(/\s+/g, ' '), 'red folder');
    assert.match(page.url(), /#\/search\?q=%22red\+folder%22|#\/search\?q=%22red%20folder%22/);
    excerptHref = await page.locator('[data-open-context]').first().getAttribute('href');
  });

  await app.step('copy quote', async () => {
    await page.locator('[data-copy-quote]').first().click();
    await page.locator('#toast.visible').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^“Every invoice gets printed and carried around the office in a red folder/);
    assert.match(copied, /AP specialist/);
    assert.match(copied, /interview-priya/);
    assert.ok(copied.includes(`${app.url}/${excerptHref}`), copied);
  });

  await app.step('open in context with the keyboard', async () => {
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/source\/\d+\?excerpt=\d+/);
    const highlighted = page.locator('.turn.highlighted');
    await highlighted.waitFor();
    assert.match(await highlighted.textContent(), /red folder/);
    await page.waitForFunction(() => document.activeElement?.classList.contains('highlighted'));
    // Interviewer turns are set apart.
    assert.ok(await page.locator('.turn.turn-interviewer').count() >= 1);
  });
  assert.deepEqual(app.errors.map(String), []);
});
