import type { ReadNote } from '../../shared/parse/index.ts';
import type { DatasetSchema, ImportOptions, Issue } from '../../shared/schema.ts';
import type { LocalImport, ReaderSettings, StagedCounts } from '../staging/types.ts';

/**
 * The one worker API. The worker `expose`s an object satisfying WorkerApi (web/worker/index.ts);
 * the UI imports this file as `type` only and reaches the worker through web/worker/bridge.ts.
 * The worker owns every write to the staging database (Dexie): no component, page or store
 * writes IndexedDB. Rows never cross postMessage in bulk: the worker writes blocks and the
 * UI's grid pages through them (web/staging/read.ts).
 */

/** What the worker found out about a file before staging it. */
export interface SniffResult {
  format: 'csv' | 'tsv' | 'txt' | 'json' | 'ndjson' | 'xlsx' | 'xls' | 'ods';
  encoding?: string;
  delimiter?: string;
  sheets?: string[];
  /** The sheets the workbook hides: the picker marks them (never read unless chosen). */
  hiddenSheets?: string[];
  sheet?: string;
  /**
   * 1-based header row (0 when headers do not come from a row, e.g. JSON, or when the file is
   * read without a header row: pass `headerRow: 0` in ReaderSettings, columns are then named
   * "column 1", "column 2"...).
   */
  headerRow: number;
  headers: string[];
  /** First rows of the file as text (title lines included), so the user can pick the header row. */
  preview: { row: number; cells: string[] }[];
  /**
   * Every guess the reader made and every row it leaves out, to show beside the preview
   * (shared/parse/notes.ts): `warning` true for a guess to check or rows not imported
   * (title rows above the header: `rows_above_header`; a first row that looks like data:
   * `maybe_no_header`, offer "no header row"; an encoding guessed with low confidence:
   * `encoding`), false for plain facts (`read_as_table`, `no_header`, a sure encoding).
   * `message` is English and names the file and rows; `rows` lists the rows concerned.
   */
  notes: ReadNote[];
  /** The encoding detector's confidence in `encoding`, 0-100 (text formats, when detected rather than given or marked by a BOM). */
  encodingConfidence?: number;
}

export interface StageRequest {
  /** Local import id (Dexie `imports` key); a new import's record comes first, through `createImport`. */
  importId: string;
  file: File;
  reader: ReaderSettings;
  schema: DatasetSchema;
  mapping: Record<string, number[]>;
  options: ImportOptions;
  /** Rows per block (= per upload chunk). */
  blockSize?: number;
}

export interface StageProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
  rowsPerSec: number;
  /** Seconds left, estimated from bytes read. */
  etaSec: number | null;
}

export interface RowView {
  block: number;
  index: number;
  row: number;
  values: Record<string, string | null>;
  raw: Record<string, string>;
  issues: Issue[];
  valid: boolean;
  duplicateOf?: number;
  excluded?: boolean;
}

export interface UploadProgress {
  chunksDone: number;
  chunksTotal: number;
  rowsDone: number;
  bytesSent: number;
  rowsPerSec: number;
  etaSec: number | null;
  /** 'offline' while paused for the network; 'retrying' after an error. */
  state: 'sending' | 'offline' | 'retrying' | 'done';
  message?: string;
}

export interface WorkerApi {
  /** Detects format, encoding, delimiter, sheet and header row; settings given win. */
  sniff(file: File, settings: ReaderSettings & { knownHeaders?: string[] }): Promise<SniffResult>;
  /** Streams the file through the shared pipeline into Dexie blocks. Resolves with the counts. */
  stage(req: StageRequest, onProgress: (p: StageProgress) => void): Promise<StagedCounts>;
  /** Sets one cell, re-validates the row and re-runs in-file dedupe; returns the new row. */
  editCell(importId: string, block: number, index: number, field: string, text: string): Promise<{ row: RowView; counts: StagedCounts }>;
  /** Excludes (or re-includes) rows. */
  setExcluded(importId: string, rows: { block: number; index: number }[], excluded: boolean): Promise<StagedCounts>;
  /** Excludes every row with an error. */
  excludeInvalid(importId: string): Promise<StagedCounts>;
  /** Replaces `from` by `to` in one column everywhere, re-validating the rows touched. */
  replaceInColumn(importId: string, field: string, from: string, to: string): Promise<{ changed: number; counts: StagedCounts }>;
  /** The current errors as CSV (rows plus an error column), before anything is sent. */
  errorsCsv(importId: string): Promise<string>;
  /**
   * Uploads the staged blocks as exactly-once gzip chunks (a few in flight, jittered retries,
   * paused while offline), skipping chunks the server already holds. With merge `skip`, first
   * asks the server which keys exist and leaves those rows out.
   */
  upload(importId: string, onProgress: (p: UploadProgress) => void): Promise<{ serverId: number; bytesSent: number }>;
  /** Stores a new import's record before its first staging (owner, creation time, fingerprint, merge). */
  createImport(record: LocalImport): Promise<void>;
  /** One import's record as this browser holds it. */
  localImport(importId: string): Promise<LocalImport | undefined>;
  /** Every import this browser holds for `owner` (`orgId:userId`). */
  localImports(owner: string): Promise<LocalImport[]>;
  /** How many blocks of rows an import still has staged (a resume needs them all). */
  stagedBlockCount(importId: string): Promise<number>;
  /** Ends an import here (committed, or discarded): its staged rows go, its record keeps the status. */
  finishImport(importId: string, status: 'done' | 'cancelled'): Promise<void>;
  /** Deletes the rows finished imports still hold (a tab closed right after a commit). */
  sweepFinished(): Promise<void>;
}
