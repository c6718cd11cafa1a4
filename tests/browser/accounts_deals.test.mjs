// Deals on the Accounts page (issue 13): after loading the sample study (its
// HubSpot-style companies and deals exports), the table shows each account's
// won, open and lost amounts, sortable, and an account's panel lists every
// deal with its stage, amount, close date and close-lost reason — figures
// checked against GET /api/v1/deals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSamples, openApp } from './harness.mjs';

const amountText = (n) => Number(n).toLocaleString();

test('accounts page: won, open and lost amounts per account, and the deals in the side panel', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const deals = await (async () => { await loadSamples(app); return (await app.api('/api/v1/deals')).items; })();
  assert.ok(deals.some((d) => d.outcome === 'lost' && d.lost_reason), 'the sample has a lost deal with a reason');
  // The account with the most deals, one with a lost deal and a reason if there is one.
  const byAccount = new Map();
  for (const d of deals) if (d.account_id) byAccount.set(d.account_id, [...(byAccount.get(d.account_id) || []), d]);
  const [accountId, own] = [...byAccount.entries()]
    .sort((a, b) => Number(b[1].some((d) => d.lost_reason)) - Number(a[1].some((d) => d.lost_reason)) || b[1].length - a[1].length)[0];
  const total = (outcome) => own.filter((d) => d.outcome === outcome).reduce((sum, d) => sum + (d.amount || 0), 0);

  await app.step('the table has Won, Open and Lost columns with the account\'s sums', async () => {
    await page.goto(`${app.url}/#/people`);
    await page.goto(`${app.url}/#/accounts`);
    const row = page.locator(`tr[data-account-id="${accountId}"]`);
    await row.waitFor();
    const headers = await page.locator('table.data[aria-label="Accounts"] thead th').allTextContents();
    const column = (label) => headers.findIndex((text) => text.includes(label));
    for (const label of ['Won', 'Open', 'Lost']) assert.ok(column(label) >= 0, `no ${label} column in ${headers}`);
    const cells = await row.locator('td').allTextContents();
    for (const [label, outcome] of [['Won', 'won'], ['Open', 'open'], ['Lost', 'lost']]) {
      const expected = own.some((d) => d.outcome === outcome) ? amountText(total(outcome)) : '—';
      assert.equal(cells[column(label)].trim(), expected, `${label} of account ${accountId}`);
    }
  });

  await app.step('sorting by Won puts the largest won amount first', async () => {
    await page.locator('th button.sort', { hasText: 'Won' }).click();
    const headers = await page.locator('table.data[aria-label="Accounts"] thead th').allTextContents();
    const won = headers.findIndex((text) => text.includes('Won'));
    const values = (await page.locator(`table.data[aria-label="Accounts"] tbody tr td:nth-child(${won + 1})`).allTextContents())
      .map((text) => (text.trim() === '—' ? null : Number(text.replace(/[^0-9.]/g, ''))));
    const numbers = values.filter((v) => v !== null);
    assert.ok(numbers.length >= 1);
    const sorted = [...numbers].sort((a, b) => b - a);
    assert.ok(JSON.stringify(numbers) === JSON.stringify(sorted) || JSON.stringify(numbers) === JSON.stringify([...sorted].reverse()),
      `won column not sorted: ${numbers}`);
  });

  await app.step('the side panel lists each deal with outcome, amount and the close-lost reason', async () => {
    await page.locator(`button[data-edit="${accountId}"]`).click();
    const list = page.locator('[data-account-deals]');
    await list.locator('table[aria-label="Deals"]').waitFor();
    assert.equal(await list.locator('tbody tr').count(), own.length);
    const summary = await list.locator('[data-deal-summary]').textContent();
    assert.match(summary, new RegExp(`${own.filter((d) => d.outcome === 'won').length} won`));
    assert.match(summary, new RegExp(`${own.filter((d) => d.outcome === 'lost').length} lost`));
    const lost = own.find((d) => d.lost_reason);
    if (lost) assert.ok((await list.textContent()).includes(lost.lost_reason), `lost reason '${lost.lost_reason}' not shown`);
    assert.deepEqual(app.errors, []);
  });
});
