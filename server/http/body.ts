import type { Context } from 'hono';
import { badRequest } from './errors.ts';
import { unstorable } from './guard.ts';

const MAX_JSON = 1024 * 1024;

/** Reads a small JSON object body; 400 when it is not one. Returns a prototype-free record. */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.length > MAX_JSON) throw badRequest('request body too large');
  if (!text.trim()) return Object.create(null);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('request body must be a JSON object');
  // JSON.parse turns "\u0000" and lone "\ud800" escapes into text PostgreSQL refuses
  if (holdsUnstorable(parsed)) throw badRequest('request body holds a NUL byte or an invalid character');
  return Object.assign(Object.create(null), parsed) as Record<string, unknown>;
}

function holdsUnstorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return unstorable(value);
  if (depth > 20 || typeof value !== 'object' || value === null) return false;
  for (const [k, v] of Object.entries(value)) if (unstorable(k) || holdsUnstorable(v, depth + 1)) return true;
  return false;
}
