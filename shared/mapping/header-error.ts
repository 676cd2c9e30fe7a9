/**
 * Why a header row was refused. `fixed_field_column`: a column would feed a field whose value
 * the definition (`constant`) or the import (`values`) fixes for every row.
 */
export type HeaderErrorCode = 'forbidden_header' | 'too_many_columns' | 'fixed_field_column';

/** Most columns a file may have; wider files are refused before any row is read. */
export const MAX_COLUMNS = 1000;

/** A header row that cannot be imported as mapped (hostile name, absurd width, a column for a fixed field). */
export class HeaderError extends Error {
  override readonly name = 'HeaderError';
  readonly code: HeaderErrorCode;
  /** 1-based column of the offending header. */
  readonly column: number;
  readonly header: string;

  constructor(code: HeaderErrorCode, column: number, header: string, message: string) {
    super(message);
    this.code = code;
    this.column = column;
    this.header = header;
  }
}
