import Dexie, { type Table } from 'dexie';
import { flagsOf } from './rows.ts';
import type { DatasetSchema, ImportOptions, Issue, MergeStrategy } from '../../shared/schema.ts';

/**
 * The browser's staging database. Rows are stored in BLOCKS (many rows per IndexedDB record):
 * one put per row would cap staging near 15k rows/s. A block is also the unit of upload, so
 * the staging store and the upload ledger are the same thing. A block's rows are stored packed
 * in one JSON text (`saveBlock`, `loadBlock`).
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

export class StagingDb extends Dexie {
  imports!: Table<LocalImport, string>;
  blocks!: Table<StoredBlock, [string, number]>;
  flags!: Table<BlockFlags, [string, number]>;

  constructor(name = 'sluice-staging') {
    super(name);
    this.version(1).stores({
      imports: 'id, createdAt, status',
      blocks: '[importId+no], importId',
      flagged: '++id, [importId+kind+block+index], [importId+block+index], importId',
    });
    // one flags record per block instead of one flagged record per row and kind
    this.version(2).stores({ flags: '[importId+block], importId' }).upgrade(async (tx) => {
      const byBlock = new Map<string, BlockFlags>();
      await tx.table('flagged').each((f: { importId: string; block: number; index: number; kind: FlagKind }) => {
        const key = `${f.importId}\u0000${f.block}`;
        let rec = byBlock.get(key);
        if (!rec) byBlock.set(key, (rec = { importId: f.importId, block: f.block, error: [], warning: [], duplicate: [] }));
        rec[f.kind].push(f.index);
      });
      for (const rec of byBlock.values()) for (const kind of ['error', 'warning', 'duplicate'] as const) rec[kind].sort((a, b) => a - b);
      await tx.table('flags').bulkPut([...byBlock.values()]);
    });
    this.version(3).stores({ flagged: null });
  }
}

export const stagingDb = new StagingDb();

/** A block as IndexedDB stores it: its rows, row numbers and states packed in one JSON text. */
export function packBlock(block: Block): StoredBlock {
  const { rows, rowNumbers, state, ...head } = block;
  return { ...head, rowCount: rows.length, packed: JSON.stringify({ rows, rowNumbers, state }) };
}

/** Stores a block, packed, and its flags record, in one transaction. */
export async function saveBlock(db: StagingDb, block: Block): Promise<void> {
  const stored = packBlock(block);
  const flags = flagsOf(block);
  await db.transaction('rw', db.blocks, db.flags, async () => {
    await db.blocks.put(stored);
    await db.flags.put(flags);
  });
}

/** A block as stored, unpacked. */
export function unpackBlock(stored: StoredBlock): Block {
  if (!('packed' in stored)) return stored;
  const { packed, rowCount: _count, ...head } = stored;
  return { ...head, ...(JSON.parse(packed) as Pick<Block, 'rows' | 'rowNumbers' | 'state'>) };
}

/** How many rows a stored block holds, read without unpacking them. */
export function storedRowCount(stored: StoredBlock): number {
  return 'packed' in stored ? stored.rowCount : stored.rows.length;
}

/** Block `no` of an import, unpacked; undefined when it is not stored. */
export async function loadBlock(db: StagingDb, importId: string, no: number): Promise<Block | undefined> {
  const stored = await db.blocks.get([importId, no]);
  return stored && unpackBlock(stored);
}

/** Deletes an import's staged blocks and flags (a re-stage starts clean), keeping the import record. */
export async function clearBlocks(db: StagingDb, importId: string): Promise<void> {
  await db.transaction('rw', db.blocks, db.flags, async () => {
    await db.blocks.where('importId').equals(importId).delete();
    await db.flags.where('importId').equals(importId).delete();
  });
}

/** Statuses after which an import's staged rows serve nothing: the server holds the outcome, or the user dropped it. */
const FINISHED: readonly LocalStatus[] = ['done', 'cancelled'];

/**
 * Ends an import in this browser: its staged rows and flags go (a million rows fill hundreds
 * of MB of the browser's storage), its record stays with the new status.
 */
export async function finishImport(db: StagingDb, importId: string, status: 'done' | 'cancelled'): Promise<void> {
  await db.transaction('rw', db.imports, db.blocks, db.flags, async () => {
    await clearBlocks(db, importId);
    await db.imports.update(importId, { status });
  });
}

/**
 * Deletes the staged rows that finished imports still hold: the tab closed between the commit
 * and the clean-up, or the rows were staged by a version that kept them.
 */
export async function sweepFinished(db: StagingDb): Promise<void> {
  const finished = await db.imports.where('status').anyOf(FINISHED).primaryKeys();
  await db.transaction('rw', db.blocks, db.flags, async () => {
    await db.flags.where('importId').anyOf(finished).delete();
    await db.blocks.where('importId').anyOf(finished).delete();
  });
}

/** An import's flags records, in block order. */
export function importFlags(db: StagingDb, importId: string): Promise<BlockFlags[]> {
  return db.flags.where('[importId+block]').between([importId, Dexie.minKey], [importId, Dexie.maxKey]).toArray();
}
