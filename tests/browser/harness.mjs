// Shared helper for the browser tests (node --test tests/browser/).
//
// It builds nothing: it starts the already-built Grounded binary
// ($GROUNDED_BIN, default build/grounded) as `grounded serve --port 0` on a
// fresh temp database, reads the port it prints, and launches Debian's
// Chromium (/usr/bin/chromium, headless, fresh user-data-dir) through
// playwright-core.
//
//   import { test } from 'node:test';
//   import { openApp } from './harness.mjs';
//
//   test('library shows the empty state', async (t) => {
//     const app = await openApp(t);              // server + browser + page, closed after the test
//     await app.page.goto(app.url + '/#/library');
//     await app.step('empty state', async () => { ... });   // a screenshot is saved if it throws
//   });
//
// app: { page, context, url, dbPath, api(path, init) (fetch against the server),
//        upload(filePath, fields) (multipart POST, sync), step(name, fn), screenshot(name) }
// On any failure inside step(), or of the whole test, a screenshot goes to
// tests/browser/screenshots/ (git-ignored).
//
// Requests the test itself makes from Node (app.api, app.upload, or a plain
// fetch to app.url) act as a script: they carry the repository's API token,
// as `curl -H "Authorization: Bearer $(grounded token)"` would. The page's own
// requests carry none: they pass the server's same-origin and launch-cookie
// checks like a user's browser does (see src/server/access_guard.hpp).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'tests/browser/fixtures');
const SCREENSHOTS = join(ROOT, 'tests/browser/screenshots');
const BIN = resolve(ROOT, process.env.GROUNDED_BIN || 'build/grounded');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'];

/** Adds a user with `grounded users add` (password on stdin, as a script would). */
function addUser(dbPath, { name, role, password }) {
  const added = spawnSync(BIN, ['users', 'add', name, '--role', role, '--password-stdin', '--db', dbPath],
    { input: `${password}\n`, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`grounded users add ${name} failed: ${added.stderr}`);
}

/**
 * Starts `grounded serve --port 0` on a temp database; resolves {url, dbPath, stop()}.
 * users: [{name, role, password}] adds them first and serves in team mode (--team).
 */
export async function startServer({ samples = join(ROOT, 'samples'), users = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'grounded-browser-'));
  const dbPath = join(dir, 'grounded.db');
  for (const user of users || []) addUser(dbPath, user);
  const child = spawn(BIN, ['serve', '--port', '0', '--db', dbPath, '--web', join(ROOT, 'web'), '--samples', samples,
    ...(users ? ['--team'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`grounded serve did not start in 20 s:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const m = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) { clearTimeout(timer); resolvePromise(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot run ${BIN} (build it first, or set GROUNDED_BIN): ${e.message}`)); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`grounded serve exited with ${code}:\n${output}`)); });
  });
  const token = readFileSync(`${dbPath}.token`, 'utf8').trim();
  authorizeScriptRequests(url, token);
  return {
    url, dbPath, token, log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      scriptTokens.delete(url);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const scriptTokens = new Map();  // server url -> API token
const plainFetch = globalThis.fetch;
/** Node-side fetches to a test server send its API token (see the header comment). */
function authorizeScriptRequests(url, token) {
  scriptTokens.set(url, token);
  if (globalThis.fetch !== plainFetch) return;
  globalThis.fetch = (resource, init = {}) => {
    const target = String(resource instanceof Request ? resource.url : resource);
    const origin = [...scriptTokens.keys()].find((u) => target === u || target.startsWith(u + '/'));
    if (!origin) return plainFetch(resource, init);
    const headers = new Headers(init.headers || {});
    if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${scriptTokens.get(origin)}`);
    return plainFetch(resource, { ...init, headers });
  };
}

/** A headless Chromium context (fresh profile); resolves {context, close()}. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'grounded-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function safeName(name) {
  return name.replace(/[^a-z0-9-_]+/gi, '_').slice(0, 80);
}

/** Server + browser + page for one test; everything is closed when the test ends. */
export async function openApp(t, options = {}) {
  const server = await startServer(options);
  const browser = await launchBrowser();
  const { context } = browser;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  const screenshot = async (name) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${safeName(t.name)}-${safeName(name)}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => {});
    return path;
  };
  const app = {
    page, context, url: server.url, dbPath: server.dbPath, errors, screenshot,
    api: (path, init) => fetch(server.url + path, init).then((r) => r.json()),
    /** Uploads a fixture (synchronously processed) and returns the per-file result. */
    async upload(filePath, fields = {}) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('files', new Blob([readFileSync(filePath)]), basename(filePath));
      const body = await fetch(server.url + '/api/v1/sources', { method: 'POST', body: form }).then((r) => r.json());
      return body.files[0];
    },
    async step(name, fn) {
      try {
        return await fn();
      } catch (e) {
        const path = await screenshot(name);
        e.message += `\n(screenshot: ${path})`;
        throw e;
      }
    },
  };
  t.after(async () => {
    await browser.close();
    await server.stop();
  });
  return app;
}

/** Waits for a background job (GET /api/v1/jobs/{id}) to finish; throws with its message if it failed. */
export async function waitForJob(app, id) {
  for (let i = 0; i < 900; i++) {
    const job = await app.api(`/api/v1/jobs/${id}`);
    if (job.status === 'done') return job;
    if (job.status === 'failed') throw new Error(`job ${id} failed: ${job.message}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`job ${id} did not finish`);
}

/** Loads the sample study through the API; resolves the finished job. */
export async function loadSamples(app) {
  const loaded = await app.api('/api/v1/samples/load', { method: 'POST' });
  return waitForJob(app, loaded.job.id);
}

/** Loads the sample study and runs the tagger over it, through the API. */
export async function loadAndTagSamples(app) {
  await loadSamples(app);
  const tagging = await app.api('/api/v1/tagger/run', {
    method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' },
  });
  await waitForJob(app, tagging.job_id || tagging.job.id);
  const stats = await app.api('/api/v1/stats');
  if (!(stats.tags > 0)) throw new Error(`no tags after tagging: ${JSON.stringify(stats)}`);
}
