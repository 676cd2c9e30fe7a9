import { SSF, type CellObject } from '@e965/xlsx';
import { canonicalNumber } from './number-text.ts';

/** What reading a cell changed or could not read; told once per sheet column and kind. */
export type CellNoteKind = 'shown' | 'error' | 'elapsed' | 'no_result';

/** Where a cell is, for the notes: 1-based sheet row, 0-based column. */
export interface CellAt {
  row: number;
  column: number;
  notes: CellNotes;
}

/** Spreadsheet error codes by the number SheetJS stores (the BIFF error numbers). */
const ERROR_CODES: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

const DAY = 86_400_000;

/**
 * The serial number (days since the epoch of the workbook's date system) SheetJS made a date
 * from: before 1900-03-01 the 1900 system counts from 1899-12-31 (Lotus' phantom 1900-02-29).
 */
function serialOf(date: Date, date1904: boolean): number {
  if (date1904) return (date.getTime() - Date.UTC(1904, 0, 1)) / DAY;
  const early = (date.getTime() - Date.UTC(1899, 11, 31)) / DAY;
  return early < 60 ? early : (date.getTime() - Date.UTC(1899, 11, 30)) / DAY;
}

/**
 * Text of one cell as the user means it: dates as 'YYYY-MM-DD' (or ISO date-time), numbers as
 * plain full-precision text, except where the sheet's own format pads or shapes a whole number
 * (`00000`, `00000-0000`, `000-00-0000`: Excel's Zip and SSN formats), which reads as the text
 * shown, `01234`; an elapsed time (`[h]:mm:ss`) reads as the duration shown, `36:00:00`, not a
 * date; an error cell keeps its code (`#DIV/0!`). With `at`, every such reading is noted.
 */
export function cellText(cell: CellObject | undefined, at?: CellAt, date1904 = false): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
      return typeof cell.v === 'string' ? cell.v : String(cell.v ?? '');
    case 'n':
      return typeof cell.v === 'number' ? numberText(cell.v, cell.z, at) : '';
    case 'd':
      if (!(cell.v instanceof Date)) return String(cell.v ?? '');
      return isElapsed(cell.z) ? elapsedText(cell.v, String(cell.z), at, date1904) : dateText(cell.v);
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'e': {
      const code = cell.w ?? (typeof cell.v === 'number' ? ERROR_CODES[cell.v] : undefined) ?? '#ERROR';
      at?.notes.add('error', at, code);
      return code;
    }
    case 'z':
      if (cell.f !== undefined) at?.notes.add('no_result', at, `=${cell.f}`);
      return '';
    default:
      return '';
  }
}

function numberText(value: number, format: unknown, at: CellAt | undefined): string {
  const plain = spreadsheetNumber(value);
  if (!Number.isInteger(value) || !shapesDigits(format)) return plain;
  let shown: string;
  try {
    shown = SSF.format(format, value);
  } catch {
    return plain;
  }
  if (shown === plain || !/\d/.test(shown)) return plain;
  at?.notes.add('shown', at, `${plain} shown as "${shown}"`);
  return shown;
}

/**
 * True for a whole-number format that only pads with zeros or adds literal separators
 * (`00000`, `00000\-0000`, `000-00-0000`, `[<=9999999]###-####;(###) ###-####`): what it shows
 * is the value, so the text shown is what the user typed. Formats that round, group thousands,
 * scale (%) or write dates are not.
 */
function shapesDigits(format: unknown): format is string {
  if (typeof format !== 'string' || format === '' || format === 'General') return false;
  const bare = format
    .replace(/"[^"]*"/g, '-')
    .replace(/\\./g, '-')
    .replace(/\[(?:<|>|=|<=|>=|<>)[0-9.]+\]/g, '');
  return /^[0#?\-\s()/;+]+$/.test(bare) && /0|-|\(/.test(bare);
}

/** A format that counts elapsed hours, minutes or seconds past a day: `[h]:mm:ss`, `[mm]:ss`. */
function isElapsed(format: unknown): boolean {
  return typeof format === 'string' && /\[(h+|m+|s+)\]/i.test(format);
}

function elapsedText(date: Date, format: string, at: CellAt | undefined, date1904: boolean): string {
  const serial = serialOf(date, date1904);
  let shown: string;
  try {
    shown = SSF.format(format, serial);
  } catch {
    return dateText(date);
  }
  at?.notes.add('elapsed', at, shown);
  return shown;
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

const WHAT: Record<CellNoteKind, string> = {
  shown: 'numbers whose format pads or shapes them were read as the text the sheet shows',
  error: 'error cells were read as their error code',
  elapsed: 'elapsed times were read as the duration the sheet shows, not as dates',
  no_result: 'formulas saved without a result read as empty; open the file in a spreadsheet app, let it calculate, save it and import it again',
};

/** Rows listed by name in a note; the rest are counted. */
const LISTED_ROWS = 3;

/** The notes of one sheet's cells, one per column and kind, naming the first rows and an example. */
export class CellNotes {
  private readonly byKey = new Map<string, { kind: CellNoteKind; column: number; rows: number[]; count: number; example: string }>();

  add(kind: CellNoteKind, at: { row: number; column: number }, example: string): void {
    const key = `${kind}:${at.column}`;
    const note = this.byKey.get(key) ?? { kind, column: at.column, rows: [], count: 0, example: `row ${at.row}: ${example}` };
    this.byKey.set(key, note);
    note.count++;
    if (note.rows.length < LISTED_ROWS) note.rows.push(at.row);
  }

  /** One sentence per column and kind: `sheet "Contacts", column B, rows 2 and 3: ... (row 2: 1234 shown as "01234")`. */
  list(sheet: string): string[] {
    return [...this.byKey.values()].map(({ kind, column, rows, count, example }) => {
      const more = count - rows.length;
      const where = `${rows.length > 1 ? 'rows' : 'row'} ${rows.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
      return `sheet "${sheet}", column ${columnLetters(column)}, ${where}: ${WHAT[kind]} (${example})`;
    });
  }
}

/** 0 → A, 25 → Z, 26 → AA. */
function columnLetters(column: number): string {
  let s = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
