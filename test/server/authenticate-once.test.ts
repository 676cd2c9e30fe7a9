import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCredential } from '../../server/auth/credentials.ts';
import { createImport, engines, startTestServer, type TestServer } from './harness.ts';

/**
 * Every authenticated request resolves its caller once: one write of the credential's
 * `last_used_at`, whichever part of the API it reaches. A trigger logs each such write.
 */
describe.each(engines)('authentication once per request on %s', (engine) => {
  let s: TestServer;
  let importId: number;
  let session: string;

  beforeAll(async () => {
    s = await startTestServer(engine);
    importId = await createImport(s);
    session = await issueCredential(s.db.sql, 'session', s.orgId, 1);
    await s.db.sql.unsafe(`
      create table credential_uses (hash text not null);
      create function log_credential_use() returns trigger language plpgsql as $$
      begin
        insert into credential_uses (hash) values (new.hash);
        return new;
      end $$;
      create trigger log_credential_use after update of last_used_at on credentials
        for each row execute function log_credential_use();`);
  });
  afterAll(async () => { await s?.close(); });

  /** How many times one request wrote a credential's last use. */
  async function writesOf(request: () => Response | Promise<Response>): Promise<{ status: number; writes: number }> {
    await s.db.sql`delete from credential_uses`;
    const res = await request();
    await res.arrayBuffer();
    const [row] = await s.db.sql<{ n: number }[]>`select count(*)::int as n from credential_uses`;
    return { status: res.status, writes: row!.n };
  }

  it.each([
    ['GET', '/api/me'],
    ['GET', '/api/tokens'],
    ['GET', '/api/users'],
    ['GET', '/api/datasets'],
    ['GET', '/api/datasets/leads'],
    ['GET', '/api/datasets/leads/records'],
    ['GET', '/api/datasets/leads/export?format=csv'],
    ['GET', '/api/datasets/leads/export?format=json'],
    ['GET', '/api/datasets/nope/export'],
    ['GET', '/api/imports'],
    ['GET', '/api/imports/:id'],
    ['GET', '/api/imports/:id/plan/rows'],
  ])('%s %s with a bearer token writes the last use once', async (method, path) => {
    const { status, writes } = await writesOf(() => s.call(method, path.replace(':id', String(importId))));
    expect(status).toBeLessThan(500);
    expect(writes).toBe(1);
  });

  it('POST key lookup and a new import write the last use once', async () => {
    const lookup = await writesOf(() => s.call('POST', '/api/datasets/leads/keys/lookup', { hashes: ['a'.repeat(64)] }));
    expect(lookup).toEqual({ status: 200, writes: 1 });
    const created = await writesOf(() => s.call('POST', '/api/imports', { dataset: 'leads', fileName: 'again.csv' }));
    expect(created).toEqual({ status: 201, writes: 1 });
  });

  it('a browser session is resolved once too', async () => {
    const headers = { cookie: `sluice_session=${session}` };
    for (const path of ['/api/me', '/api/datasets/leads/export?format=csv', `/api/imports/${importId}`]) {
      expect(await writesOf(() => s.app.request(path, { headers }))).toEqual({ status: 200, writes: 1 });
    }
  });

  it('public routes write no last use', async () => {
    expect(await writesOf(() => s.call('GET', '/api/health'))).toEqual({ status: 200, writes: 0 });
  });
});
