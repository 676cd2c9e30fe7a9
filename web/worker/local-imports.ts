import { finishImport as finishStaged, stagingDb, sweepFinished as sweepStaged } from '../staging/db.ts';
import type { LocalImport } from '../staging/types.ts';

/**
 * This browser's import records, for the UI: it creates, lists, resumes and drops imports
 * through these (the worker owns every write to the staging database; the grid's pages are
 * the only thing the UI reads itself, see staging/read.ts).
 */

/** Stores a new import's record before it is staged: staging keeps its owner, creation time, fingerprint and merge. */
export async function createImport(record: LocalImport): Promise<void> {
  await stagingDb.imports.put(record);
}

/** The import's record; undefined when this browser does not hold it. */
export function localImport(importId: string): Promise<LocalImport | undefined> {
  return stagingDb.imports.get(importId);
}

/** Every import this browser holds for `owner` (`orgId:userId`): a shared browser keeps each user's apart. */
export async function localImports(owner: string): Promise<LocalImport[]> {
  return (await stagingDb.imports.toArray()).filter((i) => i.owner === owner);
}

/** How many blocks of rows the import still has staged (fewer than its blockCount: storage was cleared). */
export function stagedBlockCount(importId: string): Promise<number> {
  return stagingDb.blocks.where('importId').equals(importId).count();
}

/** Ends an import here: its staged rows go, its record stays with the new status. */
export function finishImport(importId: string, status: 'done' | 'cancelled'): Promise<void> {
  return finishStaged(stagingDb, importId, status);
}

/** Deletes the staged rows that finished imports still hold (run once at start). */
export function sweepFinished(): Promise<void> {
  return sweepStaged(stagingDb);
}
