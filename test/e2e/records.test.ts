import { readFile, writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/processes.ts';
import { join, signedInBrowser, startE2eApp, TOKEN, type E2eApp } from './app.ts';

const LEADS = 450; // more than two server pages of 200
const SOURCES = ['web', 'email', 'referral'];
const leadsCsv = () => ['name,phone,source,score,email',
  ...Array.from({ length: LEADS }, (_, i) => `Lead ${String(i + 1).padStart(3, '0')},(415) 201-${4000 + i},${SOURCES[i % 3]},${(i * 37) % 101},lead${i + 1}@example.com`),
].join('\n');
const CLIENTS_CSV = ['external_id,first_name,last_name,city', 'C-1,Ana,Ruiz,Lyon', 'C-2,Bruno,Diaz,Lima', 'C-3,Chloé,Faure,Lyon'].join('\n');

describe('the records page in Chromium', () => {
  let app: E2eApp;
  let browser: BrowserContext;
  let page: Page;
  let dir: string;

  const total = async () => Number((await page.getByTestId('records-total').textContent())!.replace(/\D/g, ''));
  const apiRecords = async (dataset: string, query: string) =>
    (await app.api<{ records: Record<string, unknown>[]; total: number }>(`/api/datasets/${dataset}/records?pageSize=1000&${query}`));
  const firstScore = async () => page.getByTestId('records-row').first().locator('[data-field="score"]').textContent();

  beforeAll(async () => {
    app = await startE2eApp();
    ({ dir, browser, page } = await signedInBrowser(app, 'sluice-e2e-records-'));
    await writeFile(join(dir, 'leads.csv'), leadsCsv());
    await writeFile(join(dir, 'clients.csv'), CLIENTS_CSV);
    for (const [file, dataset] of [['leads.csv', 'leads'], ['clients.csv', 'clients']] as const) {
      const r = await runCli(['import', join(dir, file), '--dataset', dataset, '--json', '--server', app.url, '--token', TOKEN]).done;
      expect(r.code, r.stderr).toBe(0);
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('switches datasets and pages through the records with a virtual table that renders only the rows near the screen', async () => {
    await page.getByRole('link', { name: 'Records' }).click();
    await expect.poll(() => page.url()).toMatch(/\/records\/leads$/);
    await page.getByTestId('records-dataset').selectOption('clients');
    await expect.poll(total).toBe(3);
    await page.getByTestId('records-dataset').selectOption('leads');
    await expect.poll(total).toBe(LEADS);
    expect(await page.getByTestId('records-row').count()).toBeLessThan(40);
    await page.getByTestId('records-table').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.locator(`[data-testid="records-row"][data-id="${LEADS}"]`).waitFor();
    expect(await page.getByTestId('records-row').count()).toBeLessThan(40);
  });

  it('filters by source and minimum score, and keeps the filters across a reload', async () => {
    const expected = (await apiRecords('leads', 'source=web&score_min=50')).total;
    expect(expected).toBeGreaterThan(10);
    await page.getByTestId('filter-source').selectOption(['web']);
    await expect.poll(total).toBe(LEADS / 3);
    await page.getByTestId('filter-score').fill('50');
    await expect.poll(total).toBe(expected);
    expect(new URL(page.url()).searchParams.get('score_min')).toBe('50');

    await page.reload();
    await expect.poll(total).toBe(expected);
    expect(await page.getByTestId('filter-score').inputValue()).toBe('50');
    expect(await page.getByTestId('filter-source').evaluate((el: HTMLSelectElement) => [...el.selectedOptions].map((o) => o.value))).toEqual(['web']);
  });

  it('sorts by a column header, ascending then descending', async () => {
    await page.getByTestId('sort-score').click();
    await expect.poll(firstScore).toBe('50');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('score');
    await page.getByTestId('sort-score').click();
    await expect.poll(firstScore).toBe('100');
    expect(await page.getByTestId('sort-score').locator('..').getAttribute('aria-sort')).toBe('descending');
    const header = await page.getByTestId('sort-score').locator('..').boundingBox();
    const cell = await page.getByTestId('records-row').first().locator('[data-field="score"]').boundingBox();
    expect([cell!.x, cell!.width]).toEqual([header!.x, header!.width]); // rows line up under their headers
  });

  it('exports exactly the filtered rows, in the chosen columns, as a CSV download', async () => {
    const expected = await apiRecords('leads', 'source=web&score_min=50&sort=-score');
    await page.getByTestId('export-open').click();
    await expect.poll(() => page.getByTestId('export-count').textContent()).toContain(String(expected.total));
    await page.getByTestId('export-format').selectOption('csv');
    await page.getByTestId('export-column-email').uncheck();
    await page.getByTestId('export-column-id').check();

    const href = new URL((await page.getByTestId('export-download').getAttribute('href'))!, app.url);
    expect(href.pathname).toBe('/api/datasets/leads/export');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      format: 'csv', columns: 'name,phone,source,status,score,id', source: 'web', score_min: '50', sort: '-score',
    });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^leads_export_\d{8}_\d{6}\.csv$/);
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(['name', 'phone', 'source', 'status', 'score', 'id']);
    expect(parsed.data.map((r) => [r.id, r.name, r.phone, r.source, r.score])).toEqual(
      expected.records.map((r) => [String(r.id), r.name, r.phone, r.source, String(r.score)]));
  });

  it('clears all filters at once', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('filters-clear').click();
    await expect.poll(total).toBe(LEADS);
    expect(new URL(page.url()).searchParams.has('source')).toBe(false);
  });
});
