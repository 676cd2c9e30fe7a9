/** What a note is about; stable strings the UI and the CLI may branch on. */
export type ReadNoteCode =
  /** The text encoding was detected (with its confidence) or given. */
  | 'encoding'
  /** A .txt file holds a table and is read as one. */
  | 'read_as_table'
  /** Rows above the header row are not imported (title lines). */
  | 'rows_above_header'
  /** The first row looks like data: the file may have no header row. */
  | 'maybe_no_header'
  /** The file is read without a header row: columns are named by position. */
  | 'no_header'
  /** A workbook's sheet or cells were read in a way to check: hidden sheets, padded numbers, error codes, durations, formulas without results. */
  | 'workbook';

/**
 * Something the reader decided or left out that the user must see: every guess (encoding,
 * header row) and every row it does not import. The browser shows them in the preview
 * (SniffResult.notes), the CLI prints them ("note: ..." / "warning: ...", and `notes` in --json).
 */
export interface ReadNote {
  code: ReadNoteCode;
  /** A guess the user should check, or data left out: shown as a warning, not a plain note. */
  warning: boolean;
  /** English, naming the file and the rows: "leads.csv: rows 1 to 2 are above the header row ...". */
  message: string;
  /** Rows the note is about (1-based, as the preview numbers them). */
  rows?: number[];
}

/** A note on `file`. */
export function note(file: string, code: ReadNoteCode, detail: string, extra: { warning?: boolean; rows?: number[] } = {}): ReadNote {
  return { code, warning: extra.warning ?? false, message: `${file}: ${detail}`, ...(extra.rows ? { rows: extra.rows } : {}) };
}
