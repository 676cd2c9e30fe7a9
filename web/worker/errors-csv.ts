import { safeCsvCell } from '../../shared/csv/cell.ts';
import { importFlags, loadBlock, stagingDb } from '../staging/db.ts';
import { rawCell } from '../staging/rows.ts';

/**
 * The rows that still have errors (excluded rows left out), as CSV: `row,<columns...>,error`,
 * cells as the user wrote them, every message of the row in `error`. Goes through the blocks'
 * flags records, so a file with few errors costs few reads.
 */
export async function errorsCsv(importId: string): Promise<string> {
  const imp = await stagingDb.imports.get(importId);
  if (!imp) throw new Error(`no staged import ${importId}`);
  const lines = [['row', ...imp.columns, 'error'].map((cell) => safeCsvCell(cell)).join(',')];
  for (const flags of await importFlags(stagingDb, importId)) {
    if (flags.error.length === 0) continue;
    const block = await loadBlock(stagingDb, importId, flags.block);
    for (const index of flags.error) {
      const state = block?.state[index];
      if (!block || !state || state.valid || state.excluded) continue;
      const messages = state.issues.filter((i) => i.severity === 'error').map((i) => (i.field ? `${i.field}: ${i.message}` : i.message));
      const cells = [String(block.rowNumbers[index]), ...imp.columns.map((c, j) => rawCell(state, block.rows[index]!, c, j)), messages.join('; ')];
      lines.push(cells.map((cell) => safeCsvCell(cell)).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}
