import type { FileFormat } from '../../shared/sniff/index.ts';
import type { RawRecord } from '../../shared/parse/index.ts';

/** An opened file, ready to stream its data records. */
export interface RecordSource {
  /** The path as given. */
  file: string;
  format: FileFormat;
  /** Text encoding used (text formats only). */
  encoding?: string;
  /** Field delimiter (csv/tsv only). */
  delimiter?: string;
  /** Sheet read, and every sheet of the workbook (spreadsheets only). */
  sheet?: string;
  sheets?: string[];
  /** Column names, in column order. */
  headers: string[];
  /** 1-based row of the header; 0 when the headers are not a row of the file (TXT, JSON, NDJSON). */
  headerRow: number;
  /** Data rows after the header, blank rows skipped. Iterate once. */
  records: AsyncIterable<RawRecord>;
  /** Releases the file (also when records were not read to the end). */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Sheet to read in a workbook; by default the first that looks like data. */
  sheet?: string;
  /** Text encoding label, overriding detection ("windows-1252", "utf-8", "latin1"...). */
  encoding?: string;
  /** Field delimiter, overriding detection. */
  delimiter?: string;
  /** 1-based header row, overriding detection. */
  headerRow?: number;
  /** Field names and aliases of the target dataset: they help find the header row. */
  knownHeaders?: string[];
}
