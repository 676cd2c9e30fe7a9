import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkHash, type ChunkBody } from '../../shared/chunk/index.ts';
import { one } from '../../server/db/engine.ts';
import { createImport, engines, putChunk, startTestServer, type TestServer } from './harness.ts';

const stagedCount = async (s: TestServer, id: number) =>
  one(await s.db.sql<{ n: number }[]>`select count(*)::int as n from import_rows where import_id = ${id}`).n;

const columns = ['name', 'phone', 'source', 'score'];
const good: ChunkBody = {
  columns,
  rows: [
    ['Ana Ruiz', '+14152014567', 'web', '70'],
    ['Marc Vidal', '+14152014568', 'email', '101'],
  ],
  rowNumbers: [2, 3],
};

describe.each(engines)('chunk upload on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(engine); });
  afterAll(async () => { await s?.close(); });

  it('re-validates every row and reports per-row issues', async () => {
    const id = await createImport(s);
    const res = await putChunk(s, id, 0, good);
    expect(res.status).toBe(201);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.issues).toEqual([expect.objectContaining({ row: 3, field: 'score', code: 'out_of_range' })]);
  });

  it('does not trust a client that sends an invalid row as valid', async () => {
    const id = await createImport(s);
    const res = await putChunk(s, id, 0, { columns, rows: [['', 'not a phone', 'fax', '5']], rowNumbers: [9] });
    const codes = JSON.parse(res.text).issues.map((i: { code: string }) => i.code).sort();
    expect(codes).toEqual(['invalid_phone', 'not_in_enum', 'required']);
  });

  it('replays a chunk byte for byte', async () => {
    const id = await createImport(s);
    const first = await putChunk(s, id, 0, good);
    const again = await putChunk(s, id, 0, good);
    expect(again.status).toBe(first.status);
    expect(again.text).toBe(first.text);
    const n = await stagedCount(s, id);
    expect(n).toBe(2);
  });

  it('answers 422 to the same chunk with other content, and keeps the first', async () => {
    const id = await createImport(s);
    await putChunk(s, id, 0, good);
    const other = { ...good, rows: [good.rows[0]!, ['Someone Else', '+14152014569', 'web', '5']] };
    const res = await putChunk(s, id, 0, other);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).error.code).toBe('idempotency_conflict');
    const names = await s.db.sql`select data->>'name' as name from import_rows where import_id = ${id} order by ord`;
    expect(names.map((r) => r.name)).toEqual(['Ana Ruiz', 'Marc Vidal']);
  });

  it('refuses a body that does not match its Content-SHA256 and stores nothing', async () => {
    const id = await createImport(s);
    const res = await s.call('PUT', `/api/imports/${id}/chunks/0`, JSON.stringify(good), undefined, {
      'idempotency-key': 'x', 'content-sha256': chunkHash({ ...good, rowNumbers: [2, 4] }), 'content-type': 'application/json',
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('hash_mismatch');
    const { n } = one(await s.db.sql<{ n: number }[]>`select count(*)::int as n from import_chunks where import_id = ${id}`);
    expect(n).toBe(0);
  });

  it('accepts gzip bodies', async () => {
    const id = await createImport(s);
    const res = await s.call('PUT', `/api/imports/${id}/chunks/0`, gzipSync(JSON.stringify(good)), undefined, {
      'idempotency-key': 'gz', 'content-sha256': chunkHash(good), 'content-encoding': 'gzip', 'content-type': 'application/json',
    });
    expect(res.status).toBe(201);
    expect((await res.json()).accepted).toBe(1);
  });

  it('answers 413 to a body over the limit and to a gzip bomb', async () => {
    const id = await createImport(s);
    const big = 'x'.repeat(5 * 1024 * 1024);
    const res = await s.call('PUT', `/api/imports/${id}/chunks/0`, big, undefined, {
      'idempotency-key': 'big', 'content-sha256': '0'.repeat(64), 'content-type': 'application/json',
    });
    expect(res.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 32));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res2 = await s.call('PUT', `/api/imports/${id}/chunks/0`, bomb, undefined, {
      'idempotency-key': 'bomb', 'content-sha256': '0'.repeat(64), 'content-encoding': 'gzip', 'content-type': 'application/json',
    });
    expect(res2.status).toBe(413);
  });

  it('refuses a chunk holding a NUL byte with 422 naming row and column, and accepts the next chunk', async () => {
    const id = await createImport(s);
    const bad: ChunkBody = { columns, rows: [['Ana\u0000Ruiz', '+14152014567', 'web', '1']], rowNumbers: [7] };
    const res = await putChunk(s, id, 0, bad);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).error.message).toMatch(/row 7, column name/);
    expect((await putChunk(s, id, 1, good)).status).toBe(201);
    const n = await stagedCount(s, id);
    expect(n).toBe(2);
  });

  it('answers 400 to malformed chunks and 422 to unknown columns', async () => {
    const id = await createImport(s);
    const res = await s.call('PUT', `/api/imports/${id}/chunks/0`, '{"columns": [', undefined, {
      'idempotency-key': 'm', 'content-sha256': '0'.repeat(64), 'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    const noKey = await s.call('PUT', `/api/imports/${id}/chunks/0`, JSON.stringify(good), undefined, { 'content-sha256': chunkHash(good) });
    expect(noKey.status).toBe(400);
    const unknown = await putChunk(s, id, 0, { columns: ['name', '__proto__'], rows: [['a', 'b']], rowNumbers: [1] });
    expect(unknown.status).toBe(422);
    expect(JSON.parse(unknown.text).error.code).toBe('unknown_columns');
  });

  it('refuses a chunk number beyond the count announced at creation', async () => {
    const id = await createImport(s, { totalChunks: 2 });
    const res = await putChunk(s, id, 2, good);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).error.code).toBe('chunk_out_of_range');
  });

  it('stores chunks sent all at once, and the import reads uploaded once the last one lands', async () => {
    const id = await createImport(s, { totalChunks: 8 });
    const bodies = Array.from({ length: 8 }, (_, n): ChunkBody => ({
      columns,
      rows: [[`Person ${n}`, `+1415201${String(4500 + n).padStart(4, '0')}`, 'web', '5'], [`Other ${n}`, '', 'web', '500']],
      rowNumbers: [2 * n + 2, 2 * n + 3],
    }));
    const answers = await Promise.all(bodies.map((b, n) => putChunk(s, id, n, b)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(await stagedCount(s, id)).toBe(16);
    const stored = await s.db.sql<{ valid: boolean; raw: unknown; issues: unknown }[]>`
      select valid, raw, issues from import_rows where import_id = ${id} order by ord`;
    expect(stored.filter((r) => r.valid).map((r) => [r.raw, r.issues])).toEqual(Array(8).fill([null, null]));
    expect(stored.filter((r) => !r.valid).map((r) => (r.raw as Record<string, string>).score)).toEqual(Array(8).fill('500'));
    expect((await s.json('GET', `/api/imports/${id}`)).body.status).toBe('uploaded');
  });

  it('refuses a chunk once the import was planned, and keeps nothing of it', async () => {
    const id = await createImport(s);
    await putChunk(s, id, 0, good);
    const plan = await s.json('POST', `/api/imports/${id}/plan`, {});
    expect(plan.status).toBe(200);
    const late = await putChunk(s, id, 1, { ...good, rowNumbers: [4, 5] });
    expect(late.status).toBe(409);
    expect(JSON.parse(late.text).error.code).toBe('wrong_state');
    expect(await stagedCount(s, id)).toBe(2);
    expect((await s.json('GET', `/api/imports/${id}`)).body.status).toBe('planned');
  });

  it('answers 404 to another organisation', async () => {
    const id = await createImport(s);
    const other = await s.newOrg(`other${Date.now()}`);
    expect((await putChunk(s, id, 0, good, { token: other.token })).status).toBe(404);
    expect((await s.json('GET', `/api/imports/${id}`, undefined, other.token)).status).toBe(404);
    expect((await s.json('POST', `/api/imports/${id}/plan`, undefined, other.token)).status).toBe(404);
  });

  // PostgreSQL only: PGlite is one session, so a second upload of a chunk waits for the first
  // to finish and then gets its replay (tested above); it can never overlap it
  it.runIf(engine === 'postgres')('answers 409 while the same chunk is still being stored', async () => {
    const id = await createImport(s);
    // hold the chunk's lock as an in-flight request would
    await s.db.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`chunk:${s.orgId}:${id}`}), 0)`;
      const res = await putChunk(s, id, 0, good);
      expect(res.status).toBe(409);
      expect(JSON.parse(res.text).error.code).toBe('in_flight');
    });
    expect((await putChunk(s, id, 0, good)).status).toBe(201);
  });
});
