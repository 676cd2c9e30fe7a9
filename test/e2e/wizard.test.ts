import { readFile, writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFile, counts, join, openBrowser, signedInBrowser, signIn, stage, stagedImports, startE2eApp, type E2eApp } from './app.ts';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures', name);

describe('the import wizard in Chromium', { timeout: 90_000 }, () => {
  let app: E2eApp;
  let browser: BrowserContext;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    app = await startE2eApp();
    ({ dir, browser, page } = await signedInBrowser(app, 'sluice-e2e-files-'));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const records = async (dataset: string) =>
    (await app.api<{ records: Record<string, unknown>[] }>(`/api/datasets/${dataset}/records?pageSize=1000`)).records;

  it('shows exact counts for a CSV with known errors, updates them when a cell is fixed, and commits exactly the valid rows', async () => {
    const file = join(dir, 'leads-errors.csv');
    await writeFile(file, [
      'name,phone,source,score',
      'Ana Ruiz,(415) 201-4567,web,70',
      'Bob Stone,not a phone,email,50',
      'Cleo Park,(415) 201-4569,fax,20',
      'Ana Again,415.201.4567,web,10',
      'Dan Wu,(415) 201-4570,referral,101',
      'Eve Li,(415) 201-4571,walk_in,',
    ].join('\n'));
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'leads', file);
    await stage(page);
    expect(await counts(page)).toEqual({ total: 6, valid: 3, invalid: 3, duplicate: 1 });

    await page.getByTestId('filter-errors').click();
    const cell = page.locator('[data-row="3"] [data-field="phone"]');
    await expect.poll(() => cell.getAttribute('title')).toMatch(/not a valid phone/);
    // keyboard only: focus the cell, Enter opens the editor, Enter saves
    await cell.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('cell-editor').fill('(415) 201-4568');
    await page.getByTestId('cell-editor').press('Enter');
    await expect.poll(() => counts(page)).toEqual({ total: 6, valid: 4, invalid: 2, duplicate: 1 });

    // the current errors, as CSV, before anything is sent
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-errors').click()]);
    const errorsCsv = await readFile((await download.path())!, 'utf8');
    expect(errorsCsv).toMatch(/^\uFEFF?row,/);
    expect(errorsCsv).toMatch(/\n4,Cleo Park,.*fax/);
    expect(errorsCsv.trim().split(/\r?\n/)).toHaveLength(3);

    await page.getByTestId('submit').click();
    await page.getByTestId('commit').waitFor({ timeout: 60_000 });
    expect(Number(await page.getByTestId('plan-insert').textContent())).toBe(3);
    await page.getByTestId('commit').click();
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 60_000 }).toBe('done_with_errors');
    expect(await page.getByTestId('commit-rate').textContent()).toMatch(/Written in [\d.]+ s \([\d,]+ rows\/s\)/);
    const names = (await records('leads')).map((r) => [r.name, r.phone]);
    expect(names).toEqual([['Ana Ruiz', '+14152014567'], ['Bob Stone', '+14152014568'], ['Eve Li', '+14152014571']]);
    // committed: the browser keeps the import's record, not its rows
    await expect.poll(() => stagedImports(page)).toEqual([{ id: expect.any(String), status: 'done', blocks: 0 }]);

    // the history entry: its timeline, then Undo (admins only)
    await page.getByTestId('history-link').click();
    await expect.poll(() => page.getByTestId('timeline').textContent(), { timeout: 20_000 }).toMatch(/committed: 3 inserted/);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 20_000 }).toBe('Undone');
    expect(await records('leads')).toEqual([]);

    // the same columns next time: the mapping chosen is offered again
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'leads', file);
    await page.getByTestId('remembered').waitFor();
  });

  it('asks the browser to keep staged rows under storage pressure (persistent storage)', async () => {
    const probe = await browser.newPage();
    await probe.addInitScript(() => {
      const w = window as unknown as { persistAsked: number };
      w.persistAsked = 0;
      const original = navigator.storage.persist.bind(navigator.storage);
      navigator.storage.persist = () => { w.persistAsked++; return original(); };
    });
    await probe.goto(`${app.url}/import`);
    await probe.getByTestId('file-input').waitFor({ state: 'attached' });
    await expect.poll(() => probe.evaluate(() => (window as unknown as { persistAsked: number }).persistAsked)).toBeGreaterThan(0);
    await probe.close();
  });

  it('speaks French and Spanish when asked, and switches to the dark theme', async () => {
    await page.goto(`${app.url}/import`);
    await page.getByTestId('language').selectOption('fr');
    await page.getByText('Déposez un fichier ici ou choisissez-en un').waitFor();
    await page.getByTestId('language').selectOption('es');
    await page.getByText('Suelte un archivo aquí o elija uno').waitFor();
    await page.reload();
    await page.getByText('Suelte un archivo aquí o elija uno').waitFor();
    await page.getByTestId('language').selectOption('en');
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.getByRole('button', { name: 'Theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(before);
  });

  it('offers the sheets of a two-sheet workbook and finds the header under the title row', async () => {
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'clients', fixture('clients-es-two-sheets.xlsx'));
    expect(await page.getByTestId('sheet-select').locator('option').allTextContents()).toEqual(['Notas', 'Clientes']);
    expect(await page.getByTestId('sheet-select').inputValue()).toBe('Clientes');
    expect(await page.getByTestId('header-row').inputValue()).toBe('3');
    await stage(page);
    expect(await counts(page)).toMatchObject({ total: 5, invalid: 1, duplicate: 1 });
    // excluding the invalid row leaves the valid ones ready to send
    await page.getByTestId('exclude-invalid').click();
    await expect.poll(() => page.getByTestId('count-excluded').textContent()).toBe('1');
    expect(await page.getByTestId('submit').isEnabled()).toBe(true);
    // the Valid filter lists the rows that will be sent: excluding one takes it off the list
    await page.getByTestId('filter-valid').click();
    await expect.poll(() => page.locator('[data-row]').count()).toBe(4);
    expect(await page.getByTestId('grid').getAttribute('aria-rowcount')).toBe('4');
    await page.locator('[data-row]').first().getByRole('button', { name: 'Exclude' }).click();
    await expect.poll(() => page.getByTestId('grid').getAttribute('aria-rowcount')).toBe('3');
    await expect.poll(() => page.locator('[data-row]').count()).toBe(3);
  });

  it('says plainly when the browser runs out of storage, and keeps what was already staged', async () => {
    const file = join(dir, 'too-big.csv');
    const lines = ['name,phone,source,notes'];
    // notes that do not compress: IndexedDB compresses what it stores, and the file must not fit
    const noise = (i: number) => Array.from({ length: 8 }, (_, k) => ((i + 1) * 2654435761 * (k + 7) % 2 ** 32).toString(36)).join(' ');
    for (let i = 0; i < 60_000; i++) lines.push(`Person ${i},(212) 555-${String(i % 10_000).padStart(4, '0')},web,${noise(i)}`);
    await writeFile(file, lines.join('\n'));
    // a profile of its own, so the quota is not already used up or cached by earlier tests
    const small = await openBrowser(join(dir, 'profile-quota'));
    const tight = await small.newPage();
    const cdp = await small.newCDPSession(tight);
    await signIn(tight, app.url);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: app.url, quotaSize: 4 * 1024 * 1024 });
    try {
      await chooseFile(tight, 'leads', file);
      await tight.getByTestId('stage').click();
      await tight.getByTestId('error').waitFor({ timeout: 60_000 }).catch(async (e) => { throw new Error(`${e}\n${await tight.locator('main').innerText()}`); });
      expect(await tight.getByTestId('error').textContent()).toMatch(/ran out of storage/);
      const [kept] = await stagedImports(tight);
      expect(kept?.blocks).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  }, 90_000);

  it('gets the accents of a Windows-1252 semicolon file right after import', async () => {
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'leads', fixture('leads-fr-semicolon-cp1252.csv'), { country: 'FR' });
    expect(await page.getByTestId('encoding').inputValue()).toBe('windows-1252');
    expect(await page.getByTestId('delimiter').inputValue()).toBe(';');
    await stage(page);
    await page.getByTestId('submit').click();
    await page.getByTestId('commit').click();
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 60_000 }).toMatch(/^done/);
    const rows = await records('leads');
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Hélène Faure', 'Jérôme Lebœuf']));
    expect(rows.find((r) => r.name === 'Hélène Faure')!.notes).toBe('Appartement 3 pièces; budget 250 000 €');
  });

  it('clears the rows an import left staged when its tab closed right after the commit, and keeps an unfinished import whole', async () => {
    const stageOne = async (name: string, phone: string) => {
      const file = join(dir, name);
      await writeFile(file, `name,phone,source,score\n${name},${phone},web,5\n`);
      const before = new Set((await stagedImports(page)).map((i) => i.id));
      await page.goto(`${app.url}/import`);
      await chooseFile(page, 'leads', file);
      await stage(page);
      return (await stagedImports(page)).find((i) => !before.has(i.id))!;
    };
    const committed = await stageOne('committed-elsewhere.csv', '(415) 201-4701');
    const unfinished = await stageOne('still-unfinished.csv', '(415) 201-4702');
    expect([committed.blocks, unfinished.blocks]).toEqual([1, 1]);
    // the commit answered, but the tab closed before its rows were cleared
    await page.evaluate((id) => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('sluice-staging');
      open.onsuccess = () => {
        const tx = open.result.transaction('imports', 'readwrite');
        const store = tx.objectStore('imports');
        const get = store.get(id);
        get.onsuccess = () => store.put({ ...get.result, status: 'done' });
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }), committed.id);

    await page.goto(`${app.url}/import`);
    await expect.poll(async () => (await stagedImports(page)).filter((i) => [committed.id, unfinished.id].includes(i.id)).sort((a, b) => a.blocks - b.blocks))
      .toEqual([{ id: committed.id, status: 'done', blocks: 0 }, { id: unfinished.id, status: 'staged', blocks: 1 }]);
    await page.getByTestId('resume').first().waitFor();
  });
});
