/**
 * The formats records export to: what the server writes (server/export/formats/), what the
 * browser's export dialog offers and what `sluice export --format` takes.
 */

/** What a client needs to know of one export format. */
export interface ExportFormatInfo {
  /** The `format=` value of the export request, and the format's name everywhere else. */
  name: string;
  contentType: string;
  /** The file name's ending, without the dot. */
  extension: string;
  /** Most records one file holds, when the format has a limit; the server answers 422 above it. */
  maxRecords?: number;
}

/** Every export format, in the order the export dialog lists them; csv is the default. */
export const EXPORT_FORMATS = ['csv', 'tsv', 'txt', 'json', 'ndjson', 'xlsx', 'doc'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The format of an export request that names none. */
export const DEFAULT_EXPORT_FORMAT: ExportFormat = 'csv';

/** Each export format's content type, file extension and limit. */
export const EXPORT_FORMAT_INFO = {
  csv: { name: 'csv', contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  tsv: { name: 'tsv', contentType: 'text/tab-separated-values; charset=utf-8', extension: 'tsv' },
  txt: { name: 'txt', contentType: 'text/plain; charset=utf-8', extension: 'txt' },
  json: { name: 'json', contentType: 'application/json; charset=utf-8', extension: 'json' },
  ndjson: { name: 'ndjson', contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
  // an Excel sheet holds 1,048,576 rows, one of them the header
  xlsx: { name: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', maxRecords: 1_048_575 },
  doc: { name: 'doc', contentType: 'application/msword', extension: 'doc' },
} as const satisfies { [F in ExportFormat]: ExportFormatInfo & { name: F } };

/** True when `name` is one of EXPORT_FORMATS (exactly: lower case). */
export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}
