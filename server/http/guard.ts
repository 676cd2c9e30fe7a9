import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.ts';

/** True when text holds NUL or a lone UTF-16 surrogate: PostgreSQL cannot store either. */
export function unstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

/** Refuses query strings and path parameters PostgreSQL could not store, before any handler sees them. */
export const refuseUnstorableUrls: MiddlewareHandler = async (c, next) => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(c.req.url);
  } catch {
    throw new ApiError(400, 'bad_request', 'the URL is not valid percent-encoded UTF-8');
  }
  if (unstorable(decoded)) throw new ApiError(400, 'bad_request', 'the URL holds a NUL byte or an invalid character');
  await next();
};

/**
 * Caps request bodies while they stream in (never reading a huge body first): `limits` gives
 * larger caps to the routes that need them, by method and path pattern.
 */
export function capBodies(defaultBytes: number, limits: { method: string; path: RegExp; bytes: number }[]): MiddlewareHandler {
  const make = (bytes: number) => bodyLimit({
    maxSize: bytes,
    onError: () => { throw new ApiError(413, 'too_large', `request body over ${bytes} bytes`); },
  });
  const byDefault = make(defaultBytes);
  const special = limits.map((l) => ({ ...l, handler: make(l.bytes) }));
  return (c, next) => {
    const hit = special.find((l) => l.method === c.req.method && l.path.test(c.req.path));
    return (hit?.handler ?? byDefault)(c, next);
  };
}
