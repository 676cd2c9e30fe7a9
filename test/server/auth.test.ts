import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../server/auth/bootstrap.ts';
import { issueCredential } from '../../server/auth/credentials.ts';
import { startServer } from '../../server/start.ts';
import { engines, startTestServer, type TestServer } from './harness.ts';

describe.each(engines)('auth and tenancy on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(engine); });
  afterAll(async () => { await s?.close(); });

  it('answers 401 without a session or token', async () => {
    const res = await s.json('GET', '/api/me', undefined, '');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect((await s.json('GET', '/api/imports', undefined, 'slk_wrong')).status).toBe(401);
  });

  it('serves health without auth', async () => {
    expect((await s.json('GET', '/api/health', undefined, '')).body).toEqual({ ok: true });
  });

  it('signs in once with the first-start link, which then stops working', async () => {
    const boot = await bootstrap(s.db.sql);
    expect(boot.signinCode).toBeTruthy();
    const first = await s.app.request(`/signin?code=${boot.signinCode}`);
    expect(first.status).toBe(302);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/sluice_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await s.app.request('/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toMatchObject({ email: 'admin@localhost', role: 'admin' });
    expect((await s.app.request(`/signin?code=${boot.signinCode}`)).status).toBe(401);
  });

  it('logs in with a password hashed with scrypt, and refuses a wrong one', async () => {
    expect((await s.json('POST', '/api/me/password', { password: 'correct horse battery' })).status).toBe(204);
    const [row] = await s.db.sql<{ password_hash: string }[]>`select password_hash from users where email = 'admin@localhost'`;
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    const bad = await s.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password: 'nope' }) });
    expect(bad.status).toBe(401);
    const ok = await s.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ADMIN@localhost', password: 'correct horse battery' }) });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    // changing it again needs the current one, and ends the other browser sessions
    expect((await s.json('POST', '/api/me/password', { password: 'another long secret' })).status).toBe(403);
    expect((await s.json('POST', '/api/me/password', { password: 'another long secret', current: 'correct horse battery' })).status).toBe(204);
    expect((await s.app.request('/api/me', { headers: { cookie } })).status).toBe(401);
    const again = await s.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@localhost', password: 'another long secret' }) });
    expect(again.status).toBe(200);
    await s.json('POST', '/api/me/password', { password: 'correct horse battery', current: 'another long secret' });
    const logout = await s.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(logout.status).toBe(204);
    expect((await s.app.request('/api/me', { headers: { cookie } })).status).toBe(401);
  });

  it('marks the session cookie Secure when the request came over HTTPS, directly or through a proxy', async () => {
    const user = { email: 'secure@example.com', password: 'a long enough secret' };
    expect((await s.json('POST', '/api/users', { ...user, role: 'member' })).status).toBe(201);
    const login = (url: string, headers: Record<string, string> = {}) => s.app.request(url, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(user),
    });
    const cookieOf = (res: Response) => {
      expect(res.headers.get('set-cookie')).toMatch(/^sluice_session=/);
      return res.headers.get('set-cookie')!;
    };
    expect(cookieOf(await login('https://sluice.example/api/auth/login'))).toMatch(/; Secure/);
    expect(cookieOf(await login('http://localhost/api/auth/login'))).not.toMatch(/Secure/i);
    expect(cookieOf(await login('http://localhost/api/auth/login', { 'x-forwarded-proto': 'https' }))).toMatch(/; Secure/);
    expect(cookieOf(await login('http://localhost/api/auth/login', { forwarded: 'for=192.0.2.1;proto=https' }))).toMatch(/; Secure/);
    expect(cookieOf(await login('http://localhost/api/auth/login', { 'x-forwarded-proto': 'http' }))).not.toMatch(/Secure/i);

    const signinCode = async () => (await s.json('POST', '/api/users', { email: `link${Math.random()}@example.com` })).body.signinCode as string;
    const overHttps = await s.app.request(`https://sluice.example/signin?code=${await signinCode()}`);
    expect(overHttps.status).toBe(302);
    expect(cookieOf(overHttps)).toMatch(/; Secure/);
    const overHttp = await s.app.request(`http://localhost/signin?code=${await signinCode()}`);
    expect(overHttp.status).toBe(302);
    expect(cookieOf(overHttp)).not.toMatch(/Secure/i);
  });

  it('refuses a cross-site form post that carries the session cookie', async () => {
    const session = await issueCredential(s.db.sql, 'session', s.orgId, 1);
    const post = (origin: string) => s.app.request('http://localhost/api/tokens', {
      method: 'POST',
      headers: { cookie: `sluice_session=${session}`, 'content-type': 'application/x-www-form-urlencoded', origin },
      body: 'name=x',
    });
    expect((await post('https://evil.example')).status).toBe(403);
    // same origin passes the CSRF check and reaches the handler, which wants JSON
    expect((await post('http://localhost')).status).toBe(400);
  });

  it('lets admins add users and members create tokens, but not members add users', async () => {
    const add = await s.json('POST', '/api/users', { email: 'clerk@example.com', role: 'member' });
    expect(add.status).toBe(201);
    expect(add.body.signinCode).toBeTruthy();
    const tokenRes = await s.app.request('/api/auth/signin-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: add.body.signinCode }) });
    const { token } = await tokenRes.json();
    expect((await s.json('GET', '/api/me', undefined, token)).body).toMatchObject({ email: 'clerk@example.com', role: 'member' });
    expect((await s.json('POST', '/api/users', { email: 'x@example.com' }, token)).status).toBe(403);
    const own = await s.json('POST', '/api/tokens', { name: 'laptop' }, token);
    expect(own.status).toBe(201);
    expect((await s.json('GET', '/api/me', undefined, own.body.token)).body.email).toBe('clerk@example.com');
    expect((await s.json('POST', '/api/users', { email: 'clerk@example.com' })).status).toBe(409);
  });

  it('lists my tokens without their secrets and revokes one', async () => {
    const made = await s.json('POST', '/api/tokens', { name: 'to-revoke' });
    const list = await s.json('GET', '/api/tokens');
    const entry = list.body.tokens.find((t: { name: string }) => t.name === 'to-revoke');
    expect(entry.id).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(list.body)).not.toContain(made.body.token);
    expect((await s.json('GET', '/api/me', undefined, made.body.token)).status).toBe(200);
    expect((await s.call('DELETE', `/api/tokens/${entry.id}`)).status).toBe(204);
    expect((await s.json('GET', '/api/me', undefined, made.body.token)).status).toBe(401);
    const other = await s.newOrg(`tok${Date.now()}`);
    expect((await s.call('DELETE', `/api/tokens/${entry.id}`, undefined, other.token)).status).toBe(404);
  });

  it('takes org_id from the token, never from the request body', async () => {
    const other = await s.newOrg(`tenant${Date.now()}`);
    const res = await s.json('POST', '/api/imports', { dataset: 'leads', fileName: 'x.csv', org_id: s.orgId, orgId: s.orgId }, other.token);
    expect(res.status).toBe(201);
    const [row] = await s.db.sql<{ org_id: number }[]>`select org_id from imports where id = ${res.body.id}`;
    expect(row!.org_id).toBe(other.orgId);
    expect((await s.json('GET', `/api/imports/${res.body.id}`)).status).toBe(404);
  });

  it('answers honest errors for bad requests', async () => {
    expect((await s.json('POST', '/api/imports', { dataset: 'nope', fileName: 'x' })).status).toBe(422);
    expect((await s.json('POST', '/api/imports', { dataset: 'leads', fileName: 'x', merge: 'replace' })).status).toBe(422);
    const bad = await s.call('POST', '/api/imports', '{not json');
    expect(bad.status).toBe(400);
    expect((await s.json('GET', '/api/imports/abc')).status).toBe(404);
    expect((await s.json('GET', '/api/imports/99999999')).status).toBe(404);
    expect((await s.json('GET', '/api/nothing-here')).status).toBe(404);
  });
});

describe('a server whose public address is https', () => {
  it('marks every session cookie Secure, even on a plain HTTP request (SLUICE_PUBLIC_URL)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-public-url-'));
    const server = await startServer({ port: 0, dataDir: dir, publicUrl: 'https://sluice.example', log: () => {} });
    try {
      expect(server.signinUrl).toMatch(/^http:\/\//);
      const res = await fetch(server.signinUrl!, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('set-cookie')).toMatch(/^sluice_session=.*; Secure/);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
