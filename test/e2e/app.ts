import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { freePort, freshDatabaseUrl, prepareServerDatabase, startServerProcess, type ServerProcess } from '../cli/processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const TOKEN = 'e2e-admin-token';
export const PASSWORD = 'e2e password 123';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Builds the browser app once (skipped when dist/web is newer than its sources). */
export function buildWeb(): void {
  execFileSync(process.execPath, [join(ROOT, 'bin/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export interface E2eApp {
  server: ServerProcess;
  url: string;
  dir: string;
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Calls the API with the admin token. */
  api<T = any>(path: string, init?: RequestInit): Promise<T>;
  close(): Promise<void>;
}

/** The real server as a child process (PostgreSQL when DATABASE_URL is set, else PGlite), admin password set; `args` go to `sluice serve`. */
export async function startE2eApp(opts: { args?: string[]; setupSql?: string } = {}): Promise<E2eApp> {
  buildWeb();
  const dir = await mkdtemp(join(tmpdir(), 'sluice-e2e-'));
  const db = await freshDatabaseUrl();
  const port = await freePort();
  if (opts.setupSql) await prepareServerDatabase({ dataDir: join(dir, 'data'), databaseUrl: db.url }, opts.setupSql);
  const start = () => startServerProcess({ port, dataDir: join(dir, 'data'), databaseUrl: db.url, token: TOKEN, args: opts.args });
  const app: E2eApp = {
    server: await start(),
    url: `http://127.0.0.1:${port}`,
    dir,
    async restart(signal = 'SIGKILL') {
      await app.server.stop(signal);
      app.server = await start();
    },
    async api(path, init = {}) {
      const res = await fetch(`${app.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      const text = await res.text();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async close() {
      await app.server.stop();
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await app.api('/api/me/password', { method: 'POST', body: JSON.stringify({ password: PASSWORD }) });
  return app;
}

/** A Chromium profile (persistent, so IndexedDB survives closing a page). */
export async function openBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
}

/** A fresh temporary folder, a Chromium profile in it, and a page signed in to the app. */
export async function signedInBrowser(app: E2eApp, prefix: string): Promise<{ dir: string; browser: BrowserContext; page: Page }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const browser = await openBrowser(join(dir, 'profile'));
  const page = await browser.newPage();
  await signIn(page, app.url);
  return { dir, browser, page };
}

export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/import`);
  await page.getByTestId('email').fill('admin@localhost');
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('signin').click();
  await page.getByTestId('file-input').waitFor({ state: 'attached' });
}

/** Picks the dataset and the file, and waits for the mapping step. */
export async function chooseFile(page: Page, dataset: string, file: string, opts: { merge?: string; country?: string } = {}): Promise<void> {
  await page.getByTestId('dataset-select').selectOption(dataset);
  if (opts.merge) await page.getByTestId('merge-select').selectOption(opts.merge);
  if (opts.country) await page.getByTestId('country').fill(opts.country);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('stage').waitFor();
}

/** Stages the file and waits for the preview counters. */
export async function stage(page: Page): Promise<void> {
  await page.getByTestId('stage').click();
  await page.getByTestId('count-total').waitFor({ timeout: 120_000 });
}

export async function counts(page: Page) {
  const n = async (id: string) => Number(await page.getByTestId(id).textContent());
  return { total: await n('count-total'), valid: await n('count-valid'), invalid: await n('count-invalid'), duplicate: await n('count-duplicate') };
}

/** What this browser's staging database holds, read with IndexedDB itself: each import's status and how many blocks of rows it keeps. */
export async function stagedImports(page: Page): Promise<{ id: string; status: string; blocks: number }[]> {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('sluice-staging');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['imports', 'blocks']);
      const all = tx.objectStore('imports').getAll();
      const keys = tx.objectStore('blocks').getAllKeys();
      tx.oncomplete = () => {
        const imports = all.result as { id: string; status: string }[];
        const blocks = keys.result as [string, number][];
        open.result.close();
        resolve(imports.map((i) => ({ id: i.id, status: i.status, blocks: blocks.filter(([id]) => id === i.id).length })));
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

export { mkdtemp, tmpdir, join };

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

/** Runs axe on the page as it is now; resolves to the critical and serious violations, one line each. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
}
