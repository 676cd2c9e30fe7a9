/** JSON: one array of records, streamed. */
import { EXPORT_FORMAT_INFO } from '../../../shared/api/export-formats.ts';
import { jsonRecord } from '../cells.ts';
import type { Column } from '../columns.ts';
import type { ExportFormatWriter, ExportWriter } from './format.ts';

/** JSON: one array, streamed; numbers as numbers, dates as ISO text, empty cells as null. */
function jsonWriter(columns: Column[]): ExportWriter {
  let first = true;
  return {
    head: () => '[',
    rows(rows) {
      const out = rows.map((r) => (first ? ((first = false), '\n') : ',\n') + JSON.stringify(jsonRecord(columns, r))).join('');
      return out;
    },
    tail: () => (first ? ']\n' : '\n]\n'),
  };
}

export const json = {
  info: EXPORT_FORMAT_INFO.json,
  create: (columns) => jsonWriter(columns),
} satisfies ExportFormatWriter;
