/** Why a header row was refused. */
export type HeaderErrorCode = 'forbidden_header' | 'too_many_columns';

/** Most columns a file may have; wider files are refused before any row is read. */
export const MAX_COLUMNS = 1000;

/** A header row that cannot be imported at all (hostile name, absurd width). */
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
