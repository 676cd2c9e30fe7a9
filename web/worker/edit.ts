import { dedupeKeys, InFileDeduper, type DuplicateMatch } from '../../shared/dedupe/index.ts';
import { duplicateIssue, identityMapping, RowProcessor, toWireRow } from '../../shared/pipeline.ts';
import type { Issue } from '../../shared/schema.ts';
import { loadBlock, saveBlock, stagingDb } from '../staging/db.ts';
import type { Block, LocalImport, RowState, StagedCounts } from '../staging/types.ts';
import { countRow, emptyCounts, rawCell, rawCells, tallyBlock } from '../staging/rows.ts';
import type { RowView } from './api.ts';
import { rowStateOf } from './stage.ts';

/**
 * Fixes made in the preview: edit a cell, exclude rows, exclude every invalid row, replace a
 * value in a column. Each re-validates the rows it touches with the shared pipeline, then
 * re-runs in-file dedupe over the whole import in one pass over its blocks (an edit can make
 * a later row a duplicate, or free one), and stores the new counts and flags. The import is
 * marked `modified`: a resume from the raw file would lose these fixes.
 */

/** A block mutation: returns true when it changed the block. */
type Mutation = (block: Block, imp: LocalImport) => boolean;

async function loadImport(importId: string): Promise<LocalImport> {
  const imp = await stagingDb.imports.get(importId);
  if (!imp) throw new Error(`no staged import ${importId}`);
  if (imp.status === 'staging') throw new Error('this import is still being staged');
  if (imp.acked.length > 0) throw new Error('this import is already being uploaded; its rows can no longer change');
  return imp;
}

/** Re-processes one row from its raw text with `override` applied, keeping its exclusion. NOTE: mutates block. */
function reprocess(block: Block, index: number, imp: LocalImport, processor: RowProcessor, override?: { field: string; text: string }): void {
  const old = block.state[index]!;
  const staged = block.rows[index]!;
  const cells = imp.columns.map((c, j) => (override && c === override.field ? override.text : rawCell(old, staged, c, j)));
  const row = processor.process(cells, block.rowNumbers[index]!);
  block.rows[index] = toWireRow(row, imp.columns);
  block.state[index] = rowStateOf(row, imp.columns, block.rows[index]!, old.excluded);
}

/** A processor over the wire columns without dedupe keys: dedupe is redone over all blocks. */
function rowProcessor(imp: LocalImport): RowProcessor {
  return new RowProcessor({ ...imp.schema, keys: [] }, identityMapping(imp.columns), imp.options);
}

/**
 * One pass over every block of the import, in file order: applies `mutate`, then in-file
 * dedupe (valid, non-excluded rows take part; first occurrence wins), recounts, and stores the
 * blocks that changed, the counts and the `modified` mark.
 */
async function rewrite(imp: LocalImport, mutate?: Mutation): Promise<StagedCounts> {
  const deduper = new InFileDeduper();
  const counts = emptyCounts();
  for (let no = 0; no < imp.blockCount; no++) {
    const block = await loadBlock(stagingDb, imp.id, no);
    if (!block) throw new Error(`block ${no} of import ${imp.id} is missing; stage the file again`);
    let changed = mutate ? mutate(block, imp) : false;
    block.state.forEach((state, i) => {
      changed = dedupeRow(imp, deduper, block, i, state) || changed;
      countRow(counts, block.state[i]!);
    });
    if (changed) {
      tallyBlock(block);
      await saveBlock(stagingDb, block);
    }
  }
  await stagingDb.imports.update(imp.id, { counts, modified: true });
  return counts;
}

/** Sets or clears the row's duplicate mark; true when it changed. NOTE: mutates block and deduper. */
function dedupeRow(imp: LocalImport, deduper: InFileDeduper, block: Block, i: number, state: RowState): boolean {
  let match: DuplicateMatch | undefined;
  const rowNumber = block.rowNumbers[i]!;
  if (state.valid && !state.excluded) {
    const values: Record<string, string | null> = {};
    imp.columns.forEach((c, j) => (values[c] = block.rows[i]![j] ?? null));
    match = deduper.checkMatch(rowNumber, dedupeKeys(imp.schema, values));
  }
  if (match?.row === state.duplicateOf) return false;
  const issues: Issue[] = state.issues.filter((x) => x.code !== 'duplicate');
  const next: RowState = { ...state, issues };
  delete next.duplicateOf;
  if (match) {
    next.duplicateOf = match.row;
    issues.push(duplicateIssue(imp.schema, rowNumber, match));
  }
  block.state[i] = next;
  return true;
}

export function rowView(block: Block, index: number, columns: readonly string[]): RowView {
  const state = block.state[index]!;
  const values: Record<string, string | null> = {};
  columns.forEach((c, j) => (values[c] = block.rows[index]![j] ?? null));
  return {
    block: block.no,
    index,
    row: block.rowNumbers[index]!,
    values,
    raw: rawCells(state, block.rows[index]!, columns),
    issues: state.issues,
    valid: state.valid,
    ...(state.duplicateOf === undefined ? {} : { duplicateOf: state.duplicateOf }),
    ...(state.excluded ? { excluded: true } : {}),
  };
}

export async function editCell(importId: string, blockNo: number, index: number, field: string, text: string) {
  const imp = await loadImport(importId);
  if (!imp.columns.includes(field)) throw new Error(`field ${field} is not mapped to a column of this file`);
  const processor = rowProcessor(imp);
  let edited: Block | undefined;
  const counts = await rewrite(imp, (block) => {
    if (block.no !== blockNo) return false;
    if (index < 0 || index >= block.rows.length) throw new Error(`block ${blockNo} has no row ${index}`);
    reprocess(block, index, imp, processor, { field, text });
    edited = block;
    return true;
  });
  if (!edited) throw new Error(`import ${importId} has no block ${blockNo}`);
  return { row: rowView(edited, index, imp.columns), counts };
}

export async function setExcluded(importId: string, rows: { block: number; index: number }[], excluded: boolean): Promise<StagedCounts> {
  const imp = await loadImport(importId);
  const byBlock = new Map<number, number[]>();
  for (const r of rows) byBlock.set(r.block, [...(byBlock.get(r.block) ?? []), r.index]);
  return rewrite(imp, (block) => {
    let changed = false;
    for (const i of byBlock.get(block.no) ?? []) {
      const state = block.state[i];
      if (!state || Boolean(state.excluded) === excluded) continue;
      const next = { ...state };
      if (excluded) next.excluded = true;
      else delete next.excluded;
      block.state[i] = next;
      changed = true;
    }
    return changed;
  });
}

export async function excludeInvalid(importId: string): Promise<StagedCounts> {
  const imp = await loadImport(importId);
  return rewrite(imp, (block) => {
    let changed = false;
    block.state.forEach((state, i) => {
      if (state.valid || state.excluded) return;
      block.state[i] = { ...state, excluded: true };
      changed = true;
    });
    return changed;
  });
}

/** Replaces cells of `field` whose raw text (or shown value) is exactly `from` by `to`, re-validating them. */
export async function replaceInColumn(importId: string, field: string, from: string, to: string) {
  const imp = await loadImport(importId);
  const j = imp.columns.indexOf(field);
  if (j < 0) throw new Error(`field ${field} is not mapped to a column of this file`);
  const processor = rowProcessor(imp);
  let changedRows = 0;
  const counts = await rewrite(imp, (block) => {
    let changed = false;
    block.state.forEach((state, i) => {
      if (rawCell(state, block.rows[i]!, field, j) !== from && (block.rows[i]![j] ?? '') !== from) return;
      reprocess(block, i, imp, processor, { field, text: to });
      changedRows++;
      changed = true;
    });
    return changed;
  });
  return { changed: changedRows, counts };
}
