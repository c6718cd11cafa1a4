// The theme board on the sample study: propose themes from the page, rename
// one, merge one card into another by dragging (and by the keyboard
// alternative), confirm with the keyboard, move an excerpt out of one theme
// into another — each checked through the API and its audit history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadAndTagSamples, openApp } from './harness.mjs';

// Two proposed pain-point themes, the larger first, as the board shows them.
async function twoPainThemes(app) {
  const { items } = await app.api('/api/v1/themes?category=pain_point&status=proposed');
  assert.ok(items.length >= 3, `expected several pain-point themes, got ${items.length}`);
  return [items[0], items[1], items[2]];
}

test('themes: propose, rename, merge by drag and by keyboard, confirm', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('load and tag the sample study', () => loadAndTagSamples(app));

  await app.step('propose themes from the board', async () => {
    await page.goto(`${app.url}/#/themes`);
    await page.locator('text=No themes yet').waitFor();
    await page.locator('#themes-suggested').check();
    await page.locator('[data-propose]').click();
    await page.locator('[data-propose-status][data-done]').waitFor({ timeout: 60000 });
    assert.match(await page.locator('[data-propose-status]').textContent(), /Read [\d,]+ tags: [\d,]+ new themes/);
    await page.locator('.theme-column[data-category="pain_point"] .theme-card').first().waitFor();
    const counts = await page.locator('.theme-column[data-category="pain_point"] [data-theme-counts]').first().textContent();
    assert.match(counts, /\d+ participants? · \d+ excerpts?/);
    assert.equal(app.errors.length, 0, app.errors.map(String).join('\n'));
  });

  const [first, second, third] = await twoPainThemes(app);
  const card = (theme) => page.locator(`.theme-card[data-theme-id="${theme.id}"]`);

  await app.step('rename a theme', async () => {
    await card(first).locator('[data-rename]').click();
    const input = card(first).locator('[data-theme-input]');
    await input.fill('Invoices keyed in by hand');
    await input.press('Enter');
    await card(first).locator('.theme-name', { hasText: 'Invoices keyed in by hand' }).waitFor();
    const stored = await app.api(`/api/v1/themes/${first.id}`);
    assert.equal(stored.name, 'Invoices keyed in by hand');
    assert.equal(stored.name_origin, 'manual');
  });

  await app.step('merge by dragging one card onto another', async () => {
    // An excerpt may back both themes: the merged theme holds it once.
    const excerpts = new Set();
    for (const theme of [first, second])
      for (const m of (await app.api(`/api/v1/themes/${theme.id}`)).members) excerpts.add(m.excerpt_id);
    await card(second).dragTo(card(first));
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-ok').click();
    await card(second).waitFor({ state: 'detached' });
    const merged = await app.api(`/api/v1/themes/${first.id}`);
    assert.equal(merged.excerpts, excerpts.size);
    const missing = await fetch(`${app.url}/api/v1/themes/${second.id}`);
    assert.equal(missing.status, 404);
  });

  await app.step('merge with the keyboard: select, m, Enter', async () => {
    await card(third).focus();
    await page.keyboard.press('m');
    const picker = card(third).locator('[data-merge-target]');
    await picker.waitFor();
    await picker.selectOption(String(first.id));
    await picker.press('Enter');
    await page.locator('#confirm[open]').waitFor();
    await page.locator('#confirm-ok').click();
    await card(third).waitFor({ state: 'detached' });
  });

  await app.step('confirm with c', async () => {
    await card(first).focus();
    await page.keyboard.press('c');
    await card(first).locator('[data-theme-status="confirmed"]').waitFor();
    const history = await app.api(`/api/v1/themes/${first.id}/history`);
    const actions = history.items.map((e) => e.action);
    for (const want of ['theme.rename', 'theme.merge', 'theme.confirm']) assert.ok(actions.includes(want), `${want} in ${actions}`);
  });

  await app.step('re-proposing keeps the confirmed, renamed theme', async () => {
    await page.locator('[data-propose]').click();
    await page.locator('[data-propose-status][data-done]').waitFor();
    await card(first).locator('.theme-name', { hasText: 'Invoices keyed in by hand' }).waitFor();
    await card(first).locator('[data-theme-status="confirmed"]').waitFor();
    assert.equal(app.errors.length, 0, app.errors.map(String).join('\n'));
  });

  await app.step('move an excerpt out of one theme into another with "Move to…"', async () => {
    const { items } = await app.api('/api/v1/themes?category=pain_point&status=proposed');
    const source = items.find((t) => t.excerpts >= 2 && t.id !== first.id);
    assert.ok(source, 'a proposed pain-point theme with two excerpts');
    const before = await app.api(`/api/v1/themes/${source.id}`);
    const tag = before.members[0].tag_id;
    await card(source).locator('[data-evidence-toggle]').click();
    const select = card(source).locator(`.theme-member[data-tag-id="${tag}"] [data-move-target]`);
    await select.waitFor();
    await select.selectOption(String(first.id));
    await page.locator('text=Excerpt moved').first().waitFor();
    const into = await app.api(`/api/v1/themes/${first.id}`);
    assert.ok(into.members.some((m) => m.tag_id === tag && m.origin === 'manual'), 'the excerpt is in the target theme');
    const out = await app.api(`/api/v1/themes/${source.id}`);
    assert.ok(!out.members.some((m) => m.tag_id === tag), 'the excerpt left the theme it moved from');
    const history = await app.api(`/api/v1/themes/${source.id}/history`);
    assert.ok(history.items.some((e) => e.action === 'theme.move_out'), 'the move out is audited');
    assert.equal(app.errors.length, 0, app.errors.map(String).join('\n'));
  });
});
