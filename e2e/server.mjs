// Starts the real binary serving the demo year on a fresh database (SQLite by default, or the
// database KAKEHASHI_E2E_DATABASE_URL names) and a headless Chromium, for the browser tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const password = 'e2e-demo-password';
export const shots = join(here, 'out');

// axe-core, the accessibility rules (WCAG 2.1 A and AA), run on every page the tests open.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/// Audits each page of every context the tests open, once it has loaded, and keeps what fails;
/// answers yes to every confirmation and keeps its question.
/// The audit runs through the DevTools protocol, so the pages' own Content-Security-Policy stays
/// as served (no inline script is allowed in them).
function auditPages(browser, base) {
  const audit = { pages: 0, violations: [], questions: [], sayNoOnce: false };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on('page', (page) => {
      // An action that mails people or cannot be undone asks first: the tests say yes, and keep
      // what was asked so that a test can check the question.
      page.on('dialog', async (dialog) => {
        audit.questions.push(dialog.message());
        if (audit.sayNoOnce) {
          audit.sayNoOnce = false;
          await dialog.dismiss();
        } else await dialog.accept();
      });
      page.on('load', async () => {
        const url = page.url();
        if (!url.startsWith(base)) return;
        try {
          await page.evaluate(axeSource);
          const found = await page.evaluate(async (values) => {
            const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values } });
            return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
          }, WCAG);
          audit.pages += 1;
          for (const v of found) audit.violations.push({ page: new URL(url).pathname, ...v });
        } catch {
          // The test moved on before the audit ended; the page it went to is audited in turn.
        }
      });
    });
    return context;
  };
  return audit;
}

// The backend the browser tests run on, known before the server starts (test names carry it).
export const backendName = (process.env.KAKEHASHI_E2E_DATABASE_URL ?? '').startsWith('postgres') ? 'postgres' : 'sqlite';

export async function start() {
  const bin = process.env.KAKEHASHI_BIN ?? join(here, '..', 'target', 'debug', 'kakehashi');
  const work = mkdtempSync(join(tmpdir(), 'kakehashi-e2e-'));
  const databaseUrl = process.env.KAKEHASHI_E2E_DATABASE_URL ?? `sqlite://${join(work, 'demo.db')}`;
  const backend = backendName;
  let log = '';
  // Port 0: the binary binds a free port before loading the demo and prints it, so that two
  // servers (or a server and an outgoing connection's port) can never collide.
  const server = spawn(bin, ['demo', '--listen', '127.0.0.1:0', '--demo-password', password], {
    env: { ...process.env, KAKEHASHI_DATABASE_URL: databaseUrl, KAKEHASHI_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => { log += d; });
  server.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 120_000;
  let health = null;
  let base = null;
  while (health === null) {
    // The last lines first: that is where the reason is, and reports often keep only the start.
    const last = () => log.trim().split('\n').slice(-3).join(' | ');
    if (Date.now() > deadline) throw new Error(`kakehashi did not answer: ${last()}\n${log}`);
    if (server.exitCode !== null) throw new Error(`kakehashi exited early (${server.exitCode}): ${last()}\n${log}`);
    base ??= log.match(/Kakehashi is serving at (http:\/\/[^/\s]+)\//)?.[1] ?? null;
    if (base !== null) try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) health = await r.json();
    } catch { /* not up yet */ }
    if (health === null) await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(health, { status: 'ok', database: backend });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(shots, { recursive: true });
  const audit = auditPages(browser, base);
  return {
    base,
    backend,
    browser,
    audit,
    async stop() {
      await browser.close();
      // Waits for the server to finish, so that the next file's server never shares the database
      // with one still shutting down.
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      // Every page the tests opened passed the audit (once each page and rule).
      const found = [...new Map(audit.violations.map((v) => [`${v.page} ${v.id}`, v])).values()];
      assert.ok(audit.pages > 0, 'pages were audited');
      assert.deepEqual(found, [], `accessibility (axe-core, WCAG 2.1 A and AA), ${audit.pages} page(s) audited`);
    },
  };
}

/// Logs a browser page in through the login form.
export async function login(page, base, email, pw = password) {
  await page.goto(`${base}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', pw);
  await Promise.all([page.waitForURL(/\/dashboard$/), page.click('[data-testid=login-submit]')]);
}

/// A JSON API client with its own cookie jar (a browser context's request object) and CSRF token.
export async function api(browser, base, email) {
  const context = await browser.newContext();
  const r = await context.request.post(`${base}/api/v1/session`, { data: { email, password } });
  assert.equal(r.status(), 200, `API login of ${email}`);
  const me = await (await context.request.get(`${base}/api/v1/me`)).json();
  const headers = { 'x-csrf-token': me.csrf_token };
  return {
    get: async (path) => (await context.request.get(`${base}${path}`)).json(),
    send: async (method, path, data) => {
      const r = await context.request.fetch(`${base}${path}`, { method, data, headers });
      return { status: r.status(), body: await r.json().catch(() => null) };
    },
    close: () => context.close(),
  };
}
