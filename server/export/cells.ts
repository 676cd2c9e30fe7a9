/**
 * Cell values as export formats write them. Values arrive as postgres.js hands them: text and
 * numeric as strings, bigint as numbers, dates as 'YYYY-MM-DD', timestamptz as Date, booleans.
 */
import type { Column } from './columns.ts';

/** Spreadsheet apps run cells starting with these as formulas (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A signed plain number ("-5", "+33612345678", "-12.5") is data a spreadsheet reads as a number, never a formula. */
const SIGNED_NUMBER = /^[+-]?\d+([.,]\d+)?$/;

/** True when a spreadsheet would run this text as a formula. */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !SIGNED_NUMBER.test(text);
}

/**
 * Neutralizes a cell that a spreadsheet would run as a formula (OWASP CSV injection advice):
 * a leading `'`. Signed plain numbers and E.164 phones are left as they are.
 * @example safeCell('=HYPERLINK("http://x")') // `'=HYPERLINK("http://x")`
 */
export function safeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'number') return s;
  return isFormulaLike(s) ? `'${s}` : s;
}

/** A database value as plain text: dates as YYYY-MM-DD, date-times as ISO 8601 UTC, null as ''. */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** Text of a cell for a spreadsheet-bound text format (CSV, TSV): text columns neutralized, the rest plain. */
export function spreadsheetText(col: Column, value: unknown): string {
  const text = plainText(value);
  return col.kind === 'text' ? safeCell(text) : text;
}

/**
 * A number cell value when the number survives the trip through a double (15 significant
 * digits), else undefined: such values stay text so no digit is lost.
 */
export function exactNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) return undefined;
  const digits = value.replace(/^[+-]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= 15 ? n : undefined;
}

/** A value for a JSON export: numbers as numbers when exact, dates as text, null as null. */
export function jsonValue(col: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (col.kind === 'integer' || col.kind === 'number') return exactNumber(value) ?? String(value);
  return value;
}
