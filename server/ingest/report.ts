import { csvCell, safeCsvCell } from '../../shared/csv/cell.ts';
import type { Issue } from '../../shared/schema.ts';
import type { Sql } from '../db/engine.ts';
import type { ImportRow } from './model.ts';

interface ReportRow {
  row_no: number;
  action: string;
  data: Record<string, unknown>;
  raw: Record<string, string> | null;
  issues: Issue[] | null;
  note: string | null;
}

/** One value of a rejected row as a CSV cell, formula-guarded like every cell Sluice writes. */
function reportCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // a stored number is data, whatever its sign or exponent
  if (typeof value === 'number') return String(value);
  return safeCsvCell(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

const line = (cells: string[]) => cells.join(',') + '\r\n';

/**
 * The error report: every rejected row (invalid or conflicting) with its values as the user
 * sent them and an `error` column, as CSV, streamed page by page.
 */
export async function* errorReportCsv(sql: Sql, imp: ImportRow): AsyncGenerator<string> {
  const fields = imp.schema.fields.map((f) => f.name);
  yield '\uFEFF' + line(['row', ...fields, 'error'].map((name) => csvCell(name)));
  let after = -1;
  for (;;) {
    const rows = await sql<(ReportRow & { ord: number })[]>`
      select ord, row_no, action, data, raw, issues, note from import_rows
      where org_id = ${imp.org_id} and import_id = ${imp.id} and action in ('invalid', 'conflict') and ord > ${after}
      order by ord limit 2000`;
    if (!rows.length) return;
    after = rows[rows.length - 1]!.ord;
    yield rows.map((r) => {
      const errors = r.action === 'conflict'
        ? [r.note ?? 'conflict']
        : (r.issues ?? []).filter((i) => i.severity === 'error').map((i) => (i.field ? `${i.field}: ${i.message}` : i.message));
      return line([String(r.row_no), ...fields.map((f) => reportCell(r.raw?.[f] ?? r.data[f])), safeCsvCell(errors.join('; '))]);
    }).join('');
  }
}
