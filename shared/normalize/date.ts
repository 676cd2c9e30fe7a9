import type { DateOrder, FieldDef, IssueCode, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';
import type { NormalizeContext } from './context.ts';

/** A calendar date read from text, with the warnings the user should see about how it was read. */
export interface ParsedDate {
  year: number;
  month: number;
  day: number;
  /** Whatever followed the date (a time of day), trimmed; '' when none. */
  rest: string;
  /** Time of day carried by an Excel serial's fraction, in milliseconds. */
  serialMs?: number;
  warnings: { code: IssueCode; message: string }[];
}

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(.*))?$/;
const DMY = /^(\d{1,2})[/\-.,](\d{1,2})[/\-.,](\d{4}|\d{2})(?:\s+(.*))?$/;
const SERIAL = /^\d{5}(?:\.\d+)?$/;
const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-31 but it counts a 29 Feb 1900 that never was, so from day 61
// on (the only range we accept) serial n is n days after 1899-12-30.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when year-month-day is a real calendar date (no 31 February), in the proleptic Gregorian calendar `Date` uses. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= MONTH_DAYS[month - 1]! + (leap ? 1 : 0);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` for a year, month and day. */
export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The date and fraction of a day an Excel serial number (1900 date system) stands for. */
export function fromExcelSerial(serial: number): { year: number; month: number; day: number; ms: number } {
  const days = Math.floor(serial);
  const d = new Date(EXCEL_EPOCH + days * DAY_MS);
  const ms = Math.round((serial - days) * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), ms };
}

function twoDigitYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
}

/**
 * Reads the date at the start of `text`: ISO (year first), day/month/year in the given
 * order, or an Excel serial (20000..80000). Null when no date shape is found; an
 * impossible date (31/02) comes back with month/day as written so the caller can say so.
 */
export function parseDate(field: FieldDef, text: string, ctx: NormalizeContext): ParsedDate | null {
  const iso = YMD.exec(text);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), rest: (iso[4] ?? '').trim(), warnings: [] };

  if (SERIAL.test(text)) {
    const serial = Number(text);
    if (serial < 20_000 || serial > 80_000) return null;
    const { year, month, day, ms } = fromExcelSerial(serial);
    return {
      year, month, day, rest: '', serialMs: ms,
      warnings: [{
        code: 'excel_serial_date',
        message: `${fieldName(field)} ${quote(text)} looks like an Excel date number and was read as ${formatDate(year, month, day)}`,
      }],
    };
  }

  const dmy = DMY.exec(text);
  if (!dmy) return null;
  const order: DateOrder = ctx.dateOrder ?? ctx.assumedDateOrder ?? 'dmy';
  const first = Number(dmy[1]);
  const second = Number(dmy[2]);
  const [day, month] = order === 'dmy' ? [first, second] : [second, first];
  const year = twoDigitYear(dmy[3]!);
  const warnings: ParsedDate['warnings'] = [];
  if (!ctx.dateOrder && first <= 12 && second <= 12 && first !== second && isRealDate(year, month, day)) {
    const reading = order === 'dmy' ? 'day/month/year' : 'month/day/year';
    warnings.push({
      code: 'ambiguous_date',
      message: `${fieldName(field)} ${quote(text)} could be day/month or month/day; read as ${reading}: ${formatDate(year, month, day)}`,
    });
  }
  return { year, month, day, rest: (dmy[4] ?? '').trim(), warnings };
}

/** The invalid-date result for a cell. */
export function invalidDate(field: FieldDef, text: string, raw: string, why = 'is not a valid date'): Normalized {
  return failed(raw, 'invalid_date', `${fieldName(field)} ${quote(text)} ${why}`);
}

const TIME_PART = /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/** Normalizes a date cell to `YYYY-MM-DD`; a time part, if any, is dropped. */
export function normalizeDate(field: FieldDef, text: string, raw: string, ctx: NormalizeContext): Normalized {
  const parsed = parseDate(field, text, ctx);
  if (!parsed || (parsed.rest !== '' && !TIME_PART.test(parsed.rest))) {
    return invalidDate(field, text, raw, 'is not a date (expected YYYY-MM-DD or day/month/year)');
  }
  if (!isRealDate(parsed.year, parsed.month, parsed.day)) return invalidDate(field, text, raw, 'is not a real calendar date');
  const value = formatDate(parsed.year, parsed.month, parsed.day);
  return parsed.warnings.length ? { value, raw, warnings: parsed.warnings } : { value, raw };
}
