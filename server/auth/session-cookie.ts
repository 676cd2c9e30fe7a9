import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from './middleware.ts';

/**
 * Whether the request reached Sluice over HTTPS: directly, or through a proxy that says so
 * (`X-Forwarded-Proto`, `Forwarded: proto=`). The headers are trusted as sent: a forged one
 * can only make the caller's own cookie stricter.
 */
export function overHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || /(^|[;,\s])proto=https\b/i.test(c.req.header('forwarded') ?? '');
}

/** Sets the browser session cookie: Secure when `alwaysSecure` (an https public address) or the request came over HTTPS. */
export function startSession(c: Context, secret: string, alwaysSecure: boolean): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true, sameSite: 'Strict', path: '/', secure: alwaysSecure || overHttps(c), maxAge: 14 * 24 * 3600,
  });
}
