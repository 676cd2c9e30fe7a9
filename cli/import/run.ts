import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { canonicalChunk, chunkHash, type ChunkBody } from '../../shared/chunk/index.ts';
import { findOrCreateImport, importWithChunks, sendChunks, wireRowKeys, type LeftOut } from '../../shared/client/index.ts';
import { fixedValueProblems } from '../../shared/mapping/fixed.ts';
import { HeaderError, knownHeaders, mapHeaders } from '../../shared/mapping/index.ts';
import type { ReadNote } from '../../shared/parse/index.ts';
import { RowProcessor, toWireRow, wireColumns } from '../../shared/pipeline.ts';
import { COMMITTED, inStatus, UNFINISHED, UPLOADABLE, type ImportCounts, type ImportJson } from '../../shared/api/index.ts';
import type { DatasetSchema, ImportOptions, Issue, MergeStrategy } from '../../shared/schema.ts';
import { openRecordSource } from '../read/index.ts';
import { ApiCallError, type SluiceClient } from '../client.ts';
import { Progress } from '../progress.ts';
import { ChunkSpool } from '../spool.ts';
import { RowKeysWriter } from './row-keys.ts';
import { repeatsAmong, spooledChunks } from './spooled-chunks.ts';
import { summarize, type ImportSummary } from './summary.ts';

export { formatSummary, type ImportSummary } from './summary.ts';

export interface ImportArgs {
  file: string;
  dataset: string;
  merge?: MergeStrategy;
  dryRun: boolean;
  batchSize: number;
  map: Record<string, string>;
  sheet?: string;
  options: ImportOptions;
  concurrency: number;
  /** Import even when the same file with the same settings was imported before. */
  again?: boolean;
  /** Text encoding label, overriding detection. */
  encoding?: string;
  /** 1-based header row, overriding detection; 0 reads the file without a header row. */
  headerRow?: number;
}

/** Thrown for problems with the file or the command line (exit code 2). */
export class FatalError extends Error {}

async function fileDigest(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const piece of createReadStream(path)) h.update(piece as Buffer);
  return h.digest('hex');
}

/**
 * Reads, maps and processes the file, yielding wire chunks in file order; with `keys`, also
 * each chunk's valid rows' key hashes (a merge `skip` upload looks them up).
 */
/** A reader's note as the CLI prints it: a warning when it is a guess to check or data left out. */
const noteLine = (n: ReadNote) => `${n.warning ? 'warning' : 'note'}: ${n.message}`;

async function* chunksOf(
  args: ImportArgs, schema: DatasetSchema, keys: RowKeysWriter | undefined, onIssue: (i: Issue) => void, onRows: (n: number) => void,
  onNote: (line: string) => void,
) {
  const source = await openRecordSource(args.file, {
    sheet: args.sheet, knownHeaders: knownHeaders(schema),
    ...(args.encoding === undefined ? {} : { encoding: args.encoding }),
    ...(args.headerRow === undefined ? {} : { headerRow: args.headerRow }),
  });
  for (const n of source.notes) onNote(noteLine(n));
  try {
    let mapped: ReturnType<typeof mapHeaders>;
    try {
      mapped = mapHeaders(source.headers, schema, { manual: args.map, values: args.options.values });
    } catch (err) {
      if (err instanceof HeaderError) throw new FatalError(`${basename(args.file)}: ${err.message}`);
      throw err;
    }
    if (mapped.missingRequired.length) {
      throw new FatalError(
        `${basename(args.file)}: required field(s) ${mapped.missingRequired.join(', ')} not found in the header row (row ${source.headerRow}: ${source.headers.join(', ')}). Map them with --map "header=field".`,
      );
    }
    for (const n of mapped.notes) onNote(`note: ${n}`);
    if (mapped.unknown.length) onNote(`note: columns not imported: ${mapped.unknown.map((u) => u.header).join(', ')}`);
    const columns = wireColumns(schema, mapped.mapping, args.options);
    const processor = new RowProcessor(schema, mapped.mapping, args.options);
    let batch: ChunkBody = { columns, rows: [], rowNumbers: [] };
    for await (const rec of source.records) {
      const row = processor.process(rec.cells, rec.row);
      for (const issue of row.issues) onIssue(issue);
      const wire = toWireRow(row, columns);
      if (keys && row.valid) keys.add(batch.rows.length, row.duplicateOf !== undefined, wireRowKeys(schema, columns, wire));
      batch.rows.push(wire);
      batch.rowNumbers.push(rec.row);
      if (batch.rows.length >= args.batchSize) {
        onRows(batch.rows.length);
        yield batch;
        batch = { columns, rows: [], rowNumbers: [] };
      }
    }
    if (batch.rows.length) {
      onRows(batch.rows.length);
      yield batch;
    }
  } finally {
    await source.close();
  }
}

/**
 * `sluice import`: validates the whole file locally, then uploads it in exactly-once chunks,
 * plans, and commits unless it is a dry run. A second run on the same file resumes the
 * unfinished import instead of starting over.
 */
export async function runImport(client: SluiceClient, args: ImportArgs, log: (s: string) => void): Promise<ImportSummary> {
  const schema = await client.get<DatasetSchema>(`/api/datasets/${encodeURIComponent(args.dataset)}`).catch((e: unknown) => {
    if (e instanceof ApiCallError && e.status === 404) throw new FatalError(`unknown dataset ${args.dataset}`);
    throw e;
  });
  const fixed = fixedValueProblems(schema, args.options);
  if (fixed.length) throw new FatalError(`--set: ${fixed.join('; ')}`);
  const size = (await stat(args.file).catch(() => { throw new FatalError(`cannot read ${args.file}`); })).size;

  const spool = await ChunkSpool.open();
  try {
    return await checkAndSend(client, args, schema, size, spool, log);
  } finally {
    await spool.close();
  }
}

async function checkAndSend(
  client: SluiceClient, args: ImportArgs, schema: DatasetSchema, size: number, spool: ChunkSpool, log: (s: string) => void,
): Promise<ImportSummary> {
  // with merge skip, rows the database has are left out of the upload: their keys' hashes
  // are spooled in pass 1 and looked up before sending
  const mayLeaveOut = (args.merge ?? schema.merge ?? 'skip') === 'skip';
  const keys = mayLeaveOut ? new RowKeysWriter() : undefined;
  // pass 1: read and check every row locally, count chunks; each chunk is gzipped once and
  // spooled to a temporary file, so the upload never parses or validates the file again
  const errors: ImportSummary['errors'] = [];
  let errorCount = 0;
  let totalRows = 0;
  let totalChunks = 0;
  const check = new Progress('checking', undefined);
  // every guess and every column left out, printed as found and kept for the --json summary
  const notes: string[] = [];
  const onNote = (line: string) => {
    notes.push(line);
    log(line);
  };
  for await (const batch of chunksOf(args, schema, keys, (i) => {
    if (i.severity !== 'error') return;
    errorCount++;
    if (errors.length < 20) errors.push({ row: i.row, column: i.field, message: i.message });
  }, (n) => { totalRows += n; check.update(totalRows); }, onNote)) {
    await spool.add(gzipSync(canonicalChunk(batch)), chunkHash(batch), batch.rows.length, keys?.take());
    totalChunks++;
  }
  check.done();

  const fingerprint = createHash('sha256')
    .update(JSON.stringify([
      await fileDigest(args.file), args.dataset, args.merge ?? '', args.batchSize, args.map, args.sheet ?? '', args.options,
      // reading settings change the rows; absent, the fingerprint stays what earlier versions computed
      ...(args.encoding === undefined && args.headerRow === undefined ? [] : [{ encoding: args.encoding ?? null, headerRow: args.headerRow ?? null }]),
    ]))
    .digest('hex');
  const statuses = args.again ? UNFINISHED : [...UNFINISHED, ...COMMITTED];
  const { imp: found, created } = await findOrCreateImport(client.api, {
    dataset: args.dataset, fileName: basename(args.file), fileSize: size, merge: args.merge, totalChunks, fingerprint, options: args.options,
    // the server then refuses a later change of strategy, as for the browser's skip uploads
    ...(mayLeaveOut ? { client: { omitsExisting: true } } : {}),
  }, statuses);
  const facts = { totalRows, errorCount, errors, alreadyThere: 0, repeats: 0, notes };
  if (!created && inStatus(found.status, COMMITTED)) {
    // the same file with the same settings was committed already (perhaps while this
    // command was interrupted): running it again must not import it twice
    return summarize(client, args, found, { status: found.status, counts: found.counts }, { ...facts, resumed: true, already: true, chunksSent: 0, chunksResumed: 0, bytesSent: 0 });
  }
  const resumed = !created;
  const imp = created ? found : await importWithChunks(client.api, found.id);
  if (resumed) log(`resuming import ${imp.id} (${imp.status}): the server holds ${imp.chunks?.length ?? 0} of ${totalChunks} chunks`);

  // pass 2: upload the chunks the server does not hold yet, a few at a time
  const upload = new Progress('uploading', totalRows);
  let leftOut: LeftOut = new Map();
  const sent = inStatus(imp.status, UPLOADABLE)
    ? await sendChunks(client.api, imp, spooledChunks(spool), {
      gzip: (text) => gzipSync(text),
      inFlight: args.concurrency,
      lookupIn: imp.merge === 'skip' && imp.client?.omitsExisting && keys ? args.dataset : undefined,
      onLeftOut: (rows) => { leftOut = rows; },
      onProgress: (p) => upload.update(p.rowsDone),
    })
    : { chunksSent: 0, chunksHeld: imp.chunks?.length ?? 0, bytesSent: 0 };
  upload.done();
  facts.repeats = await repeatsAmong(spool, leftOut);
  for (const rows of leftOut.values()) facts.alreadyThere += rows.size;

  const plan = await client.request<ImportJson & { plan: ImportCounts }>('POST', `/api/imports/${imp.id}/plan`, { retry: true, body: {} })
    .then((r) => r.data)
    .catch((e: unknown) => {
      // an import already committing or done is not planned again
      if (e instanceof ApiCallError && e.code === 'wrong_state') return null;
      throw e;
    });
  let final: Pick<ImportJson, 'status' | 'counts'> = plan ? { status: plan.status, counts: plan.plan } : await client.get(`/api/imports/${imp.id}`);
  if (!args.dryRun) {
    final = (await client.request<ImportJson>('POST', `/api/imports/${imp.id}/commit`, { retry: true, body: {} })).data;
  }
  return summarize(client, args, imp, final, { ...facts, resumed, already: false, chunksSent: sent.chunksSent, chunksResumed: sent.chunksHeld, bytesSent: sent.bytesSent });
}
