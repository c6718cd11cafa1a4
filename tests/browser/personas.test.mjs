// The synthesizer in the browser (issue 5): on the sample study, tagged,
// create a buyer persona for a role through the form, draft it, see cited
// attributes and flags, open a citation in context, review citations with
// the keyboard and watch the progress count change, export Markdown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadAndTagSamples, openApp } from './harness.mjs';

test('persona: create, draft, open a citation, review with the keyboard, export', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('load and tag the sample study', () => loadAndTagSamples(app));

  let personaId;
  await app.step('create a buyer persona for a role through the form', async () => {
    await page.goto(`${app.url}/#/personas`);
    await page.locator('#persona-name').waitFor();  // no personas yet: the form is open
    await page.fill('#persona-name', 'Controller buyer');
    await page.selectOption('#persona-kind', 'buyer');
    await page.fill('#persona-role', 'Controller');
    await page.locator('label.check', { hasText: 'Controller' }).first().locator('input').check();
    await page.locator('[data-create-persona]').click();
    await page.waitForURL(/#\/persona\/\d+$/);
    personaId = /#\/persona\/(\d+)/.exec(page.url())[1];
    await page.locator('h1', { hasText: 'Controller buyer' }).waitFor();
    const persona = await app.api(`/api/v1/personas/${personaId}`);
    assert.deepEqual(persona.persona.cohort.participants.roles, ['Controller']);
    assert.ok(persona.size.participants >= 2, JSON.stringify(persona.size));
  });

  await app.step('draft from evidence: cited attributes and flags', async () => {
    await page.locator('#draft-suggested').check();
    await page.locator('[data-draft]').click();
    await page.locator('[data-draft-report]').waitFor({ timeout: 60000 });
    const report = await page.locator('[data-draft-report]').textContent();
    assert.match(report, /\d+ added/);
    const chips = await page.locator('.attribute .chip').count();
    assert.ok(chips > 0, 'no citation chips');
    assert.ok(await page.locator('.attribute[data-attribute-id]').count() > 0);
    assert.ok(await page.locator('.attribute [data-flag]').count() > 0, 'no flags shown');
    assert.ok(await page.locator('[data-evidence-chart] svg[role="img"] title').count() > 0, 'no evidence chart');
    assert.ok(await page.locator('[data-check]').count() > 0, 'no checklist');
  });

  await app.step('a hand-written attribute is opinion-based', async () => {
    await page.locator('[data-add-attribute="goals"]').click();
    await page.locator('.attribute-editor textarea').fill('Wants approvals done before lunch');
    await page.locator('[data-save-attribute]').click();
    const added = page.locator('.attribute', { hasText: 'Wants approvals done before lunch' });
    await added.locator('[data-flag="opinion_based"]').waitFor();
  });

  await app.step('open a citation in its transcript', async () => {
    // The first chip shown: one under a folded 'Also mentioned' is not clickable.
    const chip = page.locator('.attribute .chip:visible').first();
    const excerptId = await chip.getAttribute('data-excerpt-id');
    await chip.click();
    await page.waitForURL(new RegExp(`#/source/\\d+\\?excerpt=${excerptId}`));
    await page.locator('.turn.highlighted').waitFor();
    await page.goBack();
    await page.locator('[data-draft]').waitFor();
    await page.locator('[data-show-evidence]:visible').first().click();
    await page.locator('#panel .context-turns .turn.highlighted').first().waitFor();
  });

  await app.step('review citations with the keyboard', async () => {
    await page.goto(`${app.url}/#/persona/${personaId}/review`);
    const progress = page.locator('[data-review-progress]');
    await progress.waitFor();
    const before = await progress.textContent();
    const total = Number(/of (\d+)/.exec(before)[1]);
    assert.match(before, /^0 of \d+ citations checked/);
    assert.ok(total > 0);
    await page.locator('.citation-card.selected').waitFor();
    await page.keyboard.press('s');
    await page.locator(`[data-review-progress]:text("1 of ${total}")`).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('n');
    await page.keyboard.type('Talks about email, not paper');
    await page.keyboard.press('Enter');
    await page.keyboard.press('d');
    await page.locator(`[data-review-progress]:text("2 of ${total}")`).waitFor();
    const cards = page.locator('.citation-card');
    assert.equal(await cards.nth(0).getAttribute('data-verdict'), 'supports');
    assert.equal(await cards.nth(1).getAttribute('data-verdict'), 'does_not_support');
    const view = await app.api(`/api/v1/personas/${personaId}`);
    const notes = view.attributes.flatMap((a) => a.citations).map((c) => c.note);
    assert.ok(notes.includes('Talks about email, not paper'), JSON.stringify(notes));
    await page.keyboard.press('?');
    await page.locator('#shortcuts-list', { hasText: 'does not support' }).waitFor();
    await page.locator('#shortcuts button[value="close"]').click();
    await page.locator('#shortcuts').waitFor({ state: 'hidden' });
  });

  await app.step('export Markdown', async () => {
    await page.goto(`${app.url}/#/persona/${personaId}`);
    await page.locator('[data-export-copy]').click();
    await page.locator('#toast', { hasText: 'Markdown copied' }).waitFor();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(markdown, /Controller buyer/);
    assert.match(markdown, /\[\^1\]/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="md"]').click()]);
    assert.match(download.suggestedFilename(), /\.md$/);
  });
  assert.deepEqual(app.errors.map(String), []);
});
