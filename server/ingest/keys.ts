import { Hono } from 'hono';
import type { DatasetSchema } from '../../shared/schema.ts';
import type { Sql } from '../db/engine.ts';
import { lit, scopeSql } from '../db/sql-text.ts';
import { columnOf, datasetTable, orgIs, type DatasetTable, type Owners } from '../db/target.ts';
import { datasetParam } from '../http/dataset-param.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import type { AppEnv } from '../types.ts';

/** Most hashes one lookup may carry (the client batches above this). */
export const MAX_LOOKUP_HASHES = 50_000;
/** 50,000 quoted 64-character hashes and commas, plus room for whitespace. */
const MAX_BODY_CHARS = MAX_LOOKUP_HASHES * 70 + 4096;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * SQL giving, per existing record `t`, the hex SHA-256 of one dedupe key alternative exactly as
 * shared/dedupe `dedupeKeys` spells it: `<index>\u0001<part>\u0001<part>...`, emails lowercased,
 * and no key when a part is empty.
 */
function keyHashSql(target: DatasetTable, alternative: number): string {
  const { schema } = target;
  const fields = schema.keys[alternative]!;
  const parts = fields.map((name) => {
    const field = schema.fields.find((f) => f.name === name)!;
    const col = columnOf(target, name, 't');
    return field.type === 'email' ? `lower(${col}::text)` : `${col}::text`;
  });
  const text = [lit(String(alternative)), ...parts].join(` || chr(1) || `);
  const present = parts.map((p) => `coalesce(${p}, '') <> ''`).join(' and ');
  return `select encode(sha256(convert_to(${text}, 'UTF8')), 'hex') as h from ${target.table} t
          where ${orgIs(target, 't', '$1')} and ${present} and ${scopeSql(target)}`;
}

/** Parses `{hashes}`: 413 past the limit, 422 for anything that is not a hex SHA-256. */
function readHashes(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
  const hashes = (parsed as { hashes?: unknown } | null)?.hashes;
  if (!Array.isArray(hashes)) throw badRequest('body must be {"hashes": ["<hex sha-256>", ...]}');
  if (hashes.length > MAX_LOOKUP_HASHES) {
    throw new ApiError(413, 'too_large', `at most ${MAX_LOOKUP_HASHES} hashes per lookup, got ${hashes.length}`);
  }
  return hashes.map((h, i) => {
    const hex = typeof h === 'string' ? h.toLowerCase() : '';
    if (!HEX64.test(hex)) throw new ApiError(422, 'invalid_hash', `hashes[${i}] is not a hex SHA-256`);
    return hex;
  });
}

/**
 * `POST /api/datasets/:name/keys/lookup {hashes}` → `{existing}`: which hashed dedupe keys the
 * caller's organisation already has in the dataset, among the records that count as duplicates
 * (the dataset's scope rules). Lets a "skip" upload leave those rows out: only key hashes cross
 * the network, never the values.
 */
export function keyLookupRoutes(sql: Sql, datasets: Map<string, DatasetSchema>, owners: Owners = new Map()) {
  const app = new Hono<AppEnv>();
  app.post('/:name/keys/lookup', datasetParam(datasets, owners), async (c) => {
    const schema = c.get('dataset');
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_BODY_CHARS) throw new ApiError(413, 'too_large', `at most ${MAX_LOOKUP_HASHES} hashes per lookup`);
    const text = await c.req.text();
    if (text.length > MAX_BODY_CHARS) throw new ApiError(413, 'too_large', `at most ${MAX_LOOKUP_HASHES} hashes per lookup`);
    const hashes = [...new Set(readHashes(text))];
    if (hashes.length === 0 || schema.keys.length === 0) return c.json({ existing: [] });
    const target = datasetTable(schema, owners);
    const union = schema.keys.map((_, i) => keyHashSql(target, i)).join('\nunion all\n');
    const rows = await sql.unsafe<{ h: string }[]>(
      `select distinct q.h from unnest($2::text[]) as q(h) join (${union}) k on k.h = q.h`,
      [c.get('caller').orgId, hashes],
    );
    return c.json({ existing: rows.map((r) => r.h) });
  });
  return app;
}
