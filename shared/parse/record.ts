/** One record of a file, before any mapping: raw cell texts and where the user will find it. */
export interface RawRecord {
  /** 1-based row number as a spreadsheet (or, for JSON/TXT, an editor) shows it. */
  row: number;
  cells: string[];
}

/** A record is blank when every cell is empty or whitespace. */
export function isBlankCells(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}
