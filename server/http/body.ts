import type { Context } from 'hono';
import { badRequest } from './errors.ts';

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
  return Object.assign(Object.create(null), parsed) as Record<string, unknown>;
}
