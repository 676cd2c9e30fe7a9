import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalChunk, chunkHash, type ChunkBody } from '../../shared/chunk/index.ts';
import { dedupeKeys } from '../../shared/dedupe/index.ts';
import { loadBlock, stagingDb, storedRowCount } from '../staging/db.ts';
import type { Block, LocalImport } from '../staging/types.ts';
import type { UploadProgress } from '../worker/api.ts';
import { callJson, fetchWithRetry, type RetryHooks } from './http.ts';

/**
 * The chunk sender: turns staged blocks into exactly-once chunks (block n = chunk n, excluded
 * rows left out, so chunk numbers never shift), gzip-compressed, three in flight, each
 * acknowledged chunk written to Dexie right after the server's 201. Resumable from anywhere:
 * the server says which chunks it holds and only the rest are sent.
 */

export const IN_FLIGHT = 3;
/** Most key hashes per lookup call (the server answers 413 above). */
export const LOOKUP_BATCH = 50_000;
const PROGRESS_EVERY_MS = 100;
const OPEN_STATES = ['draft', 'uploading', 'uploaded'];

interface ServerImport {
  id: number;
  status: string;
  chunks: number[];
}

/** Rows to leave out of an upload, by block: their keys are already in the database. */
type SkipSet = Map<number, Set<number>>;

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const keyHash = (key: string) => bytesToHex(sha256(utf8ToBytes(key)));

function rowValues(columns: readonly string[], cells: readonly (string | null)[]): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  columns.forEach((c, j) => (values[c] = cells[j] ?? null));
  return values;
}

/** The chunk of a block: its rows minus excluded ones and those the database already has. */
export function chunkOf(block: Block, columns: string[], skip?: Set<number>): ChunkBody {
  const body: ChunkBody = { columns, rows: [], rowNumbers: [] };
  block.rows.forEach((cells, i) => {
    if (block.state[i]!.excluded || skip?.has(i)) return;
    body.rows.push(cells);
    body.rowNumbers.push(block.rowNumbers[i]!);
  });
  return body;
}

/** Creates the server import, or finds the one a lost response left behind, and stores its id at once. */
async function ensureServerImport(imp: LocalImport, hooks: RetryHooks): Promise<number> {
  if (imp.serverId !== undefined) return imp.serverId;
  const fingerprint = `${imp.fileFingerprint}:${imp.id}`;
  const found = await callJson<{ imports: { id: number }[] }>(
    'GET', `/api/imports?fingerprint=${encodeURIComponent(fingerprint)}&status=${OPEN_STATES.join(',')}&pageSize=1`, undefined, hooks);
  const id = found.imports[0]?.id ?? (await callJson<ServerImport>('POST', '/api/imports', {
    dataset: imp.dataset,
    fileName: imp.fileName,
    fileSize: imp.fileSize,
    merge: imp.merge,
    totalChunks: imp.blockCount,
    fingerprint,
    options: imp.options,
    // lets this import be resumed from another tab or after the browser's storage is cleared
    // `modified`: fixes made here would be lost by a resume from the raw file; `omitsExisting`:
    // with merge skip, rows the database has are not sent, so the strategy cannot change later
    client: { reader: imp.reader, mapping: imp.mapping, modified: Boolean(imp.modified || imp.counts.excluded), omitsExisting: imp.merge === 'skip' },
  }, hooks)).id;
  await stagingDb.imports.update(imp.id, { serverId: id });
  return id;
}

/**
 * With merge `skip`: hashes the dedupe keys of the valid rows still to send, asks the server
 * (≤ 50,000 hashes a call) which it has, and returns the rows to leave out. Only hashes of
 * keys cross the network; memory holds at most one batch of hashes.
 */
async function rowsAlreadyThere(imp: LocalImport, blocks: number[], hooks: RetryHooks): Promise<SkipSet> {
  const skip: SkipSet = new Map();
  let pending = new Map<string, { block: number; index: number }[]>();
  const flush = async () => {
    if (pending.size === 0) return;
    const { existing } = await callJson<{ existing: string[] }>(
      'POST', `/api/datasets/${encodeURIComponent(imp.dataset)}/keys/lookup`, { hashes: [...pending.keys()] }, hooks);
    for (const h of existing) {
      for (const { block, index } of pending.get(h) ?? []) {
        let set = skip.get(block);
        if (!set) skip.set(block, (set = new Set()));
        set.add(index);
      }
    }
    pending = new Map();
  };
  for (const no of blocks) {
    const block = await loadBlock(stagingDb, imp.id, no);
    if (!block) continue;
    for (let i = 0; i < block.rows.length; i++) {
      const state = block.state[i]!;
      if (state.excluded || !state.valid) continue;
      for (const key of dedupeKeys(imp.schema, rowValues(imp.columns, block.rows[i]!))) {
        const h = keyHash(key);
        const at = pending.get(h);
        if (at) at.push({ block: no, index: i });
        else pending.set(h, [{ block: no, index: i }]);
      }
      if (pending.size >= LOOKUP_BATCH - 8) await flush();
    }
  }
  await flush();
  return skip;
}

/** Uploads a staged import; see the file comment. Resolves once the server holds every chunk. */
export async function uploadImport(importId: string, onProgress: (p: UploadProgress) => void): Promise<{ serverId: number; bytesSent: number }> {
  let imp = await stagingDb.imports.get(importId);
  if (!imp) throw new Error(`no staged import ${importId}`);
  if (imp.status === 'staging') throw new Error('this import is still being staged; stage it again before uploading');

  const started = performance.now();
  let state: UploadProgress['state'] = 'sending';
  let message: string | undefined;
  let lastReport = 0;
  let rowsDone = 0;
  let rowsSentThisRun = 0;
  let chunksDone = 0;
  let bytesSent = imp.bytesSent;
  let rowsTotal = imp.counts.total;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    const rate = rowsSentThisRun / secs;
    onProgress({
      chunksDone,
      chunksTotal: imp!.blockCount,
      rowsDone,
      bytesSent,
      rowsPerSec: Math.round(rate),
      etaSec: state === 'done' ? 0 : rate > 0 ? (rowsTotal - rowsDone) / rate : null,
      state,
      ...(message === undefined ? {} : { message }),
    });
  };
  const hooks: RetryHooks = {
    onWait: (s, m) => { state = s; message = m; report(true); },
    onResume: () => { state = 'sending'; message = undefined; report(true); },
  };

  const serverId = await ensureServerImport(imp, hooks);
  imp = (await stagingDb.imports.get(importId))!;
  rowsTotal = imp.counts.total;
  const server = await callJson<ServerImport>('GET', `/api/imports/${serverId}`, undefined, hooks);
  const held = new Set(server.chunks);
  const todo: number[] = [];
  for (let no = 0; no < imp.blockCount; no++) if (!held.has(no)) todo.push(no);
  if (todo.length > 0 && !OPEN_STATES.includes(server.status)) {
    throw new Error(`the server import ${serverId} is ${server.status}; it no longer accepts chunks`);
  }
  await stagingDb.imports.update(importId, { status: 'uploading', acked: [...held].sort((a, b) => a - b) });
  chunksDone = held.size;
  // counted from each block's head: unpacking every acknowledged block would read all it holds
  for (const no of held) {
    const stored = await stagingDb.blocks.get([importId, no]);
    rowsDone += stored ? storedRowCount(stored) : 0;
  }
  report(true);

  const skip = imp.merge === 'skip' && todo.length > 0 ? await rowsAlreadyThere(imp, todo, hooks) : new Map<number, Set<number>>();
  // per chunk, so a resumed upload that looks again does not count a row twice
  const byChunk = { ...(imp.alreadyThereByChunk ?? {}) };
  for (const no of todo) byChunk[no] = skip.get(no)?.size ?? 0;
  const alreadyThere = Object.values(byChunk).reduce((a, b) => a + b, 0);
  await stagingDb.imports.update(importId, { alreadyThere, alreadyThereByChunk: byChunk });

  const columns = imp.columns;
  const sendOne = async (no: number) => {
    const block = await loadBlock(stagingDb, importId, no);
    if (!block) throw new Error(`block ${no} is missing from this browser's storage; pick the file again to re-stage it`);
    const body = chunkOf(block, columns, skip.get(no));
    const wire = await gzip(canonicalChunk(body));
    await fetchWithRetry(`/api/imports/${serverId}/chunks/${no}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'idempotency-key': `${serverId}:${no}`,
        'content-sha256': chunkHash(body),
      },
      body: wire as BodyInit,
    }, hooks);
    // the server holds it: record that before anything else can go wrong
    await stagingDb.imports.where('id').equals(importId).modify((r) => {
      if (!r.acked.includes(no)) r.acked.push(no);
      r.bytesSent += wire.byteLength;
    });
    bytesSent += wire.byteLength;
    chunksDone++;
    rowsDone += block.rows.length;
    rowsSentThisRun += block.rows.length;
    report();
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
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, todo.length) }, runner));

  await stagingDb.imports.update(importId, { status: 'uploaded' });
  state = 'done';
  message = undefined;
  report(true);
  return { serverId, bytesSent };
}
