/** E2E: the real app in Chromium, file chosen → staged → submitted → committed, timed; fresh server and profile per rep. */
import { openBrowser, signIn, chooseFile, startE2eApp, mkdtemp, tmpdir, join } from '../e2e/app.ts';
import { rm } from 'node:fs/promises';

export async function browserE2e(csv: string, reps: number, log: (s: string) => void): Promise<number[]> {
  const out: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const app = await startE2eApp();
    const profile = await mkdtemp(join(tmpdir(), 'sluice-bench-profile-'));
    const ctx = await openBrowser(profile);
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      await signIn(page, app.url);
      const t0 = performance.now();
      await chooseFile(page, 'clients', csv);
      await page.getByTestId('stage').click();
      await page.getByTestId('count-total').waitFor({ timeout: 30 * 60_000 });
      await page.getByTestId('submit').click();
      await page.getByTestId('commit').waitFor({ timeout: 30 * 60_000 });
      await page.getByTestId('commit').click();
      await page.waitForFunction(() => /^done/.test(document.querySelector('[data-testid="import-status"]')?.textContent ?? ''), null, { timeout: 30 * 60_000, polling: 250 });
      const secs = (performance.now() - t0) / 1000;
      out.push(secs);
      log(`  E2E rep ${rep + 1}: ${secs.toFixed(1)} s (${await page.getByTestId('import-status').textContent()})`);
    } finally {
      await ctx.close().catch(() => {});
      await app.close();
      await rm(profile, { recursive: true, force: true });
    }
  }
  return out;
}
