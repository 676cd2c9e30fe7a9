import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { dedupeKeys } from '../dedupe/index.ts';
import type { DatasetSchema } from '../schema.ts';
import type { ApiClient } from './api-client.ts';
import type { AbortSignalLike } from './fetch-types.ts';

/**
 * The key lookup of a merge `skip` upload: hashes of the rows' dedupe keys go to
 * POST /api/datasets/:name/keys/lookup, which answers the ones the database has, so those
 * rows need not be sent. Only hashes of keys cross the network, never the values.
 */

/** Most key hashes per lookup call (the server answers 413 above). */
export const LOOKUP_BATCH = 50_000;

/** A row of a chunk that may be left out, with the hex SHA-256 of each of its dedupe keys. */
export interface RowKeyHashes {
  /** The row's index in its chunk. */
  index: number;
  hashes: string[];
}

/** Rows to leave out of an upload, by chunk number: their keys are already in the database. */
export type LeftOut = Map<number, Set<number>>;

/** Hex SHA-256 of a dedupe key, as the server spells its own keys' hashes. */
export function keyHash(key: string): string {
  return bytesToHex(sha256(utf8ToBytes(key)));
}

/** The dedupe keys of a wire row (cells by column, as sent): the keys the server will compute for it. */
export function wireRowKeys(schema: DatasetSchema, columns: readonly string[], cells: readonly (string | null)[]): string[] {
  const values: Record<string, string | null> = Object.create(null);
  columns.forEach((c, j) => (values[c] = cells[j] ?? null));
  return dedupeKeys(schema, values);
}

/**
 * Asks which of the given chunks' rows the dataset has (≤ 50,000 hashes a call), and returns
 * them by chunk. Memory holds at most one batch of hashes.
 */
export async function rowsAlreadyThere(
  api: ApiClient, dataset: string, chunks: readonly number[],
  rowsOf: (chunk: number) => Promise<readonly RowKeyHashes[]>, signal?: AbortSignalLike,
): Promise<LeftOut> {
  const leftOut: LeftOut = new Map();
  let pending = new Map<string, { chunk: number; index: number }[]>();
  const flush = async () => {
    if (pending.size === 0) return;
    const { existing } = await api.post<{ existing: string[] }>(
      `/api/datasets/${encodeURIComponent(dataset)}/keys/lookup`, { hashes: [...pending.keys()] }, { signal });
    for (const h of existing) {
      for (const { chunk, index } of pending.get(h) ?? []) {
        let set = leftOut.get(chunk);
        if (!set) leftOut.set(chunk, (set = new Set()));
        set.add(index);
      }
    }
    pending = new Map();
  };
  for (const chunk of chunks) {
    for (const row of await rowsOf(chunk)) {
      if (pending.size + row.hashes.length > LOOKUP_BATCH) await flush();
      for (const h of row.hashes) {
        const at = pending.get(h);
        if (at) at.push({ chunk, index: row.index });
        else pending.set(h, [{ chunk, index: row.index }]);
      }
    }
  }
  await flush();
  return leftOut;
}
