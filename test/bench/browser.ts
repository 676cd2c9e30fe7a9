/**
 * Browser figures (B1-B4, W1/W2 of the browser path) in headless Chromium: the real worker
 * through the real bridge (test/web/harness, wrapped by test/bench/harness), served by an
 * in-process Sluice app on PostgreSQL (or PGlite), with the baselines in a worker of their own.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createReadStream, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../server/app.ts';
import { bootstrap, DEFAULT_ADMIN_EMAIL } from '../../server/auth/bootstrap.ts';
import { openDatabase, type Database } from '../../server/db/engine.ts';
import { builtInDatasets, prepareDatabase } from '../../server/start.ts';
import { mountWeb } from '../../server/web.ts';
import { freshDatabaseUrl } from '../cli/processes.ts';
import { CHROMIUM } from '../web/setup.ts';

const HARNESS_DIR = resolve(import.meta.dirname, '../../dist/bench-harness');
const PASSWORD = 'bench-password-1';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export interface BenchBrowser {
  page: Page;
  db: Database;
  /** Calls window.harness[name] or window.bench[name] in the page. */
  call<T = any>(obj: 'harness' | 'bench', name: string, ...args: unknown[]): Promise<T>;
  /**
   * Peak heap (page + worker isolates) while `fn` runs, sampled every 100 ms: Runtime.getHeapUsage
   * usedSize plus backingStorageSize, so typed arrays (the in-file dedupe table) count too.
   */
  withHeap<T>(fn: () => Promise<T>): Promise<HeapPeak<T>>;
  close(): Promise<void>;
}

export interface HeapPeak<T> {
  result: T;
  peakPage: number;
  peakWorker: number;
  peakSum: number;
  /** At the moment of `peakSum`: the worker's V8 heap in use, and its array buffers (the dedupe table, file slices). */
  atPeak: { workerUsed: number; workerBuffers: number };
}

interface HeapUsage { used: number; buffers: number }

/** JS heap in use, and the backing stores of array buffers (outside the V8 heap, but memory the page holds). */
function heapOf(usage: { usedSize?: number; backingStorageSize?: number } | null): HeapUsage {
  return { used: usage?.usedSize ?? 0, buffers: usage?.backingStorageSize ?? 0 };
}

/** Builds the harness, starts the app (files of `dir` served under /bench-files/), opens Chromium signed in. */
export async function startBenchBrowser(dir: string): Promise<BenchBrowser> {
  await build({ configFile: resolve(import.meta.dirname, 'vite.bench.config.ts'), logLevel: 'error' });
  const pg = await freshDatabaseUrl();
  const db = await openDatabase(pg.url ? { url: pg.url } : {});
  const datasets = builtInDatasets();
  await prepareDatabase(db, datasets.values());
  const adminToken = `bench_${Date.now()}`;
  await bootstrap(db.sql, { adminToken });
  const app = createApp({ sql: db.sql, copyIn: db.copyIn, datasets });
  app.get('/bench-files/:name', (c) => {
    const path = join(dir, c.req.param('name').replace(/[^\w.-]/g, ''));
    return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, { headers: { 'content-length': String(statSync(path).size) } });
  });
  mountWeb(app, HARNESS_DIR);
  const res = await app.request('/api/me/password', {
    method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }),
  });
  if (res.status !== 204) throw new Error(`set password: ${res.status}`);
  const server: ServerType = await new Promise((ok) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s)); });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => console.log(`[worker] ${m.text()}`)));
  page.on('console', (m) => console.log(`[page] ${m.text()}`));
  await page.goto(`${url}/index.html`);
  await page.waitForFunction(() => 'harness' in window && 'bench' in window);
  const call = <T>(obj: string, name: string, ...args: unknown[]) =>
    page.evaluate(([o, n, a]) => (window as any)[o as string][n as string](...(a as unknown[])), [obj, name, args] as const) as Promise<T>;
  await call('harness', 'login', DEFAULT_ADMIN_EMAIL, PASSWORD);

  // heap: the page's isolate through its own CDP session; the worker's through a non-flattened
  // auto-attach on a second session (Playwright keeps its own flattened one)
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Runtime.enable');
  const workers = new Set<string>();
  let msgId = 0;
  const pending = new Map<number, (v: any) => void>();
  cdp.on('Target.attachedToTarget', (e: any) => { if (e.targetInfo.type === 'worker') workers.add(e.sessionId); });
  cdp.on('Target.detachedFromTarget', (e: any) => { workers.delete(e.sessionId); });
  cdp.on('Target.receivedMessageFromTarget', (e: any) => {
    const m = JSON.parse(e.message);
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? null);
    pending.delete(m.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const workerHeap = async (sessionId: string): Promise<HeapUsage> => {
    const id = ++msgId;
    const answer = new Promise<any>((ok) => { pending.set(id, ok); setTimeout(() => ok(null), 2000); });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => {});
    return heapOf(await answer);
  };

  return {
    page, db, call,
    async withHeap(fn) {
      // start from a collected heap, so a rep does not count the previous one's garbage
      await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
      for (const s of workers) {
        await cdp.send('Target.sendMessageToTarget', { sessionId: s, message: JSON.stringify({ id: ++msgId, method: 'HeapProfiler.collectGarbage' }) }).catch(() => {});
      }
      let peakPage = 0, peakWorker = 0, peakSum = 0, stop = false;
      const atPeak = { workerUsed: 0, workerBuffers: 0 };
      const sample = async () => {
        while (!stop) {
          const page = heapOf(await cdp.send('Runtime.getHeapUsage').catch(() => null));
          const p = page.used + page.buffers;
          const worker = { used: 0, buffers: 0 };
          for (const s of workers) {
            const u = await workerHeap(s);
            worker.used += u.used;
            worker.buffers += u.buffers;
          }
          const w = worker.used + worker.buffers;
          peakPage = Math.max(peakPage, p); peakWorker = Math.max(peakWorker, w);
          if (p + w > peakSum) {
            peakSum = p + w;
            atPeak.workerUsed = worker.used;
            atPeak.workerBuffers = worker.buffers;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const sampler = sample();
      try {
        const result = await fn();
        return { result, peakPage, peakWorker, peakSum, atPeak };
      } finally {
        stop = true;
        await sampler;
      }
    },
    async close() {
      await browser.close().catch(() => {});
      await new Promise<void>((ok) => server.close(() => ok()));
      await db.close();
      await pg.drop();
    },
  };
}
