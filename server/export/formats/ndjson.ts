/** NDJSON: one JSON object a line. */
import { EXPORT_FORMAT_INFO } from '../../../shared/api/export-formats.ts';
import { jsonRecord } from '../cells.ts';
import type { Column } from '../columns.ts';
import type { ExportFormatWriter, ExportWriter } from './format.ts';

/** NDJSON: one JSON object a line, its values as the JSON export writes them. */
function ndjsonWriter(columns: Column[]): ExportWriter {
  return {
    head: () => '',
    rows: (rows) => rows.map((r) => JSON.stringify(jsonRecord(columns, r)) + '\n').join(''),
    tail: () => '',
  };
}

export const ndjson = {
  info: EXPORT_FORMAT_INFO.ndjson,
  create: (columns) => ndjsonWriter(columns),
} satisfies ExportFormatWriter;
