import Dexie from 'dexie';
import { knownHeaders, mapHeaders } from '../../../shared/mapping/index.ts';
import type { DatasetSchema, ImportOptions, MergeStrategy } from '../../../shared/schema.ts';
import { importFlags, loadBlock, saveBlock, StagingDb, stagingDb, storedRowCount, unpackBlock } from '../../../web/staging/db.ts';
import type { Block, FlagKind, ReaderSettings } from '../../../web/staging/types.ts';
import { rawCells } from '../../../web/staging/rows.ts';
import type { StageProgress, UploadProgress } from '../../../web/worker/api.ts';
import { WorkerBridge } from '../../../web/worker/bridge.ts';

/**
 * Test harness page: exposes `window.harness`, which drives the real worker through the real
 * bridge, for test/web/*.test.ts (page.evaluate). No UI.
 */

const bridge = new WorkerBridge({ idleMs: 0 });

/** Main-thread tasks over 50 ms (Long Tasks API), as [start, duration]. */
const longTasks: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });
/** Longest task that started at or after `since` (entries arrive late, so filter by start time). */
const longestTaskSince = (since: number) => Math.max(0, ...longTasks.filter(([start]) => start >= since).map(([, d]) => d));

const uploads = new Map<string, { progress: UploadProgress[]; done: Promise<unknown>; result?: unknown; error?: string }>();

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function fixture(name: string): Promise<File> {
  const res = await fetch(`/${name}`);
  if (!res.ok) throw new Error(`no fixture ${name}`);
  return new File([await res.blob()], name);
}

const files = new Map<string, File>();

/** Phones 415-2xx-xxxx... all valid US numbers, distinct for i < 7,990,000. */
const phone = (i: number) => `+1 415 ${201 + Math.floor(i / 10_000)} ${String(i % 10_000).padStart(4, '0')}`;

const harness = {
  async login(email: string, password: string) {
    return api('POST', '/api/auth/login', { email, password });
  },
  api,
  async sniff(name: string, settings: ReaderSettings = {}, dataset?: string) {
    const file = files.get(name) ?? (await fixture(name));
    const known = dataset ? knownHeaders(await api<DatasetSchema>('GET', `/api/datasets/${dataset}`)) : undefined;
    return bridge.call('sniff', undefined, file, { ...settings, ...(known ? { knownHeaders: known } : {}) });
  },
  /** Makes a file from text, for small hand-written cases. */
  makeFile(name: string, text: string) {
    files.set(name, new File([text], name, { type: 'text/csv' }));
  },
  /** Generates a leads CSV in the page: rows `from`..`from+count-1`, every `badEvery`-th without a phone. */
  generateLeads(name: string, count: number, opts: { from?: number; badEvery?: number } = {}) {
    const parts = ['name,phone,source,score\n'];
    const from = opts.from ?? 0;
    for (let i = from; i < from + count; i++) {
      const bad = opts.badEvery && i % opts.badEvery === 0;
      parts.push(`Lead ${i},${bad ? '' : phone(i)},web,${i % 100}\n`);
    }
    const file = new File(parts, name, { type: 'text/csv' });
    files.set(name, file);
    return file.size;
  },
  /** A UTF-8 CSV whose 'é' straddles the first 1 MiB slice boundary (bytes 1048575-1048576). */
  generateSplitChar(name: string) {
    const enc = new TextEncoder();
    const header = 'name,phone,source\n';
    const rows: string[] = [];
    let size = enc.encode(header).length;
    let i = 0;
    const row = (n: string) => `${n},${phone(i)},web\n`;
    // ASCII rows until the boundary is near, then one row padded so 'é' starts at byte 1048575
    while (size + enc.encode(row(`Lead ${i}`)).length < 1024 * 1024 - 100) { // the padded name stays under the 200-character limit
      const r = row(`Lead ${i}`);
      rows.push(r);
      size += r.length;
      i++;
    }
    const pad = 1024 * 1024 - 1 - size - 'Zo'.length;
    const split = `Zo${'x'.repeat(pad)}é`; // 'é' is bytes 0xC3 0xA9
    rows.push(row(split));
    i++;
    for (let k = 0; k < 10; k++, i++) rows.push(row(`Après ${i}`));
    const file = new File([header, ...rows], name, { type: 'text/csv' });
    files.set(name, file);
    return { bytes: file.size, name: split, at: size + 'Zo'.length + pad };
  },
  /** Sniffs, maps (suggested mapping) and stages a file; returns counts, figures and what IndexedDB holds. */
  async stage(name: string, dataset: string, opts: { settings?: ReaderSettings; options?: ImportOptions; blockSize?: number; merge?: MergeStrategy; importId?: string; abortAfterRows?: number; listFlags?: boolean } = {}) {
    const file = files.get(name) ?? (await fixture(name));
    const schema = await api<DatasetSchema>('GET', `/api/datasets/${dataset}`);
    const sniffed = await bridge.call('sniff', undefined, file, { ...(opts.settings ?? {}), knownHeaders: knownHeaders(schema) });
    const mapped = mapHeaders(sniffed.headers, schema);
    const importId = opts.importId ?? crypto.randomUUID();
    const reader: ReaderSettings = { ...(opts.settings ?? {}), format: sniffed.format, headerRow: sniffed.headerRow };
    if (sniffed.sheet) reader.sheet = sniffed.sheet;
    await stagingDb.imports.put({
      id: importId, createdAt: Date.now(), fileName: file.name, fileSize: file.size, fileLastModified: file.lastModified,
      fileFingerprint: '', dataset, schema, merge: opts.merge ?? 'skip', options: opts.options ?? {}, reader, mapping: mapped.mapping,
      columns: [], status: 'staging', blockCount: 0,
      counts: { total: 0, valid: 0, invalid: 0, duplicate: 0, warning: 0, excluded: 0, byCode: {}, byField: {} }, acked: [], bytesSent: 0,
    });
    const progress: StageProgress[] = [];
    const started = performance.now();
    const ctrl = new AbortController();
    let counts;
    try {
      counts = await bridge.call('stage', ctrl.signal, {
        importId, file, reader, schema, mapping: mapped.mapping, options: opts.options ?? {}, ...(opts.blockSize ? { blockSize: opts.blockSize } : {}),
      }, (p) => {
        progress.push(p);
        if (opts.abortAfterRows !== undefined && p.rows >= opts.abortAfterRows) ctrl.abort();
      });
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
      return { aborted: true, importId, ...(await harness.inspect(importId)) };
    }
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 100)); // let the observer deliver the last entries
    const longestTask = longestTaskSince(started);
    return { ...(await harness.inspect(importId, opts.listFlags ?? true)), importId, counts, ms, longestTask, progressReports: progress.length, lastProgress: progress.at(-1) };
  },
  /** Saves `block` as staging does and reads it back: what is stored, and what comes back. */
  async blockRoundTrip(block: Block) {
    const db = new StagingDb(`sluice-roundtrip-${Date.now()}`);
    try {
      await saveBlock(db, block);
      const stored = await db.blocks.get([block.importId, block.no]);
      return { storedKeys: Object.keys(stored ?? {}).sort(), back: await loadBlock(db, block.importId, block.no) };
    } finally {
      db.close();
      await Dexie.delete(db.name);
    }
  },
  /** Writes a staging database as version 1 kept it (a flagged record per row), then opens it as the app does now. */
  async upgradeFromV1(name: string) {
    const v1 = new Dexie(name);
    v1.version(1).stores({
      imports: 'id, createdAt, status',
      blocks: '[importId+no], importId',
      flagged: '++id, [importId+kind+block+index], [importId+block+index], importId',
    });
    await v1.table('blocks').bulkPut([
      { importId: 'a', no: 0, rows: [['x'], ['y'], ['z']], rowNumbers: [2, 3, 4], state: [], errorCount: 1, warningCount: 2, duplicateCount: 1 },
      { importId: 'a', no: 1, rows: [['w']], rowNumbers: [5], state: [], errorCount: 1, warningCount: 0, duplicateCount: 0 },
    ]);
    await v1.table('flagged').bulkAdd([
      { importId: 'a', block: 0, index: 2, row: 4, kind: 'warning' },
      { importId: 'a', block: 0, index: 0, row: 2, kind: 'error' },
      { importId: 'a', block: 0, index: 0, row: 2, kind: 'warning' },
      { importId: 'a', block: 0, index: 1, row: 3, kind: 'duplicate' },
      { importId: 'a', block: 1, index: 0, row: 5, kind: 'error' },
    ]);
    v1.close();
    const now = new StagingDb(name);
    try {
      const legacy = await loadBlock(now, 'a', 0);
      return { flags: await importFlags(now, 'a'), tables: now.tables.map((t) => t.name).sort(), blocks: await now.blocks.count(), legacyRows: legacy?.rows, legacyRowNumbers: legacy?.rowNumbers };
    } finally {
      now.close();
      await Dexie.delete(name);
    }
  },
  /** What IndexedDB holds for an import; `listFlags: false` leaves out the flagged rows (a list as long as the file). */
  async inspect(importId: string, listFlags = true) {
    const imp = (await stagingDb.imports.get(importId))!;
    // block by block: holding every block at once would put the whole file in this page's heap
    let blocksStored = 0;
    let rowsStored = 0;
    await stagingDb.blocks.where('importId').equals(importId).each((b) => { blocksStored++; rowsStored += storedRowCount(b); });
    const flagged: { block: number; index: number; row: number; kind: FlagKind }[] = [];
    for (const f of listFlags ? await importFlags(stagingDb, importId) : []) {
      const rowNumbers = (await loadBlock(stagingDb, importId, f.block))?.rowNumbers ?? [];
      for (const kind of ['error', 'warning', 'duplicate'] as const) {
        for (const index of f[kind]) flagged.push({ block: f.block, index, row: rowNumbers[index]!, kind });
      }
    }
    return {
      status: imp.status,
      counts: imp.counts,
      blockCount: imp.blockCount,
      blocksStored,
      rowsStored,
      flagged: flagged.map((f) => ({ block: f.block, index: f.index, row: f.row, kind: f.kind })),
      columns: imp.columns,
      acked: imp.acked.length,
      bytesSent: imp.bytesSent,
      alreadyThere: imp.alreadyThere ?? 0,
      serverId: imp.serverId ?? null,
    };
  },
  async row(importId: string, rowNumber: number) {
    const blocks = (await stagingDb.blocks.where('[importId+no]').between([importId, Dexie.minKey], [importId, Dexie.maxKey]).toArray()).map(unpackBlock);
    for (const b of blocks) {
      const i = b.rowNumbers.indexOf(rowNumber);
      if (i < 0) continue;
      // raw: the file's text of every wire column, as the preview and the error report read it
      const raw = rawCells(b.state[i]!, b.rows[i]!, (await stagingDb.imports.get(importId))!.columns);
      return { block: b.no, index: i, cells: b.rows[i], state: b.state[i], raw };
    }
    return null;
  },
  editCell: (importId: string, block: number, index: number, field: string, text: string) =>
    bridge.call('editCell', undefined, importId, block, index, field, text),
  excludeInvalid: (importId: string) => bridge.call('excludeInvalid', undefined, importId),
  setExcluded: (importId: string, rows: { block: number; index: number }[], excluded: boolean) => bridge.call('setExcluded', undefined, importId, rows, excluded),
  replaceInColumn: (importId: string, field: string, from: string, to: string) => bridge.call('replaceInColumn', undefined, importId, field, from, to),
  errorsCsv: (importId: string) => bridge.call('errorsCsv', undefined, importId),
  /** Starts an upload without waiting; see uploadState / uploadDone. */
  startUpload(importId: string) {
    const entry: { progress: UploadProgress[]; done: Promise<unknown>; result?: unknown; error?: string } = { progress: [], done: Promise.resolve() };
    entry.done = bridge.call('upload', undefined, importId, (p) => entry.progress.push(p))
      .then((r) => { entry.result = r; })
      .catch((e: Error) => { entry.error = e.message; });
    uploads.set(importId, entry);
  },
  uploadState(importId: string) {
    const e = uploads.get(importId)!;
    return { last: e.progress.at(-1) ?? null, states: [...new Set(e.progress.map((p) => p.state))], result: e.result ?? null, error: e.error ?? null };
  },
  async uploadDone(importId: string) {
    const e = uploads.get(importId)!;
    await e.done;
    return harness.uploadState(importId);
  },
  async upload(importId: string) {
    harness.startUpload(importId);
    return harness.uploadDone(importId);
  },
  async commit(serverId: number) {
    return api<{ status: string; counts: Record<string, number> }>('POST', `/api/imports/${serverId}/commit`, {});
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
