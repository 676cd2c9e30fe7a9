import { ApiError } from '../http/errors.ts';
import type { Column } from './columns.ts';
import { delimitedWriter, docWriter, jsonWriter, ndjsonWriter, txtWriter } from './text-formats.ts';
import { xlsxWriter } from './xlsx.ts';

/** One record as the database cursor hands it, by column name. */
export type ExportRow = Record<string, unknown>;

/** Turns batches of rows into the bytes of one format; called head, rows…, tail. */
export interface ExportWriter {
  head(): string | Uint8Array;
  rows(rows: ExportRow[]): string | Uint8Array;
  tail(): string | Uint8Array;
}

export const EXPORT_FORMATS = ['csv', 'tsv', 'txt', 'json', 'ndjson', 'xlsx', 'doc'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
};

/** The format asked for (csv when none); 400 listing the formats otherwise. */
export function parseFormat(value: string | undefined): ExportFormat {
  const format = (value ?? 'csv').toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError(400, 'bad_request', `unknown export format "${value}"; use one of ${EXPORT_FORMATS.join(', ')}`, { formats: EXPORT_FORMATS });
  }
  return format as ExportFormat;
}

/** A fresh writer for one export. */
export function createWriter(format: ExportFormat, columns: Column[], datasetName: string): ExportWriter {
  switch (format) {
    case 'csv': return delimitedWriter(columns, ',');
    case 'tsv': return delimitedWriter(columns, '\t');
    case 'txt': return txtWriter(columns);
    case 'json': return jsonWriter(columns);
    case 'ndjson': return ndjsonWriter(columns);
    case 'xlsx': return xlsxWriter(columns, datasetName);
    case 'doc': return docWriter(columns, `${datasetName} export`);
  }
}

/** `<dataset>_export_YYYYMMDD_HHMMSS.<ext>`, in UTC. */
export function exportFileName(datasetName: string, format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return `${datasetName}_export_${stamp}.${format}`;
}
