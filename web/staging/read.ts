import { importFlags, loadBlock, stagingDb } from './db.ts';
import type { Block, BlockFlags } from './types.ts';

/**
 * What the UI reads straight from the staging database: the pages of the preview grid. Rows
 * stay out of postMessage this way (a page is read where it is shown). Reads only: every write
 * goes through the worker (web/worker/api.ts), and eslint keeps components, pages and stores
 * away from staging/db.ts.
 */

/** Block `no` of an import, unpacked; undefined when it is not stored. */
export function readBlock(importId: string, no: number): Promise<Block | undefined> {
  return loadBlock(stagingDb, importId, no);
}

/** An import's flags records (row indexes per kind), in block order. */
export function readFlags(importId: string): Promise<BlockFlags[]> {
  return importFlags(stagingDb, importId);
}

/** How many rows of an import are valid and not excluded, as last counted. */
export async function readValidCount(importId: string): Promise<number> {
  return (await stagingDb.imports.get(importId))?.counts.valid ?? 0;
}
