// Team mode in the browser (issue 12): the server runs with --team and one
// user per role; the page shows the sign-in page first, returns to the page
// asked for, shows who is signed in, hides what the role cannot do, and
// signs out. Node-side requests (app.api, app.upload) carry the API token,
// which acts as an admin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, openApp } from './harness.mjs';

const PASSWORD = 'Grüße aus “Köln” 2026';
const USERS = [
  { name: 'ada', role: 'admin', password: PASSWORD },
  { name: 'rita', role: 'researcher', password: PASSWORD },
  { name: 'vic', role: 'viewer', password: PASSWORD },
];

async function signIn(page, name, password = PASSWORD) {
  await page.locator('#sign-in-name').waitFor();
  await page.fill('#sign-in-name', name);
  await page.fill('#sign-in-password', password);
  await page.locator('[data-sign-in]').click();
}

async function withEvidence(app) {
  const stored = await app.upload(join(FIXTURES, 'interview-priya.vtt'), { kind: 'interview' });
  assert.equal(stored.status, 'stored', JSON.stringify(stored));
  const persona = await app.api('/api/v1/personas', {
    method: 'POST', body: JSON.stringify({ name: 'Controller Carla', kind: 'buyer' }),
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(persona.name, 'Controller Carla', JSON.stringify(persona));
}

test('team mode: a viewer signs in, reads, sees no upload or drafting, and signs out', async (t) => {
  const app = await openApp(t, { users: USERS });
  const { page } = app;
  await withEvidence(app);

  await app.step('the sign-in page comes first; a wrong password is refused', async () => {
    await page.goto(`${app.url}/#/personas`);
    await page.waitForURL(/#\/sign-in\?next=/);
    await signIn(page, 'vic', 'not the password');
    await page.locator('[data-sign-in-error] .error-box').waitFor();
    assert.match(await page.locator('[data-sign-in-error]').textContent(), /wrong user name or password/);
    assert.equal(await page.locator('.nav-list').isVisible(), false);
  });

  await app.step('signed in: back on the page asked for, name and role shown', async () => {
    await signIn(page, 'vic');
    await page.waitForURL(/#\/personas$/);
    await page.locator('text=Controller Carla').first().waitFor();
    assert.equal(await page.locator('#who-name').textContent(), 'vic');
    assert.equal(await page.locator('#who-role').textContent(), 'viewer');
    assert.ok(await page.locator('#sign-out').isVisible());
  });

  await app.step('what a viewer cannot do is not offered', async () => {
    assert.equal(await page.locator('[data-nav="upload"]').isVisible(), false);
    assert.equal(await page.locator('[data-new-persona]').isVisible(), false);
    assert.equal(await page.locator('[data-nav="users"]').isVisible(), false);
    assert.ok(await page.locator('[data-nav="search"]').isVisible());
    await page.goto(`${app.url}/#/library`);
    await page.locator('table.data[aria-label="Sources"] tbody tr').first().waitFor();
    // The server refuses it anyway.
    const status = await page.evaluate(async () => (await fetch('/api/v1/personas', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"x"}',
    })).status);
    assert.equal(status, 403);
  });

  await app.step('sign out: back to the sign-in page, the API closed', async () => {
    await page.locator('#sign-out').click();
    await page.waitForURL(/#\/sign-in/);
    await page.locator('#sign-in-name').waitFor();
    assert.equal(await page.locator('#who').isVisible(), false);
    const status = await page.evaluate(async () => (await fetch('/api/v1/sources')).status);
    assert.equal(status, 401);
  });
  assert.deepEqual(app.errors.map(String), []);
});

test('team mode: a researcher creates a persona in the page, the audit log names them; an admin adds a user', async (t) => {
  const app = await openApp(t, { users: USERS });
  const { page } = app;
  await withEvidence(app);

  await app.step('a researcher sees upload and the persona form', async () => {
    await page.goto(`${app.url}/#/personas`);
    await signIn(page, 'rita');
    await page.waitForURL(/#\/personas$/);
    assert.equal(await page.locator('#who-role').textContent(), 'researcher');
    assert.ok(await page.locator('[data-nav="upload"]').isVisible());
    assert.equal(await page.locator('[data-nav="users"]').isVisible(), false);
    await page.locator('[data-new-persona]').click();
    await page.fill('#persona-name', 'AP Alex');
    await page.locator('[data-create-persona]').click();
    await page.waitForURL(/#\/persona\/\d+$/);
    await page.locator('h1', { hasText: 'AP Alex' }).waitFor();
    const personaId = /#\/persona\/(\d+)/.exec(page.url())[1];
    // The stock sqlite3 shell reads the audit log beside the running server (WAL).
    const actor = spawnSync('sqlite3', [app.dbPath,
      `SELECT actor FROM audit_log WHERE entity = 'personas' AND entity_id = ${Number(personaId)} ORDER BY id LIMIT 1`],
    { encoding: 'utf8' });
    assert.equal(actor.stdout.trim(), 'rita', actor.stderr);
  });

  await app.step('an admin lists and adds users on #/users', async () => {
    await page.locator('#sign-out').click();
    await page.waitForURL(/#\/sign-in/);
    await signIn(page, 'ada');
    await page.waitForURL(/#\/persona\/\d+$/);  // back where the sign-out left off
    assert.ok(await page.locator('[data-nav="users"]').isVisible());
    await page.goto(`${app.url}/#/users`);
    await page.locator('tr[data-user="rita"]').waitFor();
    await page.fill('#user-name', 'Zoë');
    await page.fill('#user-password', 'ein neues Passwort');
    await page.selectOption('#user-role', 'reviewer');
    await page.locator('[data-add-user]').click();
    await page.locator('tr[data-user="Zoë"]').waitFor();
    const users = await app.api('/api/v1/users');
    assert.deepEqual(users.items.map((u) => `${u.username}:${u.role}`).sort(),
      ['Zoë:reviewer', 'ada:admin', 'rita:researcher', 'vic:viewer']);
  });
  assert.deepEqual(app.errors.map(String), []);
});
