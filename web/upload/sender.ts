import type { ChunkBody } from '../../shared/chunk/index.ts';
import { UPLOADABLE } from '../../shared/api/index.ts';
import { findOrCreateImport, importWithChunks, keyHash, sendChunks, wireRowKeys, type ApiClient, type ChunkSource, type RowKeyHashes } from '../../shared/client/index.ts';
import { loadBlock, stagingDb, storedRowCount } from '../staging/db.ts';
import type { Block, LocalImport } from '../staging/types.ts';
import type { UploadProgress } from '../worker/api.ts';
import { gzip, uploadClient } from './http.ts';

/**
 * The browser's side of the shared upload session (shared/client/upload-session.ts): staged
 * blocks are its chunk source (block n = chunk n, excluded rows left out, so chunk numbers
 * never shift), each acknowledged chunk is written to Dexie right after the server's 201, and
 * the server import's id is stored as soon as it exists. Resumable from anywhere.
 */

export const IN_FLIGHT = 3;
const PROGRESS_EVERY_MS = 100;

/** The chunk of a block: its rows minus excluded ones and those the database already has. */
export function chunkOf(block: Block, columns: string[], skip?: ReadonlySet<number>): ChunkBody {
  const body: ChunkBody = { columns, rows: [], rowNumbers: [] };
  block.rows.forEach((cells, i) => {
    if (block.state[i]!.excluded || skip?.has(i)) return;
    body.rows.push(cells);
    body.rowNumbers.push(block.rowNumbers[i]!);
  });
  return body;
}

/** Creates the server import, or finds the one a lost response left behind, and stores its id at once. */
async function ensureServerImport(api: ApiClient, imp: LocalImport): Promise<number> {
  if (imp.serverId !== undefined) return imp.serverId;
  const { imp: server } = await findOrCreateImport(api, {
    dataset: imp.dataset,
    fileName: imp.fileName,
    fileSize: imp.fileSize,
    merge: imp.merge,
    totalChunks: imp.blockCount,
    fingerprint: `${imp.fileFingerprint}:${imp.id}`,
    options: imp.options,
    // lets this import be resumed from another tab or after the browser's storage is cleared
    // `modified`: fixes made here would be lost by a resume from the raw file; `omitsExisting`:
    // with merge skip, rows the database has are not sent, so the strategy cannot change later
    client: { reader: { ...imp.reader }, mapping: imp.mapping, modified: Boolean(imp.modified || imp.counts.excluded), omitsExisting: imp.merge === 'skip' },
  }, UPLOADABLE);
  await stagingDb.imports.update(imp.id, { serverId: server.id });
  return server.id;
}

/** Staged blocks as the session's chunks. */
function stagedChunks(imp: LocalImport): ChunkSource {
  const block = async (no: number) => {
    const b = await loadBlock(stagingDb, imp.id, no);
    if (!b) throw new Error(`block ${no} is missing from this browser's storage; pick the file again to re-stage it`);
    return b;
  };
  return {
    count: imp.blockCount,
    // counted from each block's head: unpacking every acknowledged block would read all it holds
    async rowCount(no) {
      const stored = await stagingDb.blocks.get([imp.id, no]);
      return stored ? storedRowCount(stored) : 0;
    },
    async rowKeys(no) {
      const b = await loadBlock(stagingDb, imp.id, no);
      const rows: RowKeyHashes[] = [];
      b?.rows.forEach((cells, index) => {
        const state = b.state[index]!;
        if (state.excluded || !state.valid) return;
        rows.push({ index, hashes: wireRowKeys(imp.schema, imp.columns, cells).map(keyHash) });
      });
      return rows;
    },
    async chunk(no, leaveOut) {
      return { body: chunkOf(await block(no), imp.columns, leaveOut) };
    },
    async onAcked(no, bytes) {
      // the server holds it: record that before anything else can go wrong
      await stagingDb.imports.where('id').equals(imp.id).modify((r) => {
        if (!r.acked.includes(no)) r.acked.push(no);
        r.bytesSent += bytes;
      });
    },
  };
}

/** Uploads a staged import; see the file comment. Resolves once the server holds every chunk. */
export async function uploadImport(importId: string, onProgress: (p: UploadProgress) => void): Promise<{ serverId: number; bytesSent: number }> {
  let imp = await stagingDb.imports.get(importId);
  if (!imp) throw new Error(`no staged import ${importId}`);
  if (imp.status === 'staging') throw new Error('this import is still being staged; stage it again before uploading');

  const started = performance.now();
  const bytesBefore = imp.bytesSent;
  let state: UploadProgress['state'] = 'sending';
  let message: string | undefined;
  let lastReport = 0;
  let at = { chunksDone: 0, rowsDone: 0, rowsSent: 0, bytesSent: 0 };
  let rowsTotal = imp.counts.total;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    const rate = at.rowsSent / secs;
    onProgress({
      chunksDone: at.chunksDone,
      chunksTotal: imp!.blockCount,
      rowsDone: at.rowsDone,
      bytesSent: bytesBefore + at.bytesSent,
      rowsPerSec: Math.round(rate),
      etaSec: state === 'done' ? 0 : rate > 0 ? (rowsTotal - at.rowsDone) / rate : null,
      state,
      ...(message === undefined ? {} : { message }),
    });
  };
  const api = uploadClient({
    onRetry: (n) => { state = n.offline ? 'offline' : 'retrying'; message = n.reason; report(true); },
    onResume: () => { state = 'sending'; message = undefined; report(true); },
  });

  const serverId = await ensureServerImport(api, imp);
  imp = (await stagingDb.imports.get(importId))!;
  rowsTotal = imp.counts.total;
  const server = await importWithChunks(api, serverId);
  let first = true;
  const result = await sendChunks(api, server, stagedChunks(imp), {
    gzip,
    inFlight: IN_FLIGHT,
    onHeld: (held) => stagingDb.imports.update(importId, { status: 'uploading', acked: [...held] }).then(() => {}),
    lookupIn: imp.merge === 'skip' ? imp.dataset : undefined,
    async onLeftOut(leftOut, todo) {
      // per chunk, so a resumed upload that looks again does not count a row twice
      const byChunk = { ...(imp!.alreadyThereByChunk ?? {}) };
      for (const no of todo) byChunk[no] = leftOut.get(no)?.size ?? 0;
      const alreadyThere = Object.values(byChunk).reduce((a, b) => a + b, 0);
      await stagingDb.imports.update(importId, { alreadyThere, alreadyThereByChunk: byChunk });
    },
    onProgress(p) {
      at = p;
      report(first);
      first = false;
    },
  });
  await stagingDb.imports.update(importId, { status: 'uploaded' });
  state = 'done';
  message = undefined;
  report(true);
  return { serverId, bytesSent: bytesBefore + result.bytesSent };
}
