// Studies as the researcher's unit of work (issue 9): a new study of
// transcripts whose speakers are only "Interviewer 1"/"Interviewee" beside the
// sample study, uploaded through the per-file table with a role filled down,
// is one participant per file, and a persona over that study and role holds
// exactly them; the review queue and guide coverage are scoped to the study.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSamples, openApp } from './harness.mjs';

const STUDY = 'Data team 2026';

const transcript = (n) => Buffer.from(
  `Interviewer 1: Walk me through the last time retraining model ${n} went wrong. What's the most frustrating part?\n\n` +
  `Interviewee: Data drift — we notice it ${n} weeks late, when the dashboards go red.\n\n` +
  'Interviewer 1: How do you solve that today?\n\n' +
  `Interviewee: Relabelling by hand in a spreadsheet, ${n} hours a week, which is the part I hate.\n`);

const files = (count) => Array.from({ length: count }, (_, i) => (
  { name: `Interview ${i + 1}.txt`, mimeType: 'text/plain', buffer: transcript(i + 1) }));

async function studyId(app, name) {
  const { items } = await app.api('/api/v1/studies');
  return items.find((s) => s.name === name).id;
}

test('a new study beside the sample: the upload table fills a role down, one participant per file, a persona by study and role', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const count = 8;
  const cell = (row, col) => page.locator('.file-row').nth(row).locator(`input[data-col="${col}"]`);
  await app.step('load the sample study', () => loadSamples(app));

  await app.step('choose the files, name the study, fill the role down and change the last row', async () => {
    await page.goto(`${app.url}/#/upload`);
    await page.locator('#upload-study').fill(STUDY);
    await page.locator('[data-file-input]').setInputFiles(files(count));
    await page.locator('.file-row').nth(count - 1).waitFor();
    await cell(0, 'role').fill('Data scientist');
    await page.locator('[data-fill-down="role"]').click();
    for (let row = 1; row < count; ++row) assert.equal(await cell(row, 'role').inputValue(), 'Data scientist');
    await cell(count - 1, 'role').fill('ML engineer');
  });

  await app.step('upload: each file is its own interviewee with the role from the table', async () => {
    await page.locator('[data-start-upload]').click();
    for (let row = 0; row < count; ++row) {
      const attribution = page.locator('.file-row').nth(row).locator('[data-attribution]');
      await attribution.waitFor({ timeout: 60000 });
      const role = row === count - 1 ? 'ML engineer' : 'Data scientist';
      assert.match(await attribution.textContent(), new RegExp(`Interviewee \\(Interview ${row + 1}\\.txt\\) — ${role}`));
    }
    const people = (await app.api(`/api/v1/participants?study=${await studyId(app, STUDY)}`)).items;
    assert.equal(people.length, count);
    assert.equal(new Set(people.map((p) => p.label)).size, count);
    assert.ok(people.every((p) => p.source_count === 1 && p.excerpt_count === 2), JSON.stringify(people));
  });

  await app.step('a persona over the study and the role holds exactly those people', async () => {
    await page.goto(`${app.url}/#/personas`);
    await page.locator('[data-new-persona]').click();
    await page.locator('#persona-name').fill('Data scientists');
    await page.locator('fieldset:has(legend:text-is("Studies")) label', { hasText: STUDY }).locator('input').check();
    await page.locator('fieldset:has(legend:text-is("Participant roles")) label', { hasText: 'Data scientist' }).locator('input').check();
    await page.locator('[data-create-persona]').click();
    await page.waitForURL(/#\/persona\/\d+/);
    const id = /#\/persona\/(\d+)/.exec(page.url())[1];
    const persona = await app.api(`/api/v1/personas/${id}`);
    assert.deepEqual(persona.persona.cohort.studies, [STUDY]);
    assert.equal(persona.size.participants, count - 1);
    assert.equal(persona.size.sources, count - 1);
    assert.equal(persona.size.excerpts, 2 * (count - 1));
  });
  assert.deepEqual(app.errors.map(String), []);
});

test('the review queue and guide coverage are scoped to a chosen study', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  await app.step('the sample study and two interviews of a new study', async () => {
    await loadSamples(app);
    const form = new FormData();
    form.append('study', STUDY);
    for (const f of files(2)) form.append('files', new Blob([f.buffer]), f.name);
    const body = await fetch(`${app.url}/api/v1/sources`, { method: 'POST', body: form }).then((r) => r.json());
    assert.deepEqual(body.files.map((f) => f.status), ['stored', 'stored']);
  });
  const id = await studyId(app, STUDY);
  const mine = (await app.api(`/api/v1/sources?study=${id}`)).items.map((s) => s.title);

  await app.step('review: choose the study, tag only its excerpts, see only its suggestions', async () => {
    await page.goto(`${app.url}/#/review`);
    await page.locator('#review-study').selectOption(String(id));
    await page.waitForURL(new RegExp(`study=${id}`));
    // The page for the study is drawn once its requests answer (slow on a
    // loaded machine): until then the list of sources is not there to read.
    await page.locator('[data-tag-all]', { hasText: 'of this study' }).waitFor();
    const sourceOptions = await page.locator('#review-source option').allTextContents();
    assert.deepEqual(sourceOptions.slice(1).sort(), [...mine].sort());  // the source filter lists the study's sources only
    await page.locator('[data-tag-all]').click();
    await page.locator('[data-tag-status][data-done]').waitFor({ timeout: 120000 });
    await page.locator('.review-item').first().waitFor();
    const titles = await page.locator('.review-item .result-meta a').allTextContents();
    assert.ok(titles.length > 0);
    assert.ok(titles.every((title) => mine.includes(title)), titles.join(' | '));
    const scoped = await app.api(`/api/v1/tags?status=suggested&study=${id}&limit=1`);
    const everywhere = await app.api('/api/v1/tags?status=suggested&limit=1');
    assert.equal(scoped.total, everywhere.total);  // the run tagged this study alone: the sample is untouched
    assert.match(await page.locator('[data-review-progress]').textContent(), new RegExp(`^0 of ${scoped.total} reviewed`));
  });

  await app.step('guides: the study\'s coverage, and its interviews only in the interview list', async () => {
    await page.goto(`${app.url}/#/guides`);
    await page.locator('#coverage-study').selectOption(String(id));
    await page.waitForURL(new RegExp(`study=${id}`));
    const coverage = page.locator('[data-study-coverage]');
    await coverage.waitFor();
    assert.match(await coverage.textContent(), new RegExp(`${STUDY}: 2 interviews; \\d+ of 4 interviewer turns matched`));
    const options = await page.locator('#coverage-source option').allTextContents();
    assert.deepEqual(options.slice(1).sort(), [...mine].sort());
    await page.locator('#coverage-source').selectOption({ label: mine[0] });
    await page.locator('[data-coverage]').waitFor();
    await coverage.waitFor();  // the study's coverage stays beside the interview's
  });
  assert.deepEqual(app.errors.map(String), []);
});
