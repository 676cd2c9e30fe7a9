import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Sql } from '../db/engine.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../types.ts';
import { findCaller } from './credentials.ts';

export const SESSION_COOKIE = 'sluice_session';

/** Resolves the caller from a bearer token or the session cookie; 401 when neither is valid. */
export function requireCaller(sql: Sql): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let caller = null;
    if (header !== undefined) {
      // an Authorization header is never mixed with the cookie: CSRF checks rely on that
      if (/^bearer /i.test(header)) caller = await findCaller(sql, header.slice(7).trim(), 'token');
    } else {
      const session = getCookie(c, SESSION_COOKIE);
      if (session) caller = await findCaller(sql, session, 'session');
    }
    if (!caller) throw new ApiError(401, 'unauthorized', 'sign in or send a valid bearer token');
    c.set('caller', caller);
    await next();
  };
}

/** Admin-only routes answer 403 to members. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('caller').role !== 'admin') throw new ApiError(403, 'forbidden', 'only an admin can do this');
  await next();
};
