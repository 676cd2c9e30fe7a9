/** What every export format's writer is: the registry (index.ts) holds one of these per format. */
import type { ExportFormatInfo } from '../../../shared/api/export-formats.ts';
import type { Column } from '../columns.ts';

/** One record as the database cursor hands it, by column name. */
export type ExportRow = Record<string, unknown>;

/** Turns batches of rows into the bytes of one format; called head, rows…, tail. */
export interface ExportWriter {
  head(): string | Uint8Array;
  rows(rows: ExportRow[]): string | Uint8Array;
  tail(): string | Uint8Array;
}

/** One export format: what clients know of it, and a fresh writer for each export. */
export interface ExportFormatWriter {
  info: ExportFormatInfo;
  create(columns: Column[], datasetName: string): ExportWriter;
}
