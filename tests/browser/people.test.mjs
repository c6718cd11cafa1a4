// Who said what (issue 9, items 3 and 4): the per-file upload table (fill
// down, per-row participants, a CSV), the attribution in the upload result,
// editing, merging and splitting participants, and re-roling a speaker on
// the source view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openApp } from './harness.mjs';

const transcript = (answer) => Buffer.from(
  `Interviewer: What slows your month-end close?\n\nInterviewee: ${answer}\n\nInterviewer: Anything else?\n\nInterviewee: ${answer} Every single week.\n`);

const FILES = [
  { name: 'Interview 1.txt', mimeType: 'text/plain', buffer: transcript('We retype supplier invoices by hand.') },
  { name: 'Interview 2.txt', mimeType: 'text/plain', buffer: transcript('Approvals sit in my inbox for days.') },
  { name: 'Interview 3.txt', mimeType: 'text/plain', buffer: transcript('The close takes a whole week.') },
];

test('upload table: fill down a role, a participant per file, a CSV, and the result says who each file is', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const cell = (row, col) => page.locator('.file-row').nth(row).locator(`input[data-col="${col}"]`);

  await app.step('choose three files: one row each, focus in the first participant cell', async () => {
    await page.goto(`${app.url}/#/upload`);
    await page.locator('[data-file-input]').setInputFiles(FILES);
    await page.locator('.file-row').nth(2).waitFor();
    assert.equal(await page.locator('.file-row').count(), 3);
    await page.waitForFunction(() => document.activeElement?.dataset?.col === 'participant');
  });

  await app.step('type participants down the column with the keyboard', async () => {
    await page.keyboard.type('Zoë Ångström');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('Kenji 渡辺');
    await page.keyboard.press('Enter');  // Enter also moves down
    await page.keyboard.type('Rosa Martínez');
    assert.equal(await cell(1, 'participant').inputValue(), 'Kenji 渡辺');
    assert.equal(await cell(2, 'participant').inputValue(), 'Rosa Martínez');
  });

  await app.step('fill a role down with the header button, an account with Ctrl+D', async () => {
    await cell(0, 'role').fill('Controller');
    await page.locator('[data-fill-down="role"]').click();
    for (const row of [1, 2]) assert.equal(await cell(row, 'role').inputValue(), 'Controller');
    assert.match(await page.locator('[data-table-status]').textContent(), /filled down to 2 more files/);
    // From the second row down only: the first row keeps its own account.
    await cell(0, 'account').fill('Harborline');
    await cell(1, 'account').fill('Nordlicht GmbH');
    await cell(1, 'account').press('Control+d');
    assert.equal(await cell(0, 'account').inputValue(), 'Harborline');
    assert.equal(await cell(2, 'account').inputValue(), 'Nordlicht GmbH');
  });

  await app.step('load segments and dates from a CSV (BOM, semicolons, quotes, an unknown file)', async () => {
    const csv = '\uFEFFFile name;Segment;Interview date;Notes\r\n' +
      '"Interview 1.txt";"mid-market; EMEA";2025-03-12;"said ""hi"""\r\n' +
      'interview 2;enterprise;2025/3/9;\r\n' +
      'Interview 3.txt;;not a date;\r\n' +
      'Interview 99.txt;smb;2025-01-01;\r\n';
    await page.locator('[data-csv-input]').setInputFiles({ name: 'meta.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-table-status]', { hasText: 'from the CSV' }).waitFor();
    assert.equal(await cell(0, 'segment').inputValue(), 'mid-market; EMEA');
    assert.equal(await cell(0, 'occurred_at').inputValue(), '2025-03-12');
    assert.equal(await cell(1, 'segment').inputValue(), 'enterprise');  // matched without the extension, any case
    assert.equal(await cell(1, 'occurred_at').inputValue(), '2025-03-09');
    assert.equal(await cell(2, 'occurred_at').inputValue(), '');
    const report = await page.locator('[data-table-status]').textContent();
    assert.match(report, /Filled 3 files/);
    assert.match(report, /Interview 99\.txt/);
    assert.match(report, /1 date skipped/);
  });

  await app.step('upload: each row says who the file was attributed to', async () => {
    await page.locator('[data-start-upload]').click();
    for (const [row, text] of [[0, 'Zoë Ångström — Controller, Harborline'], [1, 'Kenji 渡辺 — Controller, Nordlicht GmbH'], [2, 'Rosa Martínez — Controller, Nordlicht GmbH']]) {
      const attribution = page.locator('.file-row').nth(row).locator('[data-attribution]');
      await attribution.waitFor({ timeout: 30000 });
      assert.match(await attribution.textContent(), new RegExp(text));
    }
    assert.equal(await cell(0, 'participant').isDisabled(), true);  // sent with the file: no longer editable
    const people = (await app.api('/api/v1/participants')).items;
    assert.deepEqual(people.map((p) => p.label).sort(), ['Kenji 渡辺', 'Rosa Martínez', 'Zoë Ångström']);
    assert.ok(people.every((p) => p.role === 'Controller' && p.source_count === 1 && p.excerpt_count === 2), JSON.stringify(people));
    assert.equal(people.find((p) => p.label === 'Zoë Ångström').segment, 'mid-market; EMEA');
    const sources = (await app.api('/api/v1/sources?sort=title')).items;
    assert.equal(sources.find((s) => s.title.startsWith('Interview 1')).occurred_at, '2025-03-12');
  });
  assert.deepEqual(app.errors.map(String), []);
});

async function uploadAs(app, file, participant) {
  const form = new FormData();
  form.append('files', new Blob([file.buffer]), file.name);
  form.append('files[0].participant', participant);
  const body = await fetch(`${app.url}/api/v1/sources`, { method: 'POST', body: form }).then((r) => r.json());
  return body.files[0];
}

test('people pages: edit a participant, merge two, split a source off again, edit an account', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await uploadAs(app, FILES[0], 'Dana');
  await uploadAs(app, FILES[1], 'Dana W.');
  await uploadAs(app, FILES[2], 'Dana W.');
  const row = (label) => page.locator('table[aria-label="Participants"] tbody tr', { has: page.locator(`[data-edit]`, { hasText: new RegExp(`^${label}$`) }) });

  await app.step('the list shows each participant with their counts', async () => {
    await page.goto(`${app.url}/#/participants`);
    await page.locator('table[aria-label="Participants"] tbody tr').nth(1).waitFor();
    assert.equal(await page.locator('table[aria-label="Participants"] tbody tr').count(), 2);
    const cells = await row('Dana W\\.').locator('td').allTextContents();
    assert.ok(cells.includes('2') && cells.includes('4'), cells.join('|'));  // 2 sources, 4 excerpts
  });

  await app.step('edit a participant in the side panel', async () => {
    await row('Dana').locator('[data-edit]').click();
    await page.locator('#person-role').waitFor();
    assert.match(page.url(), /#\/participants\?id=\d+/);
    await page.fill('#person-role', 'Finance lead');
    await page.fill('#person-account', 'Harborline Shipping');
    await page.locator('[data-save-participant]').click();
    await page.locator('#toast.visible', { hasText: 'Saved Dana' }).waitFor();
    await row('Dana').locator('td', { hasText: 'Finance lead' }).waitFor();
    await page.locator('#panel .history li', { hasText: 'Edited' }).waitFor();
    const dana = (await app.api('/api/v1/participants')).items.find((p) => p.label === 'Dana');
    assert.equal(dana.role, 'Finance lead');
    assert.equal(dana.account_name, 'Harborline Shipping');
  });

  await app.step('merge the two into one', async () => {
    await row('Dana').locator('[data-select]').check();
    await row('Dana W\\.').locator('[data-select]').check();
    await page.locator('[data-merge]').click();
    const dana = (await app.api('/api/v1/participants')).items.find((p) => p.label === 'Dana');
    await page.selectOption('#merge-keep', String(dana.id));
    await page.locator('[data-confirm-merge]').click();
    await page.locator('#confirm[open]').waitFor();
    assert.match(await page.locator('#confirm-text').textContent(), /2 sources and 4 excerpts move to Dana/);
    await page.locator('#confirm-ok').click();
    await page.locator('#toast.visible', { hasText: 'Merged Dana W. into Dana' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Participants"] tbody tr').length === 1);
    const people = (await app.api('/api/v1/participants')).items;
    assert.equal(people.length, 1);
    assert.equal(people[0].source_count, 3);
    assert.equal(people[0].excerpt_count, 6);
    await page.locator('#panel .history li', { hasText: 'Merged another participant' }).waitFor();
  });

  await app.step('split one source off to a new participant', async () => {
    await page.locator('#panel .check-list input[type="checkbox"]').first().check();
    await page.fill('#split-label', 'Rosa Martínez');
    await page.locator('[data-split]').click();
    await page.locator('#toast.visible', { hasText: 'moved to Rosa Martínez' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Participants"] tbody tr').length === 2);
    const people = (await app.api('/api/v1/participants')).items;
    assert.deepEqual(people.map((p) => [p.label, p.source_count]).sort(), [['Dana', 2], ['Rosa Martínez', 1]]);
  });

  await app.step('edit the account Dana was given, from the accounts tab', async () => {
    await page.locator('.tabs a', { hasText: 'Accounts' }).click();
    const account = page.locator('table[aria-label="Accounts"] [data-edit]', { hasText: 'Harborline Shipping' });
    await account.click();
    await page.fill('#account-industry', 'Logistics');
    await page.fill('#account-employees', 'lots');
    await page.locator('[data-save-account]').click();
    await page.locator('#panel .error-box', { hasText: 'Employees must be a whole number' }).waitFor();
    await page.fill('#account-employees', '1,240');
    await page.locator('[data-save-account]').click();
    await page.locator('#toast.visible', { hasText: 'Saved Harborline Shipping' }).waitFor();
    await page.locator('table[aria-label="Accounts"] td', { hasText: 'Logistics' }).waitFor();
    const [harborline] = (await app.api('/api/v1/accounts')).items;
    assert.equal(harborline.employees, 1240);
    assert.equal(harborline.participant_count, 1);
  });
  assert.deepEqual(app.errors.map(String), []);
});

test('source view: change the participant and the role of a speaker label', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const stored = await uploadAs(app, FILES[0], 'Interviewee');
  const sourceId = stored.source_ids[0];

  await app.step('attribute the source to a new named participant', async () => {
    await page.goto(`${app.url}/#/source/${sourceId}`);
    await page.locator('[data-edit-speakers]').click();
    await page.fill('#source-participant', 'Amélie Dubois');
    await page.locator('[data-save-source-participant]').click();
    await page.locator('[data-participant-link]', { hasText: 'Amélie Dubois' }).waitFor();
  });

  await app.step('mark the interviewer label as the customer: their turns become the participant’s words', async () => {
    await page.locator('[data-edit-speakers]').click();
    await page.locator('select[data-speaker="Interviewer"]').selectOption('customer');
    await page.locator('#toast.visible', { hasText: 'Interviewer is now customer (2 turns)' }).waitFor();
    await page.locator('.turn.turn-customer').first().waitFor();
    const amelie = (await app.api('/api/v1/participants')).items.find((p) => p.label === 'Amélie Dubois');
    assert.equal(amelie.excerpt_count, 4);
  });
  assert.deepEqual(app.errors.map(String), []);
});

test('participants page: one participant in more than five sources is flagged as maybe several people', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  for (let i = 1; i <= 6; i += 1)
    await uploadAs(app, { name: `call ${i}.txt`, buffer: transcript(`Answer number ${i}.`) }, 'Customer');
  await page.goto(`${app.url}/#/participants`);
  const warning = page.locator('tr', { has: page.locator('[data-edit]', { hasText: 'Customer' }) }).locator('[data-span-warning]');
  await warning.waitFor();
  assert.equal((await warning.textContent()).trim(), '⚠ 6');
  assert.deepEqual(app.errors.map(String), []);
});
