/** CSV (RFC 4180, comma), and the delimited writer TSV shares. */
import { csvCell } from '../../../shared/csv/cell.ts';
import { EXPORT_FORMAT_INFO } from '../../../shared/api/export-formats.ts';
import { spreadsheetText } from '../cells.ts';
import type { Column } from '../columns.ts';
import type { ExportFormatWriter, ExportWriter } from './format.ts';

/** So Excel reads the file as UTF-8 (accents), not in the system's code page. */
export const BOM = '\uFEFF';

/**
 * CSV (RFC 4180, comma) or TSV (tab, quoted the same way, as Excel writes it): UTF-8 with a BOM
 * so Excel reads accents, CRLF line ends, header = field names (so the file imports back),
 * text cells that start like a formula get a leading `'`.
 */
export function delimitedWriter(columns: Column[], delimiter: ',' | '\t'): ExportWriter {
  const line = (cells: string[]) => cells.map((c) => csvCell(c, delimiter)).join(delimiter) + '\r\n';
  return {
    head: () => BOM + line(columns.map((c) => c.name)),
    rows: (rows) => rows.map((r) => line(columns.map((c) => spreadsheetText(c, r[c.name])))).join(''),
    tail: () => '',
  };
}

export const csv = {
  info: EXPORT_FORMAT_INFO.csv,
  create: (columns) => delimitedWriter(columns, ','),
} satisfies ExportFormatWriter;
