import Dexie, { type Table } from 'dexie';
import { flagsOf } from './rows.ts';
import type { Block, BlockFlags, FlagKind, LocalImport, LocalStatus, StoredBlock } from './types.ts';

/**
 * The browser's staging database. Rows are stored in BLOCKS (many rows per IndexedDB record):
 * one put per row would cap staging near 15k rows/s. A block is also the unit of upload, so
 * the staging store and the upload ledger are the same thing. A block's rows are stored packed
 * in one JSON text (`saveBlock`, `loadBlock`). The shapes are in types.ts.
 *
 * Only the worker writes here (web/worker/, web/upload/); the UI reaches these tables through
 * the worker API, and pages the grid through the read-only staging/read.ts.
 */

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
