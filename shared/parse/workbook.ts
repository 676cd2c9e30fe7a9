import { read, type CellObject, type WorkBook, type WorkSheet } from '@e965/xlsx';
import { ParseError } from './errors.ts';
import { isBlankCells, type RawRecord } from './record.ts';
import { CellNotes, cellText } from './workbook-cells.ts';
import { isZip, listZipEntries } from './zip-entries.ts';

/** Limits that keep a hostile or absurd workbook from exhausting memory. */
export interface WorkbookLimits {
  /** Largest file accepted, in bytes (default 200 MB). */
  maxBytes?: number;
  /** Largest total declared uncompressed size of a ZIP workbook (default 400 MB). */
  maxUncompressedBytes?: number;
  /** Most cells (rows × columns of the used range, summed over sheets) (default 2,000,000). */
  maxCells?: number;
}

export interface WorkbookOptions extends WorkbookLimits {
  /** Sheet to read; by default the first sheet that looks like data. */
  sheet?: string;
  /** File name for error messages. */
  file?: string;
}

export interface WorkbookRecords {
  /** Every sheet, in workbook order, for a sheet picker. */
  sheets: string[];
  /** The sheets the workbook hides (a picker marks them); never read unless asked for. */
  hidden: string[];
  /** The sheet read. */
  sheet: string;
  /** Non-blank rows; `row` is the sheet's row number, cells are indexed by column (A = 0). */
  records: RawRecord[];
  /**
   * What the user must be told about how the sheet was read, naming sheet, column and rows:
   * numbers read as the text their format shows, error codes, durations, formulas without a
   * saved result, a hidden sheet passed over or read.
   */
  notes: string[];
}

export const WORKBOOK_LIMITS: Required<WorkbookLimits> = {
  maxBytes: 200 * 1000 * 1000,
  maxUncompressedBytes: 400 * 1000 * 1000,
  maxCells: 4_000_000,
};

/**
 * Reads one sheet of an XLSX, XLS or ODS workbook (SheetJS, dense mode, whole file: SheetJS
 * has no streaming reader) as text records (see cellText: dates as 'YYYY-MM-DD', numbers as
 * plain full-precision text unless their format pads them, durations and error codes as shown),
 * by default the first visible sheet that holds data; `notes` tells the user every such reading.
 * Refuses absurd workbooks (file, unpacked size or cell count over the limits) with a ParseError.
 * @example readWorkbookRecords(bytes, {}).sheet // 'Clientes' (not the cover note 'Notas')
 */
export function readWorkbookRecords(data: Uint8Array | ArrayBuffer, opts: WorkbookOptions = {}): WorkbookRecords {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const limits = { ...WORKBOOK_LIMITS, ...definedOnly(opts) };
  const where = opts.file === undefined ? {} : { file: opts.file };
  checkWorkbookSize(bytes, limits, opts.file);

  let book: WorkBook;
  try {
    // cellNF: the number formats say which numbers are shown padded or shaped (zip codes) and
    // which are durations; sheetStubs: a formula saved without its result is otherwise dropped
    book = read(bytes, { type: 'array', dense: true, cellDates: true, cellNF: true, sheetStubs: true, cellHTML: false, cellText: false });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ParseError({ code: 'UNREADABLE_WORKBOOK', detail: `cannot read this workbook (${reason})`, cause: err, ...where });
  }

  const sheets = book.SheetNames.slice();
  let cells = 0;
  for (const name of sheets) cells += usedCells(book.Sheets[name]);
  if (cells > limits.maxCells) {
    throw new ParseError({
      code: 'WORKBOOK_TOO_LARGE',
      detail: `this workbook holds ${cells} cells, more than the ${limits.maxCells} Sluice reads at once; split it or save the sheet as CSV`,
      ...where,
    });
  }

  const hidden = sheets.filter((_, i) => (book.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0);
  const notes: string[] = [];
  let sheet: string;
  if (opts.sheet !== undefined) {
    if (!sheets.includes(opts.sheet)) {
      throw new ParseError({
        code: 'SHEET_NOT_FOUND',
        detail: `no sheet named "${opts.sheet}" (sheets: ${sheets.map((s) => `"${s}"`).join(', ')})`,
        ...where,
      });
    }
    sheet = opts.sheet;
    if (hidden.includes(sheet)) notes.push(`sheet "${sheet}" is hidden in the workbook; it was read because it was chosen`);
  } else {
    sheet = pickSheet(book, sheets, hidden);
    const passed = hidden.filter((name) => sheets.indexOf(name) < sheets.indexOf(sheet) && usedCells(book.Sheets[name]) > 0);
    for (const name of passed) notes.push(`sheet "${name}" is hidden in the workbook and was not read; choose it to import it`);
  }
  const cellNotes = new CellNotes();
  const records = sheetRecords(book.Sheets[sheet], cellNotes, book.Workbook?.WBProps?.date1904 === true);
  return { sheets, hidden, sheet, records, notes: [...notes, ...cellNotes.list(sheet)] };
}

/** The first visible sheet that looks like data, else the first visible one with cells; hidden ones only when nothing else has any. */
function pickSheet(book: WorkBook, sheets: string[], hidden: string[]): string {
  const visible = sheets.filter((name) => !hidden.includes(name));
  for (const candidates of [visible, sheets]) {
    const found = candidates.find((name) => looksLikeData(book.Sheets[name])) ?? candidates.find((name) => usedCells(book.Sheets[name]) > 0);
    if (found !== undefined) return found;
  }
  return visible[0] ?? sheets[0] ?? '';
}

/** Refuses a workbook by its size, and a ZIP one by its declared unpacked size, before parsing. */
export function checkWorkbookSize(bytes: Uint8Array, limits: WorkbookLimits = {}, file?: string): void {
  const { maxBytes, maxUncompressedBytes } = { ...WORKBOOK_LIMITS, ...definedOnly(limits) };
  const where = file === undefined ? {} : { file };
  if (bytes.byteLength > maxBytes) {
    throw new ParseError({
      code: 'WORKBOOK_TOO_LARGE',
      detail: `this workbook is ${mb(bytes.byteLength)}, more than the ${mb(maxBytes)} Sluice reads at once; save the sheet as CSV`,
      ...where,
    });
  }
  if (!isZip(bytes)) return;
  const entries = listZipEntries(bytes);
  if (!entries) return; // SheetJS will say it is damaged
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > maxUncompressedBytes) {
    throw new ParseError({
      code: 'WORKBOOK_TOO_LARGE',
      detail: `this workbook unpacks to ${mb(total)}, more than the ${mb(maxUncompressedBytes)} Sluice accepts (a damaged or hostile file?)`,
      ...where,
    });
  }
}

function rowsOf(sheet: WorkSheet | undefined): (CellObject[] | undefined)[] {
  return (sheet?.['!data'] as (CellObject[] | undefined)[] | undefined) ?? [];
}

/** A cell that holds nothing: absent, or a stub (a formatted blank) that is not a formula. */
function isEmptyCell(cell: CellObject | undefined): boolean {
  return !cell || (cell.t === 'z' && cell.f === undefined);
}

/** Columns of a row up to its last cell that holds something (blank formatted stubs do not count). */
function rowWidth(row: CellObject[] | undefined): number {
  if (!row) return 0;
  let width = row.length;
  while (width > 0 && isEmptyCell(row[width - 1])) width--;
  return width;
}

/** Rows × columns of the used part of a sheet. */
function usedCells(sheet: WorkSheet | undefined): number {
  const rows = rowsOf(sheet);
  let width = 0;
  let height = 0;
  rows.forEach((row, r) => {
    const w = rowWidth(row);
    if (w > 0) {
      width = Math.max(width, w);
      height = r + 1;
    }
  });
  return width * height;
}

/** More than one row with at least two filled cells. */
function looksLikeData(sheet: WorkSheet | undefined): boolean {
  let tableRows = 0;
  for (const row of rowsOf(sheet)) {
    if (!row) continue;
    let filled = 0;
    for (const cell of row) if (cellText(cell).trim() !== '' && ++filled >= 2) break;
    if (filled >= 2 && ++tableRows > 1) return true;
  }
  return false;
}

function sheetRecords(sheet: WorkSheet | undefined, notes: CellNotes, date1904: boolean): RawRecord[] {
  const records: RawRecord[] = [];
  const rows = rowsOf(sheet);
  const width = rows.reduce((w, row) => Math.max(w, rowWidth(row)), 0);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const cells: string[] = new Array<string>(width);
    for (let c = 0; c < width; c++) cells[c] = cellText(row[c], { row: r + 1, column: c, notes }, date1904);
    if (!isBlankCells(cells)) records.push({ row: r + 1, cells });
  }
  return records;
}

function definedOnly<T extends object>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of ['maxBytes', 'maxUncompressedBytes', 'maxCells'] as const) {
    const value = (obj as WorkbookLimits)[key];
    if (value !== undefined) (out as WorkbookLimits)[key] = value;
  }
  return out;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1e5) / 10} MB`;
}
