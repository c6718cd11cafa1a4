// The tagger UI: tag the sample study from the review page (background job
// with progress), review with the keyboard, see tags in a transcript, tag a
// selected span, and draft an interview guide and copy it as Markdown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSamples, openApp } from './harness.mjs';

test('review: tag all, accept and reject with the keyboard, tags in the transcript', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('load the sample study', () => loadSamples(app));

  await app.step('tag all excerpts from the review page', async () => {
    await page.goto(`${app.url}/#/review`);
    await page.locator('text=No suggestions yet').waitFor();
    await page.locator('[data-tag-all]').click();
    await page.locator('progress[aria-label="Tagging progress"]').waitFor();
    await page.locator('[data-tag-status][data-done]').waitFor({ timeout: 120000 });
    assert.match(await page.locator('[data-tag-status]').textContent(), /Done: [\d,]+ excerpts tagged, [\d,]+ new suggestions/);
    await page.locator('.review-item').first().waitFor();
    assert.match(await page.locator('[data-review-progress]').textContent(), /^0 of [\d,]+ reviewed/);
  });

  let firstId, secondId;
  await app.step('accept with a, reject with r', async () => {
    firstId = await page.locator('.review-item').nth(0).getAttribute('data-tag-id');
    secondId = await page.locator('.review-item').nth(1).getAttribute('data-tag-id');
    await page.keyboard.press('a');
    await page.locator(`.review-item[data-tag-id="${firstId}"] [data-verdict="accepted"]`).waitFor();
    await page.locator('[data-review-progress]', { hasText: /^1 of/ }).waitFor();
    await page.keyboard.press('r');
    await page.locator(`.review-item[data-tag-id="${secondId}"] [data-verdict="rejected"]`).waitFor();
    await page.locator('[data-review-progress]', { hasText: /^2 of [\d,]+ reviewed · 1 accepted · 1 rejected/ }).waitFor();
    const counts = (await app.api('/api/v1/tags?status=suggested&limit=1')).counts;
    assert.equal(counts.accepted, 1);
    assert.equal(counts.rejected, 1);
    const history = await app.api(`/api/v1/tags/${firstId}/history`);
    assert.equal(history.items[0].action, 'tag.accept');
    assert.equal(history.items[0].who, 'researcher');
  });

  await app.step('edit with e', async () => {
    await page.keyboard.press('e');
    const select = page.locator('[data-edit-category]');
    await select.waitFor();
    await select.selectOption('objection');
    await page.locator('.tag-editor button[type="submit"]').click();
    await page.locator('[data-review-progress]', { hasText: /^3 of [\d,]+ reviewed · 2 accepted/ }).waitFor();
  });

  await app.step('filter by category', async () => {
    await page.locator('[data-filter-category]').selectOption('pain_point');
    await page.waitForURL(/category=pain_point/);
    await page.locator('.review-item').first().waitFor();
    const chips = await page.locator('.review-item .review-head .tag-chip').allTextContents();
    assert.ok(chips.length > 0 && chips.every((c) => c === 'Pain point'), chips.join(','));
  });

  await app.step('most uncertain first, then retrain the tagger from the reviews', async () => {
    await page.locator('[data-review-order]').selectOption('uncertainty');
    await page.waitForURL(/order=uncertainty/);
    await page.waitForURL(/category=pain_point/);
    const expected = await app.api('/api/v1/tags?status=suggested&category=pain_point&order=uncertainty&limit=3');
    await page.locator(`.review-item[data-tag-id="${expected.items[0].id}"]`).waitFor();
    const shown = await page.locator('.review-item').evaluateAll((els) => els.slice(0, 3).map((el) => Number(el.dataset.tagId)));
    assert.deepEqual(shown, expected.items.map((x) => x.id));
    assert.ok(expected.items.every((x, i) => i === 0 || expected.items[i - 1].uncertainty >= x.uncertainty));
    await page.locator('[data-retrain]').click();
    await page.locator('[data-train-status][data-done]').waitFor({ timeout: 120000 });
    assert.match(await page.locator('[data-train-status]').textContent(), /^Trained on [\d,]+ reviewed examples \(each counts 5× a seed example\)/);
  });

  await app.step('tags inline in the transcript, and a tag on a selected span', async () => {
    const tag = await app.api(`/api/v1/tags/${firstId}`);
    const excerpt = await app.api(`/api/v1/excerpts/${tag.excerpt_id}?context=0`);
    await page.goto(`${app.url}/#/source/${excerpt.source.id}?excerpt=${tag.excerpt_id}`);
    const turn = page.locator(`#excerpt-${tag.excerpt_id}`);
    await turn.locator('.tag-chip').first().waitFor();
    // Select the first few words of the turn and tag them.
    await turn.locator('.quote').evaluate((el) => {
      const range = document.createRange();
      const text = el.firstChild;
      range.setStart(text, 0);
      range.setEnd(text, Math.min(12, text.length));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    await turn.locator('[data-selection-category]').selectOption('goal');
    await turn.locator('[data-tag-selection]').click();
    await page.locator('#toast', { hasText: 'Tagged the selection' }).waitFor();
    const tags = (await app.api(`/api/v1/excerpts/${tag.excerpt_id}/tags`)).items;
    const human = tags.find((x) => x.origin === 'human' && x.category === 'goal');
    assert.ok(human, JSON.stringify(tags));
    assert.equal(human.span_start, 0);
    assert.ok(human.span_end > 0 && human.span_end <= 40);
  });
  assert.deepEqual(app.errors.map(String), []);
});

test('guides: draft a guide, copy it as Markdown, see an interview\'s coverage', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('load the sample study', () => loadSamples(app));
  await app.step('draft and copy', async () => {
    await page.goto(`${app.url}/#/guides`);
    await page.locator('[data-guide] .guide-section').first().waitFor();
    await page.locator('[data-attribute]').first().waitFor();
    await page.locator('#guide-minutes').fill('30');
    await page.locator('[data-draft-guide]').click();
    await page.waitForURL(/minutes=30/);
    await page.locator('[data-guide]', { hasText: '30 minutes' }).waitFor();
    await page.locator('[data-copy-markdown]:not([disabled])').click();
    await page.locator('#toast', { hasText: 'Guide copied as Markdown' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^#/m);
    assert.match(copied, /min/);
  });
  await app.step('coverage of an interview', async () => {
    const options = await page.locator('[data-coverage-source] option').count();
    assert.ok(options > 1, 'no interviews to choose');
    const value = await page.locator('[data-coverage-source] option').nth(1).getAttribute('value');
    await page.locator('[data-coverage-source]').selectOption(value);
    await page.locator('[data-coverage]').waitFor();
    const links = await page.locator('[data-coverage] a[href*="excerpt="]').count();
    assert.ok(links > 0, 'no asked question links to its turn');
  });
  await app.step('the transcript names the bank question each interviewer turn asked', async () => {
    const coverage = await app.api(`/api/v1/sources/${encodeURIComponent(await page.locator('[data-coverage-source]').inputValue())}/coverage`);
    const asked = coverage.asked[0];
    await page.goto(`${app.url}/#/source/${coverage.source_id}`);
    const badge = page.locator(`#excerpt-${asked.excerpt_ids[0]} [data-bank-question]`);
    await badge.waitFor();
    assert.equal(await badge.textContent(), asked.question_id);
    // Participant turns never carry one.
    assert.equal(await page.locator('.turn-participant [data-bank-question]').count(), 0);
    const summary = page.locator('[data-coverage-link]');
    assert.match(await summary.textContent(), new RegExp(`^${coverage.matched_turns} of ${coverage.interviewer_turns} interviewer turns`));
    await summary.click();
    await page.waitForURL(new RegExp(`#/guides\\?source=${coverage.source_id}`));
    await page.locator('[data-coverage]').waitFor();
  });
  assert.deepEqual(app.errors.map(String), []);
});
