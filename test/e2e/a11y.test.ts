import { writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFile, join, mkdtemp, openBrowser, PASSWORD, seriousViolations as serious, signIn, stage, startE2eApp, tmpdir, type E2eApp } from './app.ts';

/** Leads with an invalid phone, an unknown source and a score out of range; `seed` keeps each run's phones apart. */
const leadsCsv = (seed: number) => {
  const phone = (i: number) => `(415) ${300 + seed}-${String(4000 + i).padStart(4, '0')}`;
  return ['name,phone,source,score', `Ana Ruiz,${phone(1)},web,70`, 'Bob Stone,not a phone,email,50',
    `Cleo Park,${phone(3)},fax,20`, `Dan Wu,${phone(4)},referral,101`, `Eve Li,${phone(5)},walk_in,`].join('\n');
};

/** Whether the focused element shows where focus is: an outline or a box shadow. */
const focusShown = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return { shown: true, what: 'body' };
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const what = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
  return { shown: outline || s.boxShadow !== 'none', what };
});

describe('accessibility in Chromium (axe-core, keyboard)', { timeout: 180_000 }, () => {
  let app: E2eApp;
  let dir: string;
  const opened: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startE2eApp();
    dir = await mkdtemp(join(tmpdir(), 'sluice-e2e-a11y-'));
  }, 180_000);
  afterAll(async () => {
    for (const b of opened) await b.close();
    await app?.close();
  });

  /** A fresh profile in the given theme (kept on every load, as the theme button would) and width. */
  async function browserPage(name: string, theme: 'light' | 'dark', width?: number): Promise<Page> {
    const browser = await openBrowser(join(dir, `profile-${name}`));
    opened.push(browser);
    await browser.addInitScript((t) => localStorage.setItem('sluice.theme', t), theme);
    const page = browser.pages()[0] ?? await browser.newPage();
    if (width) await page.setViewportSize({ width, height: 844 });
    return page;
  }

  for (const [name, theme, width, seed] of [['light', 'light', undefined, 1], ['dark', 'dark', undefined, 2], ['narrow', 'light', 390, 3]] as const) {
    it(`has no critical or serious axe violation on any screen (${theme} theme${width ? `, ${width} px wide` : ''})`, async () => {
      const page = await browserPage(name, theme, width);
      const found: string[] = [];
      const check = async (where: string) => { found.push(...await serious(page, where)); };

      await page.goto(`${app.url}/import`);
      await page.getByTestId('signin').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await check('sign-in');
      await page.getByTestId('email').fill('admin@localhost');
      await page.getByTestId('password').fill(PASSWORD);
      await page.getByTestId('signin').click();
      await page.getByTestId('file-input').waitFor({ state: 'attached' });
      await page.locator('[data-testid="dataset-select"] option').first().waitFor({ state: 'attached' });
      await check('file step');

      const file = join(dir, `leads-${name}.csv`);
      await writeFile(file, leadsCsv(seed));
      await chooseFile(page, 'leads', file);
      await check('mapping step');

      await stage(page);
      await page.getByTestId('filter-errors').click();
      const cell = page.locator('[data-row="3"] [data-field="phone"]');
      await expect.poll(() => cell.getAttribute('title')).toMatch(/not a valid phone/);
      await cell.focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('cell-editor').waitFor();
      await check('check step, errors shown, cell editor open');
      await page.keyboard.press('Escape');

      await page.getByTestId('submit').click();
      await page.getByTestId('commit').waitFor({ timeout: 60_000 });
      await page.locator('section.panel table.simple tr').first().waitFor();
      await check('send step, plan shown');

      await page.getByTestId('commit').click();
      await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 60_000 }).toMatch(/^done/);
      await page.getByTestId('summary').waitFor();
      await check('done');

      await page.getByTestId('history-link').click();
      await expect.poll(() => page.getByTestId('timeline').textContent(), { timeout: 20_000 }).toMatch(/committed/);
      await check('import detail');

      await page.getByRole('link', { name: 'History' }).click();
      await page.getByTestId('history').waitFor();
      await check('history');

      await page.getByRole('link', { name: 'Records' }).click();
      await expect.poll(() => page.getByTestId('records-total').textContent()).toMatch(/\d/);
      await page.getByTestId('records-row').first().waitFor();
      await page.getByTestId('filter-score').fill('10');
      await expect.poll(() => new URL(page.url()).searchParams.get('score_min')).toBe('10');
      await check('records, filter bar');
      await page.getByTestId('export-open').click();
      await page.getByTestId('export-dialog').waitFor();
      await check('records, export dialog open');

      expect(found, `critical or serious axe violations:\n${found.join('\n')}`).toEqual([]);
    });
  }

  it('completes an import with the keyboard alone, focus visible on every control it reaches', async () => {
    const page = await browserPage('keyboard', 'light');
    await signIn(page, app.url);
    const file = join(dir, 'leads-keyboard.csv');
    await writeFile(file, leadsCsv(4));
    const unseen: string[] = [];

    /** Tabs until the focused element has the test id, checking that each control reached shows its focus. */
    async function tabTo(testid: string) {
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press('Tab');
        const f = await focusShown(page);
        if (!f.shown) unseen.push(f.what);
        if (await page.evaluate((id) => (document.activeElement as HTMLElement | null)?.dataset.testid === id, testid)) return;
      }
      throw new Error(`Tab never reached ${testid}`);
    }

    await page.locator('[data-testid="dataset-select"] option[value="leads"]').waitFor({ state: 'attached' });
    await tabTo('dataset-select');
    const select = page.getByTestId('dataset-select');
    for (let i = 0; i < 20 && (await select.inputValue()) !== 'leads'; i++) await page.keyboard.press(i < 10 ? 'ArrowDown' : 'ArrowUp');
    expect(await select.inputValue()).toBe('leads');

    await tabTo('file-input');
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('stage').waitFor();
    await expect.poll(() => page.getByTestId('stage').isEnabled()).toBe(true);
    await tabTo('stage');
    await page.keyboard.press('Enter');
    await page.getByTestId('count-total').waitFor({ timeout: 120_000 });

    await tabTo('submit');
    await page.keyboard.press('Space');
    await page.getByTestId('commit').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('commit').isEnabled(), { timeout: 60_000 }).toBe(true);
    await tabTo('commit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('import-status').textContent(), { timeout: 60_000 }).toBe('done_with_errors');

    expect(unseen, `focus not visible on: ${unseen.join('; ')}`).toEqual([]);
  });
});
