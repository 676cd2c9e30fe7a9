import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServerProcess } from './processes.ts';

const TOKEN = 'skip-test-token';
const KNOWN = 2000;
const NEW = 100;

const lead = (i: number) => {
  const n = String(3_000_000 + i);
  return `Lead ${i},(415) ${n.slice(0, 3)}-${n.slice(3)},web,${i % 101}`;
};

describe('a merge skip import from the CLI leaves out the rows the database has', () => {
  const s = useServerProcess({ token: TOKEN, prefix: 'sluice-skip-' });
  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${s.server.url}${path}`, {
      method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const importJson = async (...args: string[]) => {
    const r = await s.cli('import', ...args, '--batch-size', '200', '--json');
    if (r.code === 2) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  };

  it('sends a fraction of the bytes of a full upload, and the table ends with the right rows', async () => {
    const known = Array.from({ length: KNOWN }, (_, i) => lead(i));
    await writeFile(join(s.dir, 'first.csv'), ['name,phone,source,score', ...known].join('\n') + '\n');
    const first = await importJson(join(s.dir, 'first.csv'), '--dataset', 'leads');
    expect(first).toMatchObject({ total: KNOWN, inserted: KNOWN, alreadyThere: 0 });

    // the same rows again, one of them twice, one invalid row, and 100 new rows at the end
    const fresh = Array.from({ length: NEW }, (_, i) => lead(KNOWN + i));
    const second = join(s.dir, 'second.csv');
    await writeFile(second, ['name,phone,source,score', ...known.slice(0, 1000), lead(5), 'No Phone,,web,1', ...known.slice(1000), ...fresh].join('\n') + '\n');
    const total = KNOWN + NEW + 2;

    // without the lookup (merge create sends every row); a dry run, so nothing is written
    const full = await importJson(second, '--dataset', 'leads', '--merge', 'create', '--dry-run');
    expect(full).toMatchObject({ total, inserted: KNOWN + NEW, invalid: 1, duplicates: 1, alreadyThere: 0 });

    const skip = await importJson(second, '--dataset', 'leads', '--merge', 'skip');
    console.log(`merge skip from the CLI: ${full.bytesSent} bytes without the key lookup, ${skip.bytesSent} with it`);
    expect(skip).toMatchObject({ total, inserted: NEW, skipped: KNOWN, duplicates: 1, invalid: 1, conflicts: 0, alreadyThere: KNOWN + 1, chunksSent: full.chunksSent });
    expect(skip.bytesSent).toBeLessThan(full.bytesSent / 5);

    const records = await api<{ total: number }>('GET', '/api/datasets/leads/records?pageSize=1');
    expect(records.body.total).toBe(KNOWN + NEW);
    // rows were left out, so the strategy cannot change afterwards (as for the browser)
    const imp = await api<{ client: { omitsExisting?: boolean } }>('GET', `/api/imports/${skip.importId}`);
    expect(imp.body.client).toMatchObject({ omitsExisting: true });
  }, 120_000);

  it('refuses a later change of strategy of a skip import that left rows out', async () => {
    const file = join(s.dir, 'again.csv');
    await writeFile(file, ['name,phone,source,score', lead(1), lead(2), lead(KNOWN + NEW + 1)].join('\n') + '\n');
    const dry = await importJson(file, '--dataset', 'leads', '--merge', 'skip', '--dry-run');
    expect(dry).toMatchObject({ total: 3, inserted: 1, skipped: 2, alreadyThere: 2, status: 'planned' });
    const patch = await api<{ error: { code: string } }>('PATCH', `/api/imports/${dry.importId}`, { merge: 'update' });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('rows_not_sent');
  }, 60_000);
});
