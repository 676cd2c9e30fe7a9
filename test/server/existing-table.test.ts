/**
 * A dataset written into a table the office's application already has: shaped like a Django
 * model (serial id, no org column, date_joined, a unique index on lower(email)), made by plain
 * SQL. Sluice imports, re-imports, updates, undoes and exports it without adding anything to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkBody } from '../../shared/chunk/index.ts';
import type { Sql } from '../../server/db/engine.ts';
import { appClients, DJANGO_TABLE } from './django-table.ts';
import { createImport, engines, putChunk, startTestServer, type TestServer } from './harness.ts';

/** What the catalog says of the table: its columns, indexes and triggers. */
async function catalog(sql: Sql) {
  const columns = await sql`select attname, format_type(atttypid, atttypmod) as type, attnotnull from pg_attribute
    where attrelid = 'auth_clients'::regclass and attnum > 0 and not attisdropped order by attnum`;
  const indexes = await sql`select indexname, indexdef from pg_indexes where tablename = 'auth_clients' order by indexname`;
  const triggers = await sql`select tgname from pg_trigger where tgrelid = 'auth_clients'::regclass order by tgname`;
  return { columns, indexes, triggers };
}

type Row = { id: number; full_name: string; email: string; phone: string | null; date_joined: Date; is_active: boolean };
const rowsOf = (s: TestServer) => s.db.sql<Row[]>`select * from auth_clients order by id`;

describe.each(engines)('a dataset on an existing table on %s', (engine) => {
  let s: TestServer;
  let before: Awaited<ReturnType<typeof catalog>>;
  const logged: string[] = [];
  const chunk = (rows: (string | null)[][]): ChunkBody => ({ columns: ['name', 'email', 'phone'], rows, rowNumbers: rows.map((_, i) => i + 2) });
  const importRows = async (rows: (string | null)[][], merge: string, token?: string) => {
    const id = await createImport(s, { dataset: 'app_clients', fileName: 'clients.csv', merge, totalChunks: 1 }, token);
    expect((await putChunk(s, id, 0, chunk(rows), { token })).status).toBe(201);
    const plan = await s.json('POST', `/api/imports/${id}/plan`, undefined, token);
    expect(plan.status).toBe(200);
    return { id, plan: plan.body.plan };
  };
  const commit = async (id: number) => {
    const res = await s.json('POST', `/api/imports/${id}/commit`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    s = await startTestServer(engine, {
      datasets: [appClients('Default')],
      log: (l) => logged.push(l),
      before: async (sql) => {
        await sql.unsafe(DJANGO_TABLE);
        // a client the application had before Sluice, inactive, its email in capitals
        await sql`insert into auth_clients (full_name, email, date_joined, is_active) values ('Old Client', 'Old@Example.com', '2020-01-01T00:00:00Z', false)`;
      },
    });
    before = await catalog(s.db.sql);
  });
  afterAll(async () => { await s?.close(); });

  it('says nothing at start about the key, which the unique index on lower(email) serves', () => {
    expect(logged.filter((l) => l.includes('app_clients'))).toEqual([]);
  });

  it('imports rows into the table, matches its capitalised email, and skips on re-import', async () => {
    const rows = [['Ana Ruiz', 'ana@example.com', '(415) 201-4567'], ['Bob Stone', 'bob@example.com', null], ['Old Client', 'old@example.com', null]];
    const first = await importRows(rows, 'skip');
    expect(first.plan).toMatchObject({ total: 3, insert: 2, skip: 1 });
    expect(await commit(first.id)).toMatchObject({ status: 'done', counts: { inserted: 2 } });
    const after = await rowsOf(s);
    expect(after.map((r) => [r.full_name, r.email, r.phone, r.is_active])).toEqual([
      ['Old Client', 'Old@Example.com', null, false],
      ['Ana Ruiz', 'ana@example.com', '+14152014567', true],
      ['Bob Stone', 'bob@example.com', null, true],
    ]);
    // createdColumn is set by the commit, the same instant as the import's committed_at
    const [imp] = await s.db.sql<{ committed_at: Date }[]>`select committed_at from imports where id = ${first.id}`;
    expect(after[1]!.date_joined.toISOString()).toBe(imp!.committed_at.toISOString());

    const again = await importRows(rows, 'skip');
    expect(again.plan).toMatchObject({ insert: 0, skip: 3 });
    expect(await commit(again.id)).toMatchObject({ counts: { inserted: 0, updated: 0 } });
    expect(await rowsOf(s)).toEqual(after);
  });

  it('update changes only the mapped columns, and undo restores the table', async () => {
    const start = await rowsOf(s);
    const { id, plan } = await importRows([
      ['Ana María Ruiz', 'ana@example.com', null],
      ['Old Client Renamed', 'old@example.com', '415 201 4569'],
      ['Cy New', 'cy@example.com', null],
    ], 'update');
    expect(plan).toMatchObject({ update: 2, insert: 1 });
    const diffs = await s.json('GET', `/api/imports/${id}/plan/rows?kind=update`);
    expect(diffs.body.rows.map((r: { diff: unknown }) => r.diff)).toEqual([
      { name: ['Ana Ruiz', 'Ana María Ruiz'] },
      { name: ['Old Client', 'Old Client Renamed'], email: ['Old@Example.com', 'old@example.com'], phone: [null, '+14152014569'] },
    ]);
    expect(await commit(id)).toMatchObject({ counts: { inserted: 1, updated: 2 } });
    const updated = await rowsOf(s);
    expect(updated.map((r) => [r.full_name, r.email, r.phone, r.is_active])).toEqual([
      ['Old Client Renamed', 'old@example.com', '+14152014569', false],
      ['Ana María Ruiz', 'ana@example.com', '+14152014567', true],
      ['Bob Stone', 'bob@example.com', null, true],
      ['Cy New', 'cy@example.com', null, true],
    ]);
    // what no field maps stays as it was
    expect(updated.slice(0, 3).map((r) => r.date_joined)).toEqual(start.map((r) => r.date_joined));

    const undo = await s.json('POST', `/api/imports/${id}/undo`, {});
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ deleted: 1, restored: 2, refused: 0 });
    expect(await rowsOf(s)).toEqual(start);
  });

  it('undo refuses a record the application changed since the import', async () => {
    const { id } = await importRows([['Bob Renamed', 'bob@example.com', null]], 'update');
    await commit(id);
    await s.db.sql`update auth_clients set full_name = 'Bob (edited in the app)' where email = 'bob@example.com'`;
    const undo = await s.json('POST', `/api/imports/${id}/undo`, {});
    expect(undo.status).toBe(409);
    expect(undo.body.error.code).toBe('changed_since');
    await s.db.sql`update auth_clients set full_name = 'Bob Stone' where email = 'bob@example.com'`;
  });

  it('plans again at commit, so a record the application added meanwhile is not inserted twice', async () => {
    const { id, plan } = await importRows([['Dee', 'dee@example.com', null]], 'skip');
    expect(plan).toMatchObject({ insert: 1 });
    await s.db.sql`insert into auth_clients (full_name, email) values ('Dee (from the app)', 'DEE@example.com')`;
    expect(await commit(id)).toMatchObject({ counts: { inserted: 0, skip: 1 } });
    expect((await rowsOf(s)).filter((r) => r.email.toLowerCase() === 'dee@example.com')).toHaveLength(1);
  });

  it('lists, exports and pages the table\'s records under the fields\' names', async () => {
    const records = await s.json('GET', '/api/datasets/app_clients/records?sort=name&email_contains=example');
    expect(records.status).toBe(200);
    expect(records.body.total).toBe(4);
    expect(records.body.records[0]).toMatchObject({ name: 'Ana Ruiz', email: 'ana@example.com', phone: '+14152014567', updated_at: null, last_import_id: null });
    expect(Object.keys(records.body.records[0])).toEqual(['id', 'name', 'email', 'phone', 'created_at', 'updated_at', 'last_import_id']);

    const csv = await s.call('GET', '/api/datasets/app_clients/export?format=csv&columns=name,email&sort=-id&name_contains=o');
    expect(csv.status).toBe(200);
    expect((await csv.text()).replace(/^\uFEFF/, '').split('\r\n')).toEqual(['name,email', 'Dee (from the app),DEE@example.com', 'Bob Stone,bob@example.com', 'Old Client,Old@Example.com', '']);
    const json = await s.json('GET', '/api/datasets/app_clients/export?format=json&columns=id,name,created_at&sort=id');
    expect(json.status).toBe(200);
    expect(json.body[0]).toEqual({ id: 1, name: 'Old Client', created_at: '2020-01-01T00:00:00.000Z' });
  });

  it('does not exist for another organisation', async () => {
    const other = await s.newOrg('elsewhere');
    const list = await s.json('GET', '/api/datasets', undefined, other.token);
    expect(list.body.datasets.map((d: { name: string }) => d.name)).not.toContain('app_clients');
    expect((await s.json('GET', '/api/datasets', undefined, s.adminToken)).body.datasets.map((d: { name: string }) => d.name)).toContain('app_clients');
    for (const path of ['', '/records', '/export?format=csv', '/mappings/abc']) {
      const res = await s.json('GET', `/api/datasets/app_clients${path}`, undefined, other.token);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const lookup = await s.json('POST', '/api/datasets/app_clients/keys/lookup', { hashes: [] }, other.token);
    expect(lookup.status).toBe(404);
    const create = await s.json('POST', '/api/imports', { dataset: 'app_clients', fileName: 'x.csv' }, other.token);
    expect(create.status).toBe(422);
    expect(create.body.error.code).toBe('unknown_dataset');
  });

  it('added no column, index or trigger to the table', async () => {
    expect(await catalog(s.db.sql)).toEqual(before);
  });
});
