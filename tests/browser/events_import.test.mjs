// Imports from the UI (issue 13, surfaces): a product-analytics export
// uploaded on the Segments page with its progress and report, a re-import
// that counts nothing twice, a file that is not an export refused by name;
// and CRM and survey exports through the Upload page, landing as accounts
// and survey sources.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

const MONDAY = 1793613600;  // 2026-11-02 10:00 UTC
const USERS = ['zoë@harborline.example', '李雷', 'u-42'];

// Three users over 28 days, one event each a day: 84 events.
function mixpanelExport() {
  let text = '';
  let n = 0;
  for (let day = 0; day < 28; day++) {
    for (const user of USERS) {
      text += JSON.stringify({ event: day % 2 ? 'Invoice approved' : 'Invoice uploaded',
        properties: { time: MONDAY - day * 86400, distinct_id: user, $insert_id: `ins-${n++}` } }) + '\n';
    }
  }
  return { name: 'mixpanel-export.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) };
}

test('segments page: import an analytics export, see its report and segments; a re-import adds nothing', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('the empty page offers the import, open', async () => {
    await page.goto(`${app.url}/#/segments`);
    await page.locator('text=No usage data yet').waitFor();
    assert.equal(await page.locator('details[data-events-import]').evaluate((d) => d.open), true);
    await page.locator('[data-no-imports]').waitFor();
  });

  await app.step('import: progress, then the report and the members table', async () => {
    await page.locator('[data-events-file]').setInputFiles(mixpanelExport());
    await page.locator('[data-start-events-import]').click();
    await page.locator('table.data[aria-label="Users and their segments"]').waitFor({ timeout: 60000 });
    const report = await page.locator('[data-events-report]').textContent();
    assert.match(report, /84 new events of 84 read \(mixpanel\), 0 duplicates skipped/);
    assert.match(report, /3 users \(3 new\)/);
    for (const user of USERS) await page.locator(`tr[data-external-id="${user}"]`).waitFor();
    const rows = page.locator('table[aria-label="Earlier analytics imports"] tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
  });

  await app.step('the same file again: every event is a duplicate, segments unchanged', async () => {
    const before = await page.locator('tr[data-external-id="u-42"]').textContent();
    await page.locator('[data-events-file]').setInputFiles(mixpanelExport());
    await page.locator('[data-start-events-import]').click();
    await page.locator('[data-events-report]:has-text("0 new events of 84 read")').waitFor({ timeout: 60000 });
    assert.match(await page.locator('[data-events-report]').textContent(), /84 duplicates skipped/);
    await page.locator('table[aria-label="Earlier analytics imports"] tbody tr:nth-child(2)').waitFor();
    assert.equal(await page.locator('tr[data-external-id="u-42"]').textContent(), before);
  });

  await app.step('a file that is not an export is refused, naming it', async () => {
    await page.locator('[data-events-file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Dear team, notes.\n') });
    await page.locator('[data-start-events-import]').click();
    const alert = page.locator('[data-events-result] .error-box');
    await alert.waitFor({ timeout: 60000 });
    assert.match(await alert.textContent(), /notes\.txt: not a product-analytics export/);
    const imports = await app.api('/api/v1/events/imports');
    assert.equal(imports.items.length, 2);
  });
  assert.deepEqual(app.errors.map(String), []);
});

const HUBSPOT = 'Record ID,Company name,Company Domain Name,Industry,Number of Employees,Annual Revenue,Country/Region,Lifecycle Stage\n' +
  '1,Harborline Shipping Co,harborline.example,Logistics,240,38000000,North America,Customer\n' +
  '2,Café Évora Lda,evora.example,Hospitality,35,2500000,Europe,Lead\n';
const TYPEFORM = '#,What is your role?,What is the most frustrating part of processing invoices?,Response Type,Start Date (UTC),Stage Date (UTC),Submit Date (UTC),Network ID\n' +
  'r1a,Controller,"Re-keying every invoice by hand — it’s where the errors creep in.",completed,2026-11-01 10:00:00,2026-11-01 10:02:00,2026-11-01 10:03:00,n1\n' +
  'r2b,Bookkeeper,月末の照合に時間がかかりすぎる。,completed,2026-11-01 11:00:00,2026-11-01 11:02:00,2026-11-01 11:03:00,n2\n';

test('upload page: a HubSpot companies export becomes accounts and a Typeform export survey sources', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('the empty Accounts page points at the upload', async () => {
    await page.goto(`${app.url}/#/accounts`);
    await page.locator('[data-import-crm]').click();
    await page.waitForURL(/#\/upload/);
  });

  await app.step('both files upload; each result says what it stored', async () => {
    await page.locator('[data-file-input]').setInputFiles([
      { name: 'hubspot_companies.csv', mimeType: 'text/csv', buffer: Buffer.from(HUBSPOT) },
      { name: 'typeform_responses.csv', mimeType: 'text/csv', buffer: Buffer.from(TYPEFORM) },
    ]);
    await page.locator('[data-start-upload]').click();
    await page.locator('text=2 stored').waitFor({ timeout: 60000 });
    const text = await page.locator('main').textContent();
    assert.match(text, /Stored: 2 accounts: 2 created, 0 updated, 0 unchanged \(hubspot_companies\)/);
    assert.match(text, /Stored: 2 sources, 4 excerpts \(typeform_csv\)/);
  });

  await app.step('the accounts are listed with their CRM facts; the answers are survey sources', async () => {
    await page.goto(`${app.url}/#/accounts`);
    await page.locator('tr:has(button:text-is("Café Évora Lda"))').waitFor();
    assert.match(await page.locator('tr:has(button:text-is("Harborline Shipping Co"))').textContent(), /Logistics\s*240\s*38,000,000/);
    const sources = await app.api('/api/v1/sources?kind=survey');
    assert.equal(sources.items.length, 2);
    const search = await app.api(`/api/v1/search?q=${encodeURIComponent('re-keying')}`);
    assert.ok(search.hits.some((hit) => hit.text.includes('Re-keying every invoice')), JSON.stringify(search.hits));
  });
  assert.deepEqual(app.errors.map(String), []);
});
