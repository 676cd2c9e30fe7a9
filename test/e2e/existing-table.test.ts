import { mkdir, writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appClients, DJANGO_TABLE } from '../server/django-table.ts';
import { chooseFile, join, mkdtemp, signedInBrowser, stage, startE2eApp, tmpdir, type E2eApp } from './app.ts';

describe('an import from the browser into a table the office\'s application already has', { timeout: 120_000 }, () => {
  let app: E2eApp;
  let browser: BrowserContext;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    const defs = await mkdtemp(join(tmpdir(), 'sluice-e2e-existing-'));
    await mkdir(defs, { recursive: true });
    await writeFile(join(defs, 'app_clients.json'), JSON.stringify(appClients('Default', {
      fields: [
        { name: 'name', column: 'full_name', type: 'text', required: true, aliases: ['full name'] },
        { name: 'email', type: 'email', required: true },
        { name: 'phone', type: 'phone' },
      ],
    })));
    app = await startE2eApp({ args: ['--datasets', defs], setupSql: `${DJANGO_TABLE}; insert into auth_clients (full_name, email) values ('Old Client', 'old@example.com')` });
    ({ dir, browser, page } = await signedInBrowser(app, 'sluice-e2e-existing-'));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lands the new rows in the application\'s table and skips the client it already had', async () => {
    const file = join(dir, 'clients.csv');
    await writeFile(file, 'Full name,Email,Phone\nAna Díaz,ana@example.com,(415) 201-4567\nOld Client,OLD@example.com,\n');
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'app_clients', file);
    await stage(page);
    await page.getByTestId('submit').click();
    await page.getByTestId('commit').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('plan-insert').textContent()).toBe('1');
    await page.getByTestId('commit').click();
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 60_000 }).toBe('done');
    const { records } = await app.api<{ records: { name: string; email: string; phone: string | null }[] }>('/api/datasets/app_clients/records?pageSize=10&sort=email');
    expect(records.map((r) => [r.name, r.email, r.phone])).toEqual([
      ['Ana Díaz', 'ana@example.com', '+14152014567'],
      ['Old Client', 'old@example.com', null],
    ]);
  });
});
