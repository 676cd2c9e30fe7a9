import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Sql } from '../db/engine.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import { readJson } from '../http/body.ts';
import type { AppEnv, Role } from '../types.ts';
import { consumeSignin, issueCredential, revokeCredential } from './credentials.ts';
import { requireAdmin, SESSION_COOKIE } from './middleware.ts';
import { hashPassword, secretHash, verifyPassword } from './passwords.ts';
import { startSession } from './session-cookie.ts';

const MIN_PASSWORD = 10;

/** Public sign-in routes: password login, one-time sign-in links, logout. `secureCookies`: every session cookie is Secure, whatever the request. */
export function signinRoutes(sql: Sql, secureCookies = false) {
  const app = new Hono<AppEnv>();

  app.post('/api/auth/login', async (c) => {
    const body = await readJson(c);
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!email || !password) throw badRequest('email and password are required');
    const [user] = await sql<{ org_id: number; id: number; password_hash: string | null; role: Role }[]>`
      select org_id, id, password_hash, role from users where lower(email) = ${email}`;
    if (!user || !(await verifyPassword(password, user.password_hash))) {
      throw new ApiError(401, 'invalid_credentials', 'wrong email or password');
    }
    startSession(c, await issueCredential(sql, 'session', user.org_id, user.id), secureCookies);
    return c.json({ email, role: user.role });
  });

  // one-time link printed at first start: opens a browser session
  app.get('/signin', async (c) => {
    const code = c.req.query('code') ?? '';
    const who = code ? await consumeSignin(sql, code) : null;
    if (!who) return c.text('This sign-in link is invalid, expired or already used.', 401);
    startSession(c, await issueCredential(sql, 'session', who.orgId, who.userId), secureCookies);
    return c.redirect('/');
  });

  // the same one-time code, exchanged for a CLI token (`sluice login <url>`)
  app.post('/api/auth/signin-token', async (c) => {
    const body = await readJson(c);
    const who = typeof body.code === 'string' ? await consumeSignin(sql, body.code) : null;
    if (!who) throw new ApiError(401, 'invalid_code', 'this sign-in code is invalid, expired or already used');
    const token = await issueCredential(sql, 'token', who.orgId, who.userId, { name: 'cli' });
    return c.json({ token }, 201);
  });

  app.post('/api/auth/logout', async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) await revokeCredential(sql, session);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  return app;
}

/** Routes for the signed-in caller under `/api` (the app authenticates): who am I, password, tokens, and (admins) users. */
export function accountRoutes(sql: Sql) {
  const app = new Hono<AppEnv>();
  app.use('/users/*', requireAdmin); // `/users/*` matches `/users` too

  app.get('/me', (c) => {
    const { orgId, userId, email, role } = c.get('caller');
    return c.json({ orgId, userId, email, role });
  });

  app.post('/me/password', async (c) => {
    const body = await readJson(c);
    const password = typeof body.password === 'string' ? body.password : '';
    if (password.length < MIN_PASSWORD) throw new ApiError(422, 'weak_password', `a password needs at least ${MIN_PASSWORD} characters`);
    const { orgId, userId } = c.get('caller');
    const [user] = await sql<{ password_hash: string | null }[]>`select password_hash from users where org_id = ${orgId} and id = ${userId}`;
    // a stolen session must not be enough to lock the owner out
    if (user?.password_hash && !(await verifyPassword(typeof body.current === 'string' ? body.current : '', user.password_hash))) {
      throw new ApiError(403, 'wrong_password', 'the current password is wrong');
    }
    await sql`update users set password_hash = ${await hashPassword(password)} where org_id = ${orgId} and id = ${userId}`;
    // other browser sessions end; this one and the CLI tokens stay
    const current = getCookie(c, SESSION_COOKIE);
    await sql`delete from credentials where org_id = ${orgId} and user_id = ${userId} and kind = 'session'
              ${current ? sql`and hash <> ${secretHash(current)}` : sql``}`;
    return c.body(null, 204);
  });

  app.post('/tokens', async (c) => {
    const body = await readJson(c);
    const name = typeof body.name === 'string' ? body.name.slice(0, 100) : 'cli';
    const { orgId, userId } = c.get('caller');
    const token = await issueCredential(sql, 'token', orgId, userId, { name });
    return c.json({ token, name }, 201);
  });

  // my tokens: never the secret, only an id (the start of its hash), name and use
  app.get('/tokens', async (c) => {
    const { orgId, userId } = c.get('caller');
    const rows = await sql`
      select left(hash, 12) as id, name, created_at as "createdAt", last_used_at as "lastUsedAt"
      from credentials where org_id = ${orgId} and user_id = ${userId} and kind = 'token' order by created_at`;
    return c.json({ tokens: rows });
  });

  app.delete('/tokens/:id', async (c) => {
    const { orgId, userId } = c.get('caller');
    const id = c.req.param('id');
    if (!/^[0-9a-f]{12}$/.test(id)) throw new ApiError(404, 'not_found', 'no such token');
    const gone = await sql`delete from credentials where org_id = ${orgId} and user_id = ${userId} and kind = 'token'
                           and left(hash, 12) = ${id} returning 1`;
    if (!gone.length) throw new ApiError(404, 'not_found', 'no such token');
    return c.body(null, 204);
  });

  app.get('/users', async (c) => {
    const rows = await sql`select id, email, role, created_at from users where org_id = ${c.get('caller').orgId} order by id`;
    return c.json({ users: rows });
  });

  app.post('/users', async (c) => {
    const body = await readJson(c);
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const role = body.role ?? 'member';
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new ApiError(422, 'invalid_email', 'a valid email is required');
    if (role !== 'admin' && role !== 'member') throw new ApiError(422, 'invalid_role', 'role must be admin or member');
    const password = typeof body.password === 'string' ? body.password : null;
    if (password !== null && password.length < MIN_PASSWORD) {
      throw new ApiError(422, 'weak_password', `a password needs at least ${MIN_PASSWORD} characters`);
    }
    const orgId = c.get('caller').orgId;
    const [exists] = await sql`select 1 from users where lower(email) = ${email}`;
    // sign-in is by email across organisations, so it must be unique; say no more than that
    if (exists) throw new ApiError(409, 'email_unavailable', 'this email cannot be used for a new user');
    const [user] = await sql<{ id: number }[]>`
      insert into users (org_id, email, role, password_hash)
      values (${orgId}, ${email}, ${role}, ${password ? await hashPassword(password) : null}) returning id`;
    const signinCode = await issueCredential(sql, 'signin', orgId, user!.id);
    return c.json({ id: user!.id, email, role, signinCode }, 201);
  });
  return app;
}
