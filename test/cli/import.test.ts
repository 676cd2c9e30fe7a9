import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServerProcess } from './processes.ts';

const TOKEN = 'cli-test-token';
const fixture = (name: string) => join(import.meta.dirname, '../fixtures', name);

describe('sluice CLI against a running server', () => {
  const s = useServerProcess({ token: TOKEN, prefix: 'sluice-cli-' });
  const cli = s.cli;
  const importJson = async (...args: string[]) => {
    const r = await cli('import', ...args, '--json');
    if (r.code === 2) throw new Error(r.stderr);
    return { code: r.code, summary: JSON.parse(r.stdout), stderr: r.stderr };
  };
  const records = (dataset: string) => s.records(dataset);


  it('prints the one-time sign-in URL on first start', () => {
    expect(s.server.output.join('')).toMatch(/Sign in once as the admin: http:\/\/127\.0\.0\.1:\d+\/signin\?code=\S+/);
  });

  it('imports the French semicolon CP1252 file with counts that match it, then skips it all on re-import', async () => {
    const first = await importJson(fixture('leads-fr-semicolon-cp1252.csv'), '--dataset', 'leads', '--country', 'FR');
    expect(first.code).toBe(1); // one row has no phone
    expect(first.summary).toMatchObject({ total: 5, inserted: 2, duplicates: 2, invalid: 1, conflicts: 0 });
    expect(first.summary.errors).toEqual([{ row: 8, column: 'phone', message: expect.stringMatching(/required/) }]);
    const rows = await records('leads');
    expect(rows.map((r) => [r.name, r.phone, r.source, r.email])).toEqual([
      ['Hélène Faure', '+33612345678', 'web', 'helene.faure@example.fr'],
      ['Jérôme Lebœuf', '+33761223344', 'phone', 'jerome@example.fr'],
    ]);
    expect(rows[0]!.notes).toBe('Appartement 3 pièces; budget 250 000 €');

    const again = await importJson(fixture('leads-fr-semicolon-cp1252.csv'), '--dataset', 'leads', '--country', 'FR', '--merge', 'skip');
    expect(again.summary).toMatchObject({ inserted: 0, skipped: 2, resumed: false });
    expect(await records('leads')).toHaveLength(2);
  });

  it('prints the reader notes on stderr and lists them in --json (title row left out, encoding guessed)', async () => {
    const json = await importJson(fixture('leads-fr-semicolon-cp1252.csv'), '--dataset', 'leads', '--country', 'FR', '--dry-run');
    expect(json.summary.notes).toContainEqual(expect.stringMatching(/^warning: leads-fr-semicolon-cp1252\.csv: row 3 is taken as the header row; 1 row above it is not imported \(title lines\?\): row 1: "Export/));
    expect(json.summary.notes).toContainEqual(expect.stringMatching(/^warning: leads-fr-semicolon-cp1252\.csv: the text is not UTF-8; read as windows-1252, a guess/));
    const plain = await cli('import', fixture('leads-fr-semicolon-cp1252.csv'), '--dataset', 'leads', '--country', 'FR', '--dry-run', '--header-row', '3', '--encoding', 'windows-1252');
    expect(plain.stderr).not.toContain('is taken as the header row');
    expect(plain.stderr).not.toContain('a guess');
    const usage = await cli('import', fixture('leads-fr-semicolon-cp1252.csv'), '--dataset', 'leads', '--header-row', '3', '--no-header');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--header-row and --no-header cannot go together');
  });

  it('reads the clients sheet of a two-sheet workbook, with dates, leading zeros and Colombian phones', async () => {
    const { code, summary } = await importJson(fixture('clients-es-two-sheets.xlsx'), '--dataset', 'clients');
    expect(code).toBe(1);
    expect(summary).toMatchObject({ total: 5, inserted: 3, duplicates: 1, invalid: 1 });
    expect(summary.errors[0]).toMatchObject({ row: 8, column: 'email' });
    const rows = await records('clients');
    expect(rows.map((r) => [r.external_id, r.phone, r.postal_code, r.registered_at])).toEqual([
      ['C-001', '+573104567890', '050021', '2022-03-15'],
      ['C-002', '+573209876543', '110931', '2021-11-02'],
      ['C-003', '+576015550101', '760042', null],
    ]);
  });

  it('finds nothing new in the same clients as ODS and as CSV (dry run commits nothing)', async () => {
    for (const file of ['clients-es-two-sheets.ods', 'clients-es.csv']) {
      const { summary } = await importJson(fixture(file), '--dataset', 'clients', '--dry-run');
      expect(summary, file).toMatchObject({ total: 5, inserted: 0, skipped: 3, duplicates: 1, invalid: 1, dryRun: true, status: 'planned' });
    }
    expect(await records('clients')).toHaveLength(3);
  });

  it('reports the out-of-range score on line 2 and the repeat of line 1 in NDJSON', async () => {
    const { summary } = await importJson(fixture('leads.ndjson'), '--dataset', 'leads');
    expect(summary).toMatchObject({ total: 3, inserted: 1, duplicates: 1, invalid: 1 });
    expect(summary.errors).toEqual([{ row: 2, column: 'score', message: expect.stringMatching(/101/) }]);
  });

  it('never imports the same file with the same settings twice by accident (--again does)', async () => {
    const file = join(s.dir, 'twice.csv');
    await writeFile(file, 'name,phone,source\nTwice Once,(415) 555-0177,web\n');
    const first = await importJson(file, '--dataset', 'leads', '--merge', 'create');
    expect(first.summary).toMatchObject({ inserted: 1, alreadyImported: false });
    const second = await importJson(file, '--dataset', 'leads', '--merge', 'create');
    expect(second.summary).toMatchObject({ importId: first.summary.importId, alreadyImported: true, chunksSent: 0 });
    const third = await importJson(file, '--dataset', 'leads', '--merge', 'create', '--again');
    expect(third.summary).toMatchObject({ inserted: 1, alreadyImported: false });
    expect((await records('leads')).filter((r) => r.name === 'Twice Once')).toHaveLength(2);
  });

  it('maps a header with --map and exits 0 when every row is imported', async () => {
    const file = join(s.dir, 'mapped.csv');
    await writeFile(file, 'Full name,Tel,Canal\nZoe Quinn,(415) 555-0101,web\n');
    const { code, summary } = await importJson(file, '--dataset', 'leads', '--map', 'Full name=name', '--map', 'Canal=source');
    expect(code).toBe(0);
    expect(summary).toMatchObject({ total: 1, inserted: 1 });
  });

  it('exits 2 naming the file and the missing columns when a required field is not mapped', async () => {
    const file = join(s.dir, 'nophone.csv');
    await writeFile(file, 'name,source\nA,web\n');
    const r = await cli('import', file, '--dataset', 'leads');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nophone\.csv: required field\(s\) phone not found/);
  });

  it('exits 2 naming the row of an unbalanced quote, and stores nothing', async () => {
    const file = join(s.dir, 'quote.csv');
    await writeFile(file, 'name,phone,source\nA,4155550101,web\n"B,4155550102,web\nC,4155550103,web\n');
    const before = (await records('leads')).length;
    const r = await cli('import', file, '--dataset', 'leads');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/quote\.csv.*row 3/);
    expect(await records('leads')).toHaveLength(before);
  });

  it('imports a file with a __proto__ column, saying the column is not a field; exits 2 for 5,000 columns', async () => {
    const proto = join(s.dir, 'proto.csv');
    await writeFile(proto, 'name,phone,source,__proto__\nA,4155550101,web,x\n');
    const r = await cli('import', proto, '--dataset', 'leads', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: column 4 "__proto__" is not taken as a field name; map it to a field or leave it out/);
    expect(r.stderr).toMatch(/note: columns not imported: __proto__/);
    const wide = join(s.dir, 'wide.csv');
    const extra = Array.from({ length: 4997 }, (_, i) => `c${i}`);
    await writeFile(wide, `name,phone,source,${extra.join(',')}\nA,4155550101,web,${extra.map(() => 'x').join(',')}\n`);
    const w = await cli('import', wide, '--dataset', 'leads');
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/wide\.csv: the file has 5000 columns; the limit is 1000/);
  });

  it('exits 2 for usage errors and unknown datasets', async () => {
    expect((await cli('import')).code).toBe(2);
    expect((await cli('import', fixture('leads.ndjson'), '--dataset', 'nope')).stderr).toMatch(/unknown dataset nope/);
    expect((await cli('frobnicate')).code).toBe(2);
  });

  it('lists the history, writes the error report, and undoes an import', async () => {
    const { summary } = await importJson(fixture('leads.ndjson'), '--dataset', 'leads', '--merge', 'create');
    const history = await cli('history', '--dataset', 'leads');
    expect(history.stdout).toMatch(new RegExp(`\\b${summary.importId}\\b.*leads.*done_with_errors.*leads\\.ndjson`));
    const errors = await cli('errors', String(summary.importId));
    expect(errors.stdout.replace(/^\uFEFF/, '').split(/\r\n/)[1]).toMatch(/^2,Marc Vidal,.*score/);
    const countBefore = (await records('leads')).length;
    const undo = await cli('undo', String(summary.importId));
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/1 inserted rows deleted/);
    expect(await records('leads')).toHaveLength(countBefore - 1);
  });

  it('adds a member and creates tokens', async () => {
    const add = await cli('users', 'add', '--email', 'clerk@example.com', '--json');
    expect(JSON.parse(add.stdout)).toMatchObject({ email: 'clerk@example.com', role: 'member' });
    const token = await cli('token', 'create', '--name', 'ci');
    expect(token.stdout.trim()).toMatch(/^slk_/);
  });
});
