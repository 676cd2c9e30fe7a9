import { knownHeaders } from '../../shared/mapping/index.ts';
import type { RawRecord } from '../../shared/parse/index.ts';
import { RowProcessor, toWireRow, wireColumns, type ProcessedRow } from '../../shared/pipeline.ts';
import { clearBlocks, saveBlock, stagingDb } from '../staging/db.ts';
import type { Block, LocalImport, RowState, StagedCounts } from '../staging/types.ts';
import { fileFingerprint } from '../staging/fingerprint.ts';
import { countRow, emptyCounts, tallyBlock } from '../staging/rows.ts';
import type { StageProgress, StageRequest } from './api.ts';
import { openFileSource } from './read-file.ts';

export const DEFAULT_BLOCK_SIZE = 2_000;
/** Progress reports at most this often. */
const PROGRESS_EVERY_MS = 100;

/**
 * The state kept beside a row's wire cells: issues, verdict, and the file's text of the wire
 * columns whose text is not already the cell (`rawCell` reads both back).
 */
export function rowStateOf(row: ProcessedRow, columns: readonly string[], wire: readonly (string | null)[], excluded?: boolean): RowState {
  const raw: Record<string, string> = {};
  for (let j = 0; j < columns.length; j++) {
    const text = row.raw[columns[j]!] ?? '';
    if (text !== (wire[j] ?? '')) raw[columns[j]!] = text;
  }
  return {
    issues: row.issues,
    valid: row.valid,
    raw,
    ...(row.duplicateOf === undefined ? {} : { duplicateOf: row.duplicateOf }),
    ...(excluded ? { excluded: true } : {}),
  };
}

/**
 * Streams the file through the shared pipeline (map → normalize → validate → in-file dedupe)
 * into Dexie blocks of `blockSize` rows, one put per block. One block is written while the
 * next is processed (IndexedDB writes in the browser's own process, so the two overlap), and
 * no more of the file is read until the block before that is stored: at most two blocks are
 * held. A re-stage of the same import starts clean: its old blocks go first, and its upload
 * state is reset (the rows may differ now).
 */
export async function stageFile(req: StageRequest, onProgress: (p: StageProgress) => void): Promise<StagedCounts> {
  const db = stagingDb;
  const blockSize = Math.max(1, Math.min(50_000, Math.floor(req.blockSize ?? DEFAULT_BLOCK_SIZE)));
  const columns = wireColumns(req.schema, req.mapping, req.options);
  if (columns.length === 0) throw new Error('no column of the file is mapped to a field of the dataset');

  await clearBlocks(db, req.importId);
  const before = await db.imports.get(req.importId);
  const record: LocalImport = {
    id: req.importId,
    ...(before?.owner === undefined ? {} : { owner: before.owner }),
    createdAt: before?.createdAt ?? Date.now(),
    fileName: req.file.name,
    fileSize: req.file.size,
    fileLastModified: req.file.lastModified,
    fileFingerprint: before?.fileFingerprint && before.fileSize === req.file.size ? before.fileFingerprint : await fileFingerprint(req.file),
    dataset: req.schema.name,
    schema: req.schema,
    merge: before?.merge ?? req.schema.merge ?? 'skip',
    options: req.options,
    reader: req.reader,
    mapping: req.mapping,
    columns,
    status: 'staging',
    blockCount: 0,
    counts: emptyCounts(),
    acked: [],
    bytesSent: 0,
  };
  await db.imports.put(record);

  const source = await openFileSource(req.file, { ...req.reader, knownHeaders: knownHeaders(req.schema) });
  const processor = new RowProcessor(req.schema, req.mapping, req.options);
  const counts = emptyCounts();
  const started = performance.now();
  let lastReport = 0;
  let blockNo = 0;

  const report = (final: boolean) => {
    const now = performance.now();
    if (!final && now - lastReport < PROGRESS_EVERY_MS) return;
    lastReport = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    const bytes = final ? req.file.size : source.bytesRead();
    const bytesPerSec = bytes / secs;
    onProgress({
      rows: counts.total,
      bytes,
      totalBytes: req.file.size,
      rowsPerSec: Math.round(counts.total / secs),
      etaSec: final ? 0 : bytesPerSec > 0 ? Math.max(0, (req.file.size - bytes) / bytesPerSec) : null,
    });
  };
  let storing: Promise<void> = Promise.resolve();
  // the generator makes the next block while this one is stored
  for await (const block of processBlocks(source.records, processor, columns, req.importId, blockSize, counts)) {
    await storing; // backpressure: the block before must be stored first (and its error surfaces here)
    storing = saveBlock(db, block);
    storing.catch(() => {}); // handled when awaited above or below; no unhandled-rejection noise meanwhile
    blockNo++;
    report(false);
  }
  await storing;

  const used = {
    ...req.reader,
    format: source.format,
    headerRow: source.headerRow,
    ...(source.encoding === undefined ? {} : { encoding: source.encoding }),
    ...(source.delimiter === undefined ? {} : { delimiter: source.delimiter }),
    ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
  };
  await db.imports.update(req.importId, { status: 'staged', blockCount: blockNo, counts, reader: used });
  report(true);
  return counts;
}

/**
 * The file's records through the shared pipeline, a block of `blockSize` rows at a time, each
 * row counted into `counts` and each block tallied. Staging stores each block; the benchmark's
 * floor for B1 runs the same code and only packs them.
 */
export async function* processBlocks(
  records: AsyncIterable<RawRecord>, processor: RowProcessor, columns: readonly string[], importId: string, blockSize: number, counts: StagedCounts,
): AsyncGenerator<Block> {
  let block = newBlock(importId, 0);
  for await (const rec of records) {
    const row = processor.process(rec.cells, rec.row);
    const wire = toWireRow(row, columns);
    const state = rowStateOf(row, columns, wire);
    block.rows.push(wire);
    block.rowNumbers.push(rec.row);
    block.state.push(state);
    countRow(counts, state);
    if (block.rows.length >= blockSize) {
      tallyBlock(block);
      yield block;
      block = newBlock(importId, block.no + 1);
    }
  }
  if (block.rows.length > 0) {
    tallyBlock(block);
    yield block;
  }
}

function newBlock(importId: string, no: number): Block {
  return { importId, no, rows: [], rowNumbers: [], state: [], errorCount: 0, warningCount: 0, duplicateCount: 0 };
}
