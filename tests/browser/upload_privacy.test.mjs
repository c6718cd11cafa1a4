// The upload form's "Personal data" choices reach the server: redaction on
// by default with every kind, kinds can be left out, names can be replaced
// by pseudonyms — checked on the stored text, not on the form alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

const TRANSCRIPT = [
  'Interviewer: How do you approve invoices today?',
  'Zoë Brandt: I print them. Mail me at zoe.brandt@kestrel.example or call +44 20 7946 0321, thanks. — Zoë',
  '',
].join('\n');

test('upload form: redaction kinds and pseudonyms are offered and applied to what is stored', async (t) => {
  const app = await openApp(t);
  const { page } = app;

  await app.step('the form offers them', async () => {
    await page.goto(`${app.url}/#/upload`);
    await page.locator('[data-redact]').waitFor();
    assert.equal(await page.locator('[data-redact]').isChecked(), true);
    assert.equal(await page.locator('[data-redact-kind]').count(), 10);
    assert.equal(await page.locator('[data-pseudonymize]').isChecked(), false);
  });

  await app.step('pseudonyms on, phone numbers kept', async () => {
    await page.locator('summary', { hasText: 'Kinds redacted' }).click();
    await page.locator('[data-redact-kind="phone"]').uncheck();
    await page.locator('[data-pseudonymize]').check();
    await page.locator('[data-file-input]').setInputFiles([{ name: 'brandt.txt', mimeType: 'text/plain', buffer: Buffer.from(TRANSCRIPT) }]);
    await page.locator('[data-start-upload]').click();
    await page.locator('.file-row .file-status').locator('text=/Stored: 1 source/').waitFor({ timeout: 30000 });
  });

  await app.step('what is stored', async () => {
    const list = await app.api('/api/v1/sources');
    assert.equal(list.total, 1);
    const source = await app.api(`/api/v1/sources/${list.items[0].id}`);
    const body = source.body || (source.source && source.source.body) || JSON.stringify(source);
    assert.ok(!body.includes('Zoë'), body);
    assert.ok(!body.includes('Brandt'), body);
    assert.ok(!body.includes('zoe.brandt@kestrel.example'), body);
    assert.ok(body.includes('[email]'), body);
    assert.ok(body.includes('+44 20 7946 0321'), body);  // phone numbers were left out of the redaction
    assert.match(body, /P1/);
  });
  assert.deepEqual(app.errors.map(String), []);
});
