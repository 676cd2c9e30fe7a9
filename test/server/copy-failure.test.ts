import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkBody } from '../../shared/chunk/index.ts';
import { createImport, engines, putChunk, startTestServer, type TestServer } from './harness.ts';

// Staged rows reach PostgreSQL by COPY and PGlite by INSERT: when the database refuses them,
// the upload must answer with its reason at once, keep nothing of the chunk, and take it again.
describe.each(engines)('a chunk the database refuses, on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine);
    await s.db.sql.unsafe(`
      create function refuse_row_777() returns trigger language plpgsql as $$
      begin
        if new.row_no = 777 then raise exception using errcode = '22000', message = 'row 777 refused for this test'; end if;
        return new;
      end $$;
      create trigger refuse_row_777 before insert on import_rows for each row execute function refuse_row_777();`);
  });
  afterAll(async () => { await s?.close(); });

  it('is answered with the database reason, leaves nothing staged, and can be sent again', async () => {
    const id = await createImport(s, { totalChunks: 1 });
    const body: ChunkBody = { columns: ['name', 'phone', 'source'], rows: [['Ana', '+14152014567', 'web'], ['Bob', '+14152014568', 'web']], rowNumbers: [776, 777] };
    const refused = await putChunk(s, id, 0, body);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).error.message).toContain('row 777 refused for this test');
    const held = await s.db.sql<{ chunks: number; rows: number }[]>`
      select (select count(*)::int from import_chunks where import_id = ${id}) as chunks,
             (select count(*)::int from import_rows where import_id = ${id}) as rows`;
    expect(held[0]).toEqual({ chunks: 0, rows: 0 });
    if (engine === 'postgres') {
      // the connection went back to the pool, not left inside the failed transaction
      const stuck = await s.db.sql`select pid from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
      expect(stuck).toEqual([]);
    }
    await s.db.sql`drop trigger refuse_row_777 on import_rows`;
    const again = await putChunk(s, id, 0, body);
    expect(again.status).toBe(201);
    expect(JSON.parse(again.text)).toMatchObject({ accepted: 2, rejected: 0 });
  }, 15_000);
});
