/** Why a file could not be read. Stable strings: the UI and the CLI may branch on them. */
export type ParseErrorCode =
  | 'UNBALANCED_QUOTE'
  | 'MALFORMED_QUOTE'
  | 'RECORD_TOO_LARGE'
  | 'INVALID_JSON'
  | 'NOT_RECORDS'
  | 'FILE_TOO_LARGE'
  | 'WORKBOOK_TOO_LARGE'
  | 'UNREADABLE_WORKBOOK'
  | 'SHEET_NOT_FOUND'
  | 'UNKNOWN_ENCODING'
  | 'HEADER_ROW_NOT_FOUND'
  | 'UNREADABLE_FILE'
  /** Nothing in the file (0 bytes, or only blank lines). */
  | 'EMPTY_FILE'
  /** Not a table: an image, a PDF, an archive, a Lotus worksheet... (by content or extension). */
  | 'UNSUPPORTED_FORMAT'
  /** JSON nested deeper than Sluice reads. */
  | 'TOO_DEEP'
  /** Bytes that are not text in the encoding the file was read with. */
  | 'DECODING_FAILED';

export interface ParseErrorInit {
  code: ParseErrorCode;
  /** What went wrong, without the location (the message adds it). */
  detail: string;
  /** 1-based row as a spreadsheet shows it (CSV record, JSON/TXT line, sheet row). */
  row?: number;
  /** 1-based column, when known. */
  column?: number;
  /** File name, as the user knows it. */
  file?: string;
  cause?: unknown;
}

/**
 * A file that cannot be read. The message names the file, row and column where known:
 * "leads.csv: row 12: a quote opens here and is never closed".
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  readonly code: ParseErrorCode;
  readonly row?: number;
  readonly column?: number;
  readonly file?: string;
  readonly detail: string;

  constructor(init: ParseErrorInit) {
    super(formatLocation(init) + init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.detail = init.detail;
    if (init.row !== undefined) this.row = init.row;
    if (init.column !== undefined) this.column = init.column;
    if (init.file !== undefined) this.file = init.file;
  }

  /** The same error, now naming the file (for readers that learn the name late). */
  withFile(file: string): ParseError {
    if (this.file !== undefined) return this;
    const init: ParseErrorInit = { code: this.code, detail: this.detail, file, cause: this.cause };
    if (this.row !== undefined) init.row = this.row;
    if (this.column !== undefined) init.column = this.column;
    return new ParseError(init);
  }
}

function formatLocation(init: ParseErrorInit): string {
  const parts: string[] = [];
  if (init.file) parts.push(init.file);
  if (init.row !== undefined) parts.push(`row ${init.row}`);
  if (init.column !== undefined) parts.push(`column ${init.column}`);
  return parts.length ? parts.join(': ') + ': ' : '';
}
