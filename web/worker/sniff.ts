import type { ReaderSettings } from '../staging/types.ts';
import type { SniffResult } from './api.ts';
import { openFileSource } from './read-file.ts';

/** Rows shown to the user to pick the header row from. */
const PREVIEW_ROWS = 30;

/**
 * Detects format, encoding, delimiter, sheet and header row of a file; settings the user gave
 * win over detection. Reads only the start of a text file (a workbook or JSON array whole).
 */
export async function sniffFile(file: File, settings: ReaderSettings & { knownHeaders?: string[] }): Promise<SniffResult> {
  const source = await openFileSource(file, settings);
  return {
    format: source.format,
    ...(source.encoding === undefined ? {} : { encoding: source.encoding }),
    ...(source.delimiter === undefined ? {} : { delimiter: source.delimiter }),
    ...(source.sheets === undefined ? {} : { sheets: source.sheets }),
    ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
    ...(source.hiddenSheets === undefined ? {} : { hiddenSheets: source.hiddenSheets }),
    headerRow: source.headerRow,
    headers: source.headers,
    preview: source.head.slice(0, PREVIEW_ROWS).map((r) => ({ row: r.row, cells: r.cells })),
    notes: source.notes.map((n) => ({ ...n, ...(n.rows ? { rows: [...n.rows] } : {}) })),
    ...(source.encodingConfidence === undefined ? {} : { encodingConfidence: source.encodingConfidence }),
  };
}
