import { writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFile, join, openBrowser, signedInBrowser, signIn, stage, startE2eApp, type E2eApp } from './app.ts';

const ROWS = 60_000; // 30 chunks of 2,000 rows

/** Distinct valid leads; `seed` keeps files apart so each test inserts its own rows. */
async function leadsFile(path: string, seed: number): Promise<void> {
  const lines = ['name,phone,source,score'];
  for (let i = 0; i < ROWS; i++) {
    const n = String(2_000_000 + seed * 100_000 + i);
    lines.push(`Lead ${seed}-${i},(${300 + seed}) ${n.slice(0, 3)}-${n.slice(3)},web,${i % 101}`);
  }
  await writeFile(path, lines.join('\n') + '\n');
}

describe('uploads that cannot lose or double a row, in Chromium', { timeout: 120_000 }, () => {
  let app: E2eApp;
  let browser: BrowserContext;
  let dir: string;

  beforeAll(async () => {
    app = await startE2eApp();
    ({ dir, browser } = await signedInBrowser(app, 'sluice-e2e-resume-'));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Waits until the newest import on the server holds at least `n` chunks. */
  async function serverHolds(n: number): Promise<number> {
    for (let i = 0; i < 2000; i++) {
      const list = await app.api<{ imports: { id: number }[] }>('/api/imports?pageSize=1').catch(() => ({ imports: [] }));
      const id = list.imports[0]?.id;
      if (id) {
        const held = (await app.api<{ chunks: number[] }>(`/api/imports/${id}`).catch(() => ({ chunks: [] }))).chunks.length;
        if (held >= n) return id;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`server never held ${n} chunks`);
  }

  async function commitAndCount(page: Page, seed: number): Promise<number> {
    await page.getByTestId('commit').waitFor({ timeout: 25_000 }).catch(async (e) => { throw new Error(`${e}\n${await page.locator('main').innerText()}`); });
    await page.getByTestId('commit').click();
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 120_000 }).toBe('done');
    const res = await app.api<{ total: number }>(`/api/datasets/leads/records?pageSize=1&name_contains=${encodeURIComponent(`Lead ${seed}-`)}`);
    return res.total;
  }

  async function startUpload(seed: number): Promise<Page> {
    const file = join(dir, `leads-${seed}.csv`);
    await leadsFile(file, seed);
    const page = await browser.newPage();
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'leads', file);
    await stage(page);
    expect(Number(await page.getByTestId('count-valid').textContent())).toBe(ROWS);
    await page.getByTestId('submit').click();
    return page;
  }

  it('resumes after the page is closed mid-upload: exactly the expected rows', async () => {
    const page = await startUpload(1);
    const id = await serverHolds(3);
    await page.close();
    const held = (await app.api<{ chunks: number[] }>(`/api/imports/${id}`)).chunks.length;
    expect(held).toBeLessThan(30);

    const again = await browser.newPage();
    await again.goto(`${app.url}/import`);
    await again.getByTestId('resume').first().click({ timeout: 10_000 }).catch(async (e) => { throw new Error(`${e}\n${await again.locator('main').innerText()}`); });
    expect(await commitAndCount(again, 1)).toBe(ROWS);
    await again.close();
  });

  it('pauses while offline and completes by itself when the network is back', async () => {
    const page = await startUpload(2);
    await serverHolds(3);
    await browser.setOffline(true);
    await page.getByTestId('offline').waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1000));
    await browser.setOffline(false);
    expect(await commitAndCount(page, 2)).toBe(ROWS);
    await page.close();
  });

  it('survives the server being killed and restarted mid-upload, nothing doubled', async () => {
    const page = await startUpload(3);
    await serverHolds(3);
    await app.restart('SIGKILL');
    expect(await commitAndCount(page, 3)).toBe(ROWS);
    await page.close();
  });

  it('resumes from another browser whose storage never held the rows, after checking it is the same file', async () => {
    const page = await startUpload(4);
    await serverHolds(3);
    await browser.close();
    // a fresh profile: no IndexedDB, no cookie — as after clearing the browser's storage
    browser = await openBrowser(join(dir, 'profile-2'));
    const other = await browser.newPage();
    await signIn(other, app.url);
    await other.getByTestId('resume-server').first().click({ timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${e}\n${await other.locator('main').innerText()}`);
    });
    const wrong = join(dir, 'wrong.csv');
    await leadsFile(wrong, 5);
    await other.getByTestId('same-file-input').setInputFiles(wrong);
    await other.getByRole('alert').waitFor({ timeout: 20_000 });
    await other.getByTestId('same-file-input').setInputFiles(join(dir, 'leads-4.csv'));
    await other.getByTestId('commit').waitFor({ timeout: 60_000 }).catch(async (e) => { throw new Error(`${e}\n${await other.locator('main').innerText()}`); });
    expect(await commitAndCount(other, 4)).toBe(ROWS);
    void page;
    await other.close();
  }, 120_000);

  it('stages 200,000 rows without a long main-thread task', async () => {
    const file = join(dir, 'big.csv');
    const lines = ['name,phone,source,score,email'];
    for (let i = 0; i < 200_000; i++) {
      const n = String(2_000_000 + i);
      lines.push(`Person ${i},(212) ${n.slice(0, 3)}-${n.slice(3)},web,${i % 101},p${i}@example.com`);
    }
    await writeFile(file, lines.join('\n') + '\n');
    const page = await browser.newPage();
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'leads', file);
    await page.evaluate(() => {
      const w = window as unknown as { longest: number; since: number };
      w.longest = 0;
      w.since = performance.now();
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.startTime >= w.since) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const started = Date.now();
    await stage(page);
    const seconds = (Date.now() - started) / 1000;
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    console.log(`[figure] staged 200,000 rows in ${seconds.toFixed(1)} s (${Math.round(200_000 / seconds)} rows/s); longest main-thread task ${Math.round(longest)} ms`);
    expect(Number(await page.getByTestId('count-total').textContent())).toBe(200_000);
    expect(longest).toBeLessThan(200);
    // the grid pages through IndexedDB: the last row is one scroll away, and few rows are drawn
    const scrolled = Date.now();
    await page.getByTestId('grid').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.locator('[data-row="200001"]').waitFor({ timeout: 10_000 });
    console.log(`[figure] grid jumped to row 200,001 in ${Date.now() - scrolled} ms`);
    expect(await page.locator('[data-row]').count()).toBeLessThan(50);
    await page.close();
  }, 180_000);
});
