import type { Issue } from '../../shared/schema.ts';
import type { Block, BlockFlags, RowState, StagedCounts } from './types.ts';

/**
 * Counting and flagging staged rows. What the counts mean (the same words the server uses):
 * `total` every row; `excluded` rows the user left out; among the rest, `invalid` rows with an
 * error, `valid` rows without (duplicates included, as on the server), `duplicate` valid rows
 * repeating an earlier row, `warning` rows with a warning other than "duplicate".
 * `byCode` counts issues per code and `byField` errors per field, excluded rows left out.
 */

/**
 * The file's text for wire column `j` (`column`) of a staged row. `state.raw` keeps only the
 * cells whose text differs from the staged cell (a phone as written, a date before it was
 * read), so a clean row stores each text once; older blocks keep every column, and read the same.
 */
export function rawCell(state: RowState, cells: readonly (string | null)[], column: string, j: number): string {
  return Object.hasOwn(state.raw, column) ? state.raw[column]! : cells[j] ?? '';
}

/** The file's text of every wire column of a staged row (`rawCell` for each). */
export function rawCells(state: RowState, cells: readonly (string | null)[], columns: readonly string[]): Record<string, string> {
  return Object.fromEntries(columns.map((c, j) => [c, rawCell(state, cells, c, j)]));
}

export function emptyCounts(): StagedCounts {
  return { total: 0, valid: 0, invalid: 0, duplicate: 0, warning: 0, excluded: 0, byCode: {}, byField: {} };
}

const hasWarning = (issues: readonly Issue[]) => issues.some((i) => i.severity === 'warning' && i.code !== 'duplicate');

/** Adds one row to the counts. NOTE: mutates counts. */
export function countRow(counts: StagedCounts, state: RowState): void {
  counts.total++;
  if (state.excluded) {
    counts.excluded++;
    return;
  }
  if (state.valid) counts.valid++;
  else counts.invalid++;
  if (state.duplicateOf !== undefined) counts.duplicate++;
  if (hasWarning(state.issues)) counts.warning++;
  for (const issue of state.issues) {
    counts.byCode[issue.code] = (counts.byCode[issue.code] ?? 0) + 1;
    if (issue.severity === 'error' && issue.field !== null) counts.byField[issue.field] = (counts.byField[issue.field] ?? 0) + 1;
  }
}

/** Recomputes a block's per-kind counters from its rows. NOTE: mutates block. */
export function tallyBlock(block: Block): void {
  let errors = 0;
  let warnings = 0;
  let duplicates = 0;
  for (const s of block.state) {
    if (!s.valid) errors++;
    if (hasWarning(s.issues)) warnings++;
    if (s.duplicateOf !== undefined) duplicates++;
  }
  block.errorCount = errors;
  block.warningCount = warnings;
  block.duplicateCount = duplicates;
}

/** The flags record of a block: its row indexes per kind, excluded rows included. */
export function flagsOf(block: Block): BlockFlags {
  const flags: BlockFlags = { importId: block.importId, block: block.no, error: [], warning: [], duplicate: [] };
  block.state.forEach((s, index) => {
    if (!s.valid) flags.error.push(index);
    if (hasWarning(s.issues)) flags.warning.push(index);
    if (s.duplicateOf !== undefined) flags.duplicate.push(index);
  });
  return flags;
}
