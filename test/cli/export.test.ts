import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { SluiceClient } from '../../cli/client.ts';
import { runExport } from '../../cli/commands/export.ts';
import { useServerProcess } from './processes.ts';

const TOKEN = 'cli-export-token';
const ALL_CLIENT_FIELDS = 'external_id,first_name,last_name,email,phone,address,city,postal_code,notes,registered_at';

// Leading zeros, accents, a line break and quotes inside a cell, Colombian phones in local and
// international spellings, day-first dates: what must survive export → import unchanged.
const CLIENTS_CSV = [
  ALL_CLIENT_FIELDS,
  'C-001,Martín,Ocampo Vélez,martin@correo.example,310 456 7890,"Cra 43A # 1-50, apto 201",Medellín,050021,"Perro: Luna\nsegunda línea",15/03/2022',
  'C-002,Lucía,Bermúdez,lucia@correo.example,+57 320 987 6543,,Bogotá,110931,"Gato ""Michi""",02/11/2021',
  'C-003,Zoë,Ñúñez Ávila,,6015550101,,Cali,007600,,31/12/2023',
  'C-004,José,Pérez,jose@correo.example,,Calle 5,Cali,,Más notas: ½ dosis,',
].join('\r\n');

describe('sluice export against a running server', () => {
  const s = useServerProcess({ token: TOKEN, prefix: 'sluice-cli-export-' });
  const cli = s.cli;
  const reimport = async (file: string) => {
    const r = await cli('import', file, '--dataset', 'clients', '--merge', 'update', '--dry-run', '--json');
    if (r.code === 2) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    await writeFile(join(s.dir, 'clients.csv'), CLIENTS_CSV);
    const first = await cli('import', join(s.dir, 'clients.csv'), '--dataset', 'clients', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ inserted: 4 });
  }, 90_000);

  it.each(['csv', 'xlsx', 'tsv', 'json', 'ndjson'])('round-trips %s: re-importing the export with merge update plans zero changes', async (format) => {
    const out = join(s.dir, `clients.${format}`);
    const r = await cli('export', '--dataset', 'clients', '--format', format, '--columns', ALL_CLIENT_FIELDS, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`exported 4 clients records as ${format} \\([\\d.]+ MB\\) to `));
    const plan = await reimport(out);
    expect(plan).toMatchObject({ total: 4, inserted: 0, updated: 0, unchanged: 4, invalid: 0, conflicts: 0, duplicates: 0 });
  }, 60_000);

  it('writes the values themselves: E.164 phones, leading zeros, ISO dates, accents and line breaks', async () => {
    const r = await cli('export', '--dataset', 'clients', '--columns', 'external_id,phone,postal_code,notes,registered_at', '--where', 'city=Medellín,Cali');
    expect(r.code, r.stderr).toBe(0);
    const rows = Papa.parse<string[]>(r.stdout.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows).toEqual([
      ['external_id', 'phone', 'postal_code', 'notes', 'registered_at'],
      ['C-001', '+573104567890', '050021', 'Perro: Luna\nsegunda línea', '2022-03-15'],
      ['C-003', '+576015550101', '007600', '', '2023-12-31'],
      ['C-004', '', '', 'Más notas: ½ dosis', ''],
    ]);
  });

  it('takes the format from the --out extension and any API filter through --where', async () => {
    const out = join(s.dir, 'some.ndjson');
    const r = await cli('export', '--dataset', 'clients', '--where', 'first_name_contains=lu', '--where', 'registered_at_from=2021-01-01', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([{ external_id: 'C-002', first_name: 'Lucía', last_name: 'Bermúdez', email: 'lucia@correo.example', phone: '+573209876543', city: 'Bogotá' }]);
  });

  it('exits 2 with the server\'s message for a bad filter, column or dataset, and writes no file', async () => {
    const out = join(s.dir, 'bad.csv');
    const bad = await cli('export', '--dataset', 'clients', '--where', 'colour=red', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown filter "colour"/);
    await expect(stat(out)).rejects.toThrow();
    expect((await cli('export', '--dataset', 'clients', '--columns', 'nope')).stderr).toMatch(/unknown column "nope"/);
    expect((await cli('export', '--dataset', 'nope')).code).toBe(2);
    const usage = await cli('export', '--dataset', 'clients', '--format', 'pdf');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--format must be one of csv, tsv, txt, json, ndjson, xlsx, doc/);
  });

  it('shows bytes and the row count on a terminal while it downloads', async () => {
    const chunks: string[] = [];
    const tty = new Writable({ write(chunk, _enc, cb) { chunks.push(chunk.toString()); cb(); } }) as Writable & { isTTY?: boolean };
    tty.isTTY = true;
    const out = join(s.dir, 'progress.csv');
    const summary = await runExport(new SluiceClient({ server: s.server.url, token: TOKEN }),
      { dataset: 'clients', where: [], out }, tty as unknown as NodeJS.WriteStream);
    expect(summary).toMatchObject({ rows: 4, format: 'csv', file: out });
    expect(chunks.join('')).toMatch(/exporting clients \(4 rows\): [\d.]+ MB {2}[\d.]+ MB\/s/);
  });
});
