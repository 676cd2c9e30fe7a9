import { serve, type ServerType } from '@hono/node-server';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../server/app.ts';
import { bootstrap, DEFAULT_ADMIN_EMAIL } from '../../server/auth/bootstrap.ts';
import { openDatabase, type Database } from '../../server/db/engine.ts';
import { builtInDatasets, prepareDatabase } from '../../server/start.ts';
import { mountWeb } from '../../server/web.ts';

/**
 * The browser rig for worker tests: builds the harness page (test/web/harness) with Vite, serves
 * it from a real Sluice app (embedded PGlite, fresh) on a free port, so the page, the worker's
 * fetches and the session cookie share one origin, and opens it in Debian's Chromium signed in
 * as the admin.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HARNESS_DIR = resolve('dist/test-harness');
const PASSWORD = 'harness-password-1';

export interface Rig {
  url: string;
  db: Database;
  page: Page;
  context: BrowserContext;
  /** Calls `window.harness[name](...args)` in the page. */
  h<T = any>(name: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

let built: Promise<unknown> | undefined;

/** Builds the harness once per test process. */
export function buildHarness(): Promise<unknown> {
  built ??= build({ configFile: resolve('test/web/vite.harness.config.ts'), logLevel: 'error' });
  return built;
}

export async function startRig(): Promise<Rig> {
  await buildHarness();
  const db = await openDatabase({});
  const datasets = builtInDatasets();
  await prepareDatabase(db, datasets.values());
  const adminToken = `harness_${Date.now()}`;
  await bootstrap(db.sql, { adminToken });
  const app = createApp({ sql: db.sql, copyIn: db.copyIn, datasets, eventsPollMs: 50 });
  mountWeb(app, HARNESS_DIR);
  const res = await app.request('/api/me/password', {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
  });
  if (res.status !== 204) throw new Error(`set password: ${res.status} ${await res.text()}`);

  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  // a fresh context: its own IndexedDB, cookies and storage (Playwright gives the browser a fresh profile)
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[page] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(`${url}/index.html`);
  await page.waitForFunction(() => 'harness' in window);
  const h = <T>(name: string, ...args: unknown[]) =>
    page.evaluate(([n, a]) => (window as any).harness[n as string](...(a as unknown[])), [name, args] as const) as Promise<T>;
  await h('login', DEFAULT_ADMIN_EMAIL, PASSWORD);

  return {
    url,
    db,
    page,
    context,
    h,
    async close() {
      await browser.close().catch(() => {});
      await new Promise<void>((ok) => server.close(() => ok()));
      await db.close();
    },
  };
}
