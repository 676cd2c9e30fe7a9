import { mkdir, writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFile, counts, seriousViolations, join, mkdtemp, signedInBrowser, stage, startE2eApp, tmpdir, type E2eApp } from './app.ts';

/** An office's own dataset: a description for the picker, a constant, a default. */
const members = {
  name: 'members',
  label: 'Members',
  description: 'People registered at the Santiago office.',
  version: 1,
  fields: [
    { name: 'full_name', label: 'Full name', type: 'text', required: true },
    { name: 'email', label: 'Email', type: 'email', required: true },
    { name: 'office', label: 'Office', type: 'text', constant: 'Santiago' },
    { name: 'active', label: 'Active', type: 'boolean', default: 'true' },
  ],
  keys: [['email']],
};

describe('"same value for every row" in the mapping step, in Chromium', { timeout: 90_000 }, () => {
  let app: E2eApp;
  let browser: BrowserContext;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    const defs = await mkdtemp(join(tmpdir(), 'sluice-e2e-defs-'));
    await mkdir(defs, { recursive: true });
    await writeFile(join(defs, 'members.json'), JSON.stringify(members));
    app = await startE2eApp({ args: ['--datasets', defs] });
    ({ dir, browser, page } = await signedInBrowser(app, 'sluice-e2e-same-'));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const records = async (dataset: string) =>
    (await app.api<{ records: Record<string, unknown>[] }>(`/api/datasets/${dataset}/records?pageSize=1000`)).records;

  /** Sends the staged rows and commits them; resolves to the plan's insert count. */
  async function sendAndCommit(): Promise<number> {
    await page.getByTestId('submit').click();
    await page.getByTestId('commit').waitFor({ timeout: 60_000 });
    const inserted = Number(await page.getByTestId('plan-insert').textContent());
    await page.getByTestId('commit').click();
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 60_000 }).toBe('done');
    return inserted;
  }

  it('imports leads without a source column by giving source the same value for every row, checked as typed and shown in the preview', async () => {
    const file = join(dir, 'leads-no-source.csv');
    await writeFile(file, ['name,phone', 'Ana Ruiz,(415) 201-4567', 'Bob Stone,(415) 201-4568', 'Cleo Park,(415) 201-4569'].join('\n'));
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'leads', file);
    await expect.poll(() => page.getByTestId('missing-required').textContent()).toMatch(/source/);
    expect(await page.getByTestId('stage').isDisabled()).toBe(true);
    // a default is shown as the fallback for empty cells
    expect(await page.getByTestId('default-status').textContent()).toMatch(/Empty cells get “NEW”/);

    // keyboard only, through the controls' accessible names
    const tick = page.getByRole('checkbox', { name: 'Same value for every row: Source' });
    await tick.focus();
    await page.keyboard.press('Space');
    const value = page.getByRole('textbox', { name: 'Value of Source for every row' });
    await page.keyboard.press('Tab');
    expect(await value.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('fax');
    // checked at once, like a cell, in the user's language
    await expect.poll(() => page.getByTestId('same-note-source').textContent()).toMatch(/“fax” is not one of: web, mobile/);
    expect(await value.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('stage').isDisabled()).toBe(true);
    await page.getByTestId('language').selectOption('fr');
    await expect.poll(() => page.getByTestId('same-note-source').textContent()).toMatch(/« fax » n’est pas parmi : web/);
    await page.getByTestId('language').selectOption('en');

    // the new controls, open and holding an error, as axe sees them
    expect(await seriousViolations(page, 'mapping step, same value with an error')).toEqual([]);

    await value.fill('Website');
    await expect.poll(() => page.getByTestId('same-note-source').textContent()).toMatch(/Stored as “web”/);
    await page.getByTestId('missing-required').waitFor({ state: 'detached' });
    expect(await page.getByTestId('stage').isDisabled()).toBe(false);

    await stage(page);
    expect(await counts(page)).toEqual({ total: 3, valid: 3, invalid: 0, duplicate: 0 });
    const note = page.getByTestId('same-values-note');
    expect(await note.textContent()).toMatch(/Not from the file/);
    expect(await note.locator('[data-field="source"]').textContent()).toMatch(/Source = “web”/);
    await page.locator('[data-row="2"] [data-field="source"]').waitFor();
    // the grid holds what the rows get, never "Website" as if the file had it, and marks the column
    expect((await page.locator('[data-row="2"] [data-field="source"]').textContent())?.trim()).toBe('web');
    expect(await page.locator('[role="columnheader"][data-field="source"]').textContent()).toMatch(/same value for every row/);

    expect(await sendAndCommit()).toBe(3);
    const rows = (await records('leads')).map((r) => [r.name, r.source]);
    expect(rows).toEqual([['Ana Ruiz', 'web'], ['Bob Stone', 'web'], ['Cleo Park', 'web']]);
  });

  it('does not dead-end when a column would feed a field given the same value: it names the column and value, and ignoring the column works', async () => {
    const file = join(dir, 'leads-with-source.csv');
    await writeFile(file, ['name,phone,source', 'Dan Wu,(415) 201-4570,email', 'Eve Li,(415) 201-4571,referral'].join('\n'));
    await page.goto(`${app.url}/import`);
    await chooseFile(page, 'leads', file);
    await page.getByTestId('same-on-source').check();
    await page.getByTestId('same-source').fill('mobile');
    const conflict = page.getByTestId('fixed-conflict');
    await expect.poll(() => conflict.textContent()).toMatch(/Column 3 “source” would fill Source, but you chose the same value “mobile” for every row/);
    expect(await page.getByTestId('stage').isDisabled()).toBe(true);
    // "use the column instead" gives the file's column back its field
    await page.getByTestId('use-column').click();
    await conflict.waitFor({ state: 'detached' });
    expect(await page.getByTestId('same-on-source').isChecked()).toBe(false);
    expect(await page.getByTestId('map-2').inputValue()).toBe('source');

    await page.getByTestId('same-on-source').check();
    await page.getByTestId('same-source').fill('mobile');
    await page.getByTestId('ignore-fixed-column').click();
    await conflict.waitFor({ state: 'detached' });
    expect(await page.getByTestId('map-2').inputValue()).toBe('');
    await stage(page);
    expect(await counts(page)).toEqual({ total: 2, valid: 2, invalid: 0, duplicate: 0 });
    expect(await page.getByTestId('same-values-note').textContent()).toMatch(/Source = “mobile”/);
    expect(await sendAndCommit()).toBe(2);
    const rows = (await records('leads')).filter((r) => r.name === 'Dan Wu' || r.name === 'Eve Li').map((r) => [r.name, r.source]);
    expect(rows).toEqual([['Dan Wu', 'mobile'], ['Eve Li', 'mobile']]);
  });

  it('shows an office dataset with its description, its constant as fixed and its default, and ignores a file column that would overwrite the constant', async () => {
    const file = join(dir, 'members.csv');
    await writeFile(file, ['full_name,email,office', 'Rosa Díaz,rosa@example.cl,Valparaíso', 'Tomás Vera,tomas@example.cl,'].join('\n'));
    await page.goto(`${app.url}/import`);
    await page.getByTestId('dataset-select').selectOption('members');
    expect(await page.getByTestId('dataset-description').textContent()).toBe('People registered at the Santiago office.');
    expect(await page.getByTestId('dataset-select').getAttribute('aria-describedby')).toBe('dataset-description');
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('stage').waitFor();

    const conflict = page.getByTestId('fixed-conflict');
    await expect.poll(() => conflict.textContent()).toMatch(/Column 3 “office” would fill Office, which the dataset sets to “Santiago” on every row/);
    // a constant cannot be dropped from the import, only the column
    expect(await page.getByTestId('use-column').count()).toBe(0);
    expect(await page.getByTestId('fixed-office').textContent()).toMatch(/Always “Santiago” \(set by the dataset\)/);
    expect(await page.getByTestId('same-on-office').count()).toBe(0);
    expect(await page.getByTestId('default-active').textContent()).toMatch(/Empty cells get “true”/);
    await page.getByTestId('ignore-fixed-column').click();
    await conflict.waitFor({ state: 'detached' });

    await stage(page);
    expect(await counts(page)).toEqual({ total: 2, valid: 2, invalid: 0, duplicate: 0 });
    expect(await page.getByTestId('same-values-note').textContent()).toMatch(/Office = “Santiago” \(set by the dataset\)/);
    expect(await sendAndCommit()).toBe(2);
    const rows = (await records('members')).map((r) => [r.full_name, r.office, r.active]);
    expect(rows).toEqual([['Rosa Díaz', 'Santiago', true], ['Tomás Vera', 'Santiago', true]]);
  });
});
