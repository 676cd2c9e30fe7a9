/**
 * The three CSVs Sluice writes (the export, the server's error report, the browser's error CSV)
 * go through shared/csv: the same cells come out the same in all three.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Issue } from '../../shared/schema.ts';

const CELLS = ['=1+1', '-5', '+33612345678', '@cmd', 'say "hi", then\r\ngo', 'Ana'];
const COLUMNS = CELLS.map((_, i) => `c${i}`);
const ISSUE: Issue = { field: 'c0', code: 'required', severity: 'error', message: 'bad "=1+1"' };

// The browser's error CSV reads the staged rows from IndexedDB: one staged block of one row here.
vi.mock('../../web/staging/db.ts', () => ({
  stagingDb: { imports: { get: async () => ({ columns: COLUMNS }) } },
  importFlags: async () => [{ block: 0, error: [0], warning: [], duplicate: [] }],
  loadBlock: async () => ({ rows: [CELLS], rowNumbers: [2], state: [{ valid: false, issues: [ISSUE], raw: {} }] }),
}));

const { delimitedWriter } = await import('../../server/export/formats/csv.ts');
const { errorReportCsv } = await import('../../server/ingest/report.ts');
const { errorsCsv } = await import('../../web/worker/errors-csv.ts');

/** The server's error report over a fake database holding one rejected row. */
async function serverReport(): Promise<string> {
  let pages = 0;
  const sql = (async () => (pages++ ? [] : [{ ord: 0, row_no: 2, action: 'invalid', data: {}, raw: Object.fromEntries(COLUMNS.map((c, i) => [c, CELLS[i]])), issues: [ISSUE], note: null }])) as never;
  const imp = { id: 'i', org_id: 1, schema: { fields: COLUMNS.map((name) => ({ name, type: 'text' })) } } as never;
  let out = '';
  for await (const piece of errorReportCsv(sql, imp)) out += piece;
  return out.replace(/^\uFEFF/, '');
}

describe('the CSVs Sluice writes', () => {
  it('the error report and the browser error CSV write the same file', async () => {
    const browser = await errorsCsv('i');
    const server = await serverReport();
    expect(server).toBe(browser);
    expect(browser).toBe(`row,${COLUMNS.join(',')},error\r\n2,'=1+1,-5,+33612345678,'@cmd,"say ""hi"", then\r\ngo",Ana,"c0: bad ""=1+1"""\r\n`);
  });

  it('the export writes the cells as the error reports do: -5 as it is, =1+1 neutralized', async () => {
    const writer = delimitedWriter(COLUMNS.map((name) => ({ name, label: name, kind: 'text' as const })), ',');
    const exported = writer.rows([Object.fromEntries(COLUMNS.map((c, i) => [c, CELLS[i]]))]) as string;
    expect(exported).toBe(`'=1+1,-5,+33612345678,'@cmd,"say ""hi"", then\r\ngo",Ana\r\n`);
    const [, rows] = (await serverReport()).split(/\r\n(?=2,)/);
    expect(rows!.startsWith(`2,${exported.slice(0, -2)},`)).toBe(true);
  });
});
