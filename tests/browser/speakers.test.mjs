// Whose words: search ranks an interviewer's question below the answers (a
// toggle interleaves them), "Copy quote" on a question says it is the
// interviewer's, and a text without speaker labels can be stored from the
// upload result.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

test('interviewer questions rank below answers, the toggle interleaves them, and copy quote names the interviewer', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const dir = mkdtempSync(join(tmpdir(), 'grounded-speakers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  await app.step('store a transcript whose question says the words most', async () => {
    const file = join(dir, 'Interview 10.txt');
    writeFileSync(file,
      'interviewer: Tell me about data drift. When does data drift hurt, and how do you notice data drift?\n' +
      'interviewee: Every quarter the model goes stale; data drift means we retrain by hand.\n' +
      'interviewer: Thanks.\n' +
      'interviewee: Sure.\n');
    const result = await app.upload(file);
    assert.equal(result.status, 'stored', JSON.stringify(result));
  });

  await app.step('customer speech first', async () => {
    await page.goto(`${app.url}/#/search?q=${encodeURIComponent('"data drift"')}`);
    await page.locator('[data-result-count]').waitFor();
    const results = page.locator('.result');
    assert.equal(await results.count(), 2);
    assert.match(await results.nth(0).locator('blockquote').textContent(), /model goes stale/);
    assert.equal(await results.nth(0).locator('[data-staff-turn]').count(), 0);
    assert.match(await results.nth(1).locator('blockquote').textContent(), /Tell me about data drift/);
    assert.equal(await results.nth(1).locator('[data-staff-turn]').textContent(), 'interviewer');
    // The answer is attributed to this file's interviewee, not to a shared "Interviewee".
    assert.match(await results.nth(0).locator('.result-meta').textContent(), /Interviewee \(Interview 10\.txt\)/);
  });

  await app.step('copy quote on the question says it is the interviewer', async () => {
    await page.locator('.result').nth(1).locator('[data-copy-quote]').click();
    await page.locator('#toast.visible').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^“Tell me about data drift/);
    assert.match(copied, /\n— Interviewer, question in “Interview 10”/);
  });

  await app.step('the toggle ranks all speakers by relevance', async () => {
    await page.locator('[data-all-speakers]').check();
    await page.waitForURL(/speakers=all/);
    await page.locator('.result').first().waitFor();
    await page.waitForFunction(() => /Tell me about data drift/.test(document.querySelector('.result blockquote')?.textContent || ''));
    assert.equal(await page.locator('.result').count(), 2);
    assert.ok(await page.locator('[data-all-speakers]').isChecked());
    await page.locator('[data-all-speakers]').uncheck();
    await page.waitForFunction(() => /model goes stale/.test(document.querySelector('.result blockquote')?.textContent || ''));
  });
  assert.deepEqual(app.errors.map(String), []);
});

test('a text without speaker labels is rejected with the reason, then stored without speakers from the result', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const dir = mkdtempSync(join(tmpdir(), 'grounded-speakers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'field notes.txt');
  writeFileSync(file, 'Note: visited the finance team.\nThey close the books on day five.\n\nThe bank feed is the slow part.\n');

  await app.step('rejected, with what was found and the choice', async () => {
    await page.goto(`${app.url}/#/upload`);
    await page.locator('[data-file-input]').setInputFiles([file]);
    await page.locator('[data-start-upload]').click();
    const status = page.locator('.file-row[data-file-name="field notes.txt"] .file-status');
    await status.locator('text=/Rejected: .*no speaker turns found in 3 lines/').waitFor({ timeout: 30000 });
    assert.match(await status.textContent(), /`Note:` \(1 line\)/);
  });

  await app.step('store without speakers', async () => {
    const status = page.locator('.file-row[data-file-name="field notes.txt"] .file-status');
    await status.getByRole('button', { name: 'Store without speakers' }).click();
    await status.locator('text=/Stored: 1 source, 2 excerpts/').waitFor({ timeout: 30000 });
    const participants = await app.api('/api/v1/participants');
    const labels = (participants.items || participants).map((p) => p.label);
    assert.ok(labels.includes('Participant (field notes.txt)'), JSON.stringify(labels));
  });
  assert.deepEqual(app.errors.map(String), []);
});
