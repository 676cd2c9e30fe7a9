import type { CreateImportRequest, ImportJson, ImportPage, ImportStatus } from '../api/index.ts';
import { inStatus, UPLOADABLE } from '../api/statuses.ts';
import { canonicalChunk, chunkHash, type ChunkBody } from '../chunk/index.ts';
import type { ApiClient } from './api-client.ts';
import type { AbortSignalLike } from './fetch-types.ts';
import { rowsAlreadyThere, type LeftOut, type RowKeyHashes } from './key-lookup.ts';

/**
 * One upload session, the browser's and the CLI's: find or create the server import by
 * fingerprint, ask which chunks the server holds, with merge `skip` ask which rows the
 * database has and leave them out, then send the rest N chunks at a time — exactly once each
 * (Idempotency-Key, Content-SHA256, gzip body), resumable from anywhere. Where the chunks live
 * (the browser's IndexedDB, the CLI's spool) is the ChunkSource's business.
 */

/** A chunk ready to send: its body (the session hashes and gzips it), or bytes gzipped already with their hash. */
export type WireChunk = { body: ChunkBody } | { gzipped: Uint8Array; sha256: string };

/** Where an upload's chunks come from. Chunk numbers never shift: a chunk with rows left out keeps its number. */
export interface ChunkSource {
  /** How many chunks the import has. */
  readonly count: number;
  /** Rows chunk n holds in the file, sent or not (for progress). */
  rowCount(n: number): Promise<number> | number;
  /** The rows of chunk n that may be left out of a `skip` upload (valid ones), with their key hashes. */
  rowKeys?(n: number): Promise<readonly RowKeyHashes[]>;
  /** Chunk n, minus the rows at `leaveOut` (indexes in the chunk). */
  chunk(n: number, leaveOut: ReadonlySet<number> | undefined): Promise<WireChunk>;
  /** The server holds chunk n now (`bytes` went over the wire): record it before anything else. */
  onAcked?(n: number, bytes: number): Promise<void> | void;
}

export interface SendProgress {
  chunksDone: number;
  chunksTotal: number;
  /** Rows of the chunks the server holds (those it held before this run included). */
  rowsDone: number;
  /** Of which sent by this run. */
  rowsSent: number;
  bytesSent: number;
}

export interface SendOptions {
  gzip(text: string): Promise<Uint8Array> | Uint8Array;
  /** Chunks in flight at once. */
  inFlight?: number;
  /** The chunks the server holds, before anything is looked up or sent. */
  onHeld?(held: readonly number[]): Promise<void> | void;
  /** With merge `skip`: the dataset whose keys to look up, so rows it has are left out. */
  lookupIn?: string;
  /** The rows to leave out of the chunks still to send, once known and before any is sent. */
  onLeftOut?(leftOut: LeftOut, todo: readonly number[]): Promise<void> | void;
  onProgress?(p: SendProgress): void;
  signal?: AbortSignalLike;
}

export interface SendResult {
  chunksSent: number;
  /** Chunks the server held before this run. */
  chunksHeld: number;
  bytesSent: number;
  leftOut: LeftOut;
}

/**
 * The open import with this fingerprint in one of `statuses`, else a new one made from
 * `create` (retried: the server finds the open import a lost response left behind).
 */
export async function findOrCreateImport(
  api: ApiClient, create: CreateImportRequest & { fingerprint: string }, statuses: readonly ImportStatus[] = UPLOADABLE,
): Promise<{ imp: ImportJson; created: boolean }> {
  const page = await api.get<ImportPage>(
    `/api/imports?fingerprint=${encodeURIComponent(create.fingerprint)}&status=${statuses.join(',')}&pageSize=1`);
  const found = page.imports[0];
  if (found) return { imp: found, created: false };
  return { imp: await api.post<ImportJson>('/api/imports', create), created: true };
}

/** The import with the chunk numbers the server holds. */
export async function importWithChunks(api: ApiClient, id: number): Promise<ImportJson & { chunks: number[] }> {
  const imp = await api.get<ImportJson>(`/api/imports/${id}`);
  return { ...imp, chunks: imp.chunks ?? [] };
}

/** Sends the chunks the server does not hold; see the file comment. Resolves once it holds every one. */
export async function sendChunks(
  api: ApiClient, imp: Pick<ImportJson, 'id' | 'status' | 'chunks'>, source: ChunkSource, o: SendOptions,
): Promise<SendResult> {
  const held = new Set(imp.chunks ?? []);
  const todo: number[] = [];
  for (let n = 0; n < source.count; n++) if (!held.has(n)) todo.push(n);
  if (todo.length > 0 && !inStatus(imp.status, UPLOADABLE)) {
    throw new Error(`the server import ${imp.id} is ${imp.status}; it no longer accepts chunks`);
  }
  await o.onHeld?.([...held].sort((a, b) => a - b));
  const p: SendProgress = { chunksDone: held.size, chunksTotal: source.count, rowsDone: 0, rowsSent: 0, bytesSent: 0 };
  for (const n of held) if (n < source.count) p.rowsDone += await source.rowCount(n);
  o.onProgress?.({ ...p });

  const leftOut = o.lookupIn && source.rowKeys && todo.length > 0
    ? await rowsAlreadyThere(api, o.lookupIn, todo, (n) => source.rowKeys!(n), o.signal)
    : new Map<number, Set<number>>();
  await o.onLeftOut?.(leftOut, todo);

  let chunksSent = 0;
  const sendOne = async (n: number) => {
    const wire = await source.chunk(n, leftOut.get(n));
    const gzipped = 'body' in wire ? await o.gzip(canonicalChunk(wire.body)) : wire.gzipped;
    const sha256 = 'body' in wire ? chunkHash(wire.body) : wire.sha256;
    await api.request('PUT', `/api/imports/${imp.id}/chunks/${n}`, {
      rawBody: gzipped,
      signal: o.signal,
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'idempotency-key': `${imp.id}:${n}`,
        'content-sha256': sha256,
      },
    });
    await source.onAcked?.(n, gzipped.byteLength);
    const rows = await source.rowCount(n);
    chunksSent++;
    p.chunksDone++;
    p.rowsDone += rows;
    p.rowsSent += rows;
    p.bytesSent += gzipped.byteLength;
    o.onProgress?.({ ...p });
  };

  let next = 0;
  let failed = false;
  const runner = async () => {
    try {
      while (next < todo.length && !failed) await sendOne(todo[next++]!);
    } catch (err) {
      failed = true; // the other runners stop taking chunks
      throw err;
    }
  };
  // every runner settles before this returns: nothing is still reading the source afterwards
  const runs = await Promise.allSettled(Array.from({ length: Math.min(o.inFlight ?? 3, todo.length) }, runner));
  const failure = runs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return { chunksSent, chunksHeld: held.size, bytesSent: p.bytesSent, leftOut };
}
