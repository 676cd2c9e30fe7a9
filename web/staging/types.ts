import type { DatasetSchema, ImportOptions, Issue, MergeStrategy } from '../../shared/schema.ts';

/**
 * The shapes staged in this browser's IndexedDB (web/staging/db.ts): one LocalImport record
 * per import, its rows in blocks, and a flags record per block for filtered paging.
 */

export type LocalStatus = 'staging' | 'staged' | 'uploading' | 'uploaded' | 'planned' | 'committing' | 'done' | 'failed' | 'cancelled';

/** One import being prepared in this browser. */
export interface LocalImport {
  id: string;
  /** `orgId:userId` of who staged it: a shared browser lists each user's imports only. */
  owner?: string;
  /** Rows were fixed or excluded in the browser (a resume from the raw file would lose that). */
  modified?: boolean;
  createdAt: number;
  fileName: string;
  fileSize: number;
  fileLastModified: number;
  /** SHA-256 of the file's first and last MiB plus its size: checks the same file is picked again. */
  fileFingerprint: string;
  dataset: string;
  schema: DatasetSchema;
  merge: MergeStrategy;
  options: ImportOptions;
  /** Reader settings the user confirmed (re-used when re-staging the same file). */
  reader: ReaderSettings;
  /** field → column indexes (priority order). */
  mapping: Record<string, number[]>;
  /** Wire columns: the mapped fields, in order. */
  columns: string[];
  status: LocalStatus;
  blockCount: number;
  counts: StagedCounts;
  /** Server import id once created. */
  serverId?: number;
  /** Chunk numbers the server acknowledged. */
  acked: number[];
  /** Bytes sent over the wire (compressed). */
  bytesSent: number;
  /** Rows left out of a `skip` upload because the database already has their key. */
  alreadyThere?: number;
  /** The same, per chunk number (a resumed upload looks again only for the chunks it still sends). */
  alreadyThereByChunk?: Record<number, number>;
  error?: string;
}

export interface ReaderSettings {
  format?: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  /** 1-based header row. */
  headerRow?: number;
}

export interface StagedCounts {
  total: number;
  valid: number;
  invalid: number;
  duplicate: number;
  warning: number;
  excluded: number;
  /** Error and warning counts per issue code. */
  byCode: Record<string, number>;
  /** Error counts per field. */
  byField: Record<string, number>;
}

/** Per-row state kept beside the cells. */
export interface RowState {
  issues: Issue[];
  valid: boolean;
  duplicateOf?: number;
  excluded?: boolean;
  /** The file's text per wire column, only where it differs from the staged cell: read it with `rawCell`. */
  raw: Record<string, string>;
}

/** A block of staged rows: cells in wire form (canonical text, or raw text where invalid). */
export interface Block {
  importId: string;
  no: number;
  rows: (string | null)[][];
  rowNumbers: number[];
  state: RowState[];
  /** Rows of this block with errors / warnings / duplicates, for filtered paging. */
  errorCount: number;
  warningCount: number;
  duplicateCount: number;
}

/**
 * A block as IndexedDB holds it. Its rows, row numbers and states are packed in one JSON text:
 * IndexedDB copies one string quickly, where it walked some 30,000 objects and strings a block
 * (staging took 6-14% longer, A/B). `rowCount` says how many rows it holds without unpacking
 * them. Blocks staged before packing hold the three as they are.
 */
export type StoredBlock = Omit<Block, 'rows' | 'rowNumbers' | 'state'> & ({ packed: string; rowCount: number } | Pick<Block, 'rows' | 'rowNumbers' | 'state'>);

/** What a flagged row has to show: the filters 'errors', 'warnings' and 'duplicates'. */
export type FlagKind = 'error' | 'warning' | 'duplicate';

/**
 * The rows of one block that have something to show, as row indexes per kind (excluded rows
 * included): filters page through these small records, not through every block. One record
 * per block, not one per row: with a warning on a third of the rows (ambiguous dates, say), a
 * record per row and its indexes cost more to write than the rows themselves.
 */
export interface BlockFlags {
  importId: string;
  block: number;
  error: number[];
  warning: number[];
  duplicate: number[];
}
