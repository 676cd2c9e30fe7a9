import { read, type CellObject, type WorkBook, type WorkSheet } from '@e965/xlsx';
import { ParseError } from './errors.ts';
import { canonicalNumber } from './number-text.ts';
import { isBlankCells, type RawRecord } from './record.ts';
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
  /** The sheet read. */
  sheet: string;
  /** Non-blank rows; `row` is the sheet's row number, cells are indexed by column (A = 0). */
  records: RawRecord[];
}

export const WORKBOOK_LIMITS: Required<WorkbookLimits> = {
  maxBytes: 200 * 1000 * 1000,
  maxUncompressedBytes: 400 * 1000 * 1000,
  maxCells: 4_000_000,
};

/**
 * Reads one sheet of an XLSX, XLS or ODS workbook (SheetJS, dense mode, whole file: SheetJS
 * has no streaming reader) as text records: dates as 'YYYY-MM-DD' (or ISO date-time when they
 * hold a time) with no timezone drift, numbers as plain full-precision text, text as-is.
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
    book = read(bytes, { type: 'array', dense: true, cellDates: true, cellNF: false, cellHTML: false, cellText: false });
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
  } else {
    sheet = sheets.find((name) => looksLikeData(book.Sheets[name])) ?? sheets.find((name) => usedCells(book.Sheets[name]) > 0) ?? sheets[0] ?? '';
  }
  return { sheets, sheet, records: sheetRecords(book.Sheets[sheet]) };
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

/** Text of one cell as the user means it. */
export function cellText(cell: CellObject | undefined): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
      return typeof cell.v === 'string' ? cell.v : String(cell.v ?? '');
    case 'n':
      return typeof cell.v === 'number' ? spreadsheetNumber(cell.v) : '';
    case 'd':
      return cell.v instanceof Date ? dateText(cell.v) : String(cell.v ?? '');
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e':
      return cell.w ?? '#ERROR';
    default:
      return '';
  }
}

/**
 * A number as plain text at the 15 significant digits a spreadsheet shows: 3104567890 stays
 * 3104567890, and the binary noise of 0.1 + 0.2 reads 0.3 as it does on screen.
 */
function spreadsheetNumber(value: number): string {
  return canonicalNumber(Number(value.toPrecision(15)));
}

/**
 * SheetJS (cellDates) hands dates whose UTC reading is the wall-clock value in the sheet; read
 * them with UTC getters so the machine's timezone never shifts a day.
 */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const y = date.getUTCFullYear();
  const ymd = `${String(y).padStart(4, '0')}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  const s = date.getUTCSeconds();
  const ms = date.getUTCMilliseconds();
  if (h === 0 && m === 0 && s === 0 && ms === 0) return ymd;
  const time = `${pad(h)}:${pad(m)}:${pad(s)}${ms ? '.' + String(ms).padStart(3, '0') : ''}`;
  // A time with no date sits on the spreadsheet epoch (1899-12-30/31): give the time alone.
  if (y === 1899 && date.getUTCMonth() === 11 && date.getUTCDate() >= 30) return time;
  return `${ymd}T${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function rowsOf(sheet: WorkSheet | undefined): (CellObject[] | undefined)[] {
  return (sheet?.['!data'] as (CellObject[] | undefined)[] | undefined) ?? [];
}

/** Rows × columns of the used part of a sheet. */
function usedCells(sheet: WorkSheet | undefined): number {
  const rows = rowsOf(sheet);
  let width = 0;
  let height = 0;
  rows.forEach((row, r) => {
    if (row && row.length > 0) {
      width = Math.max(width, row.length);
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

function sheetRecords(sheet: WorkSheet | undefined): RawRecord[] {
  const records: RawRecord[] = [];
  const rows = rowsOf(sheet);
  const width = rows.reduce((w, row) => Math.max(w, row?.length ?? 0), 0);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row) continue;
    const cells: string[] = new Array<string>(width);
    for (let c = 0; c < width; c++) cells[c] = cellText(row[c]);
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
