/**
 * Cell values as export formats write them. Values arrive as postgres.js hands them: text and
 * numeric as strings, bigint as numbers, dates as 'YYYY-MM-DD', timestamptz as Date, booleans.
 */
import { neutralizeFormula } from '../../shared/csv/cell.ts';
import type { Column } from './columns.ts';
import type { ExportRow } from './formats/format.ts';

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
  return col.kind === 'text' ? neutralizeFormula(text) : text;
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

/** A record for a JSON or NDJSON export: every column by name, values as jsonValue gives them. */
export function jsonRecord(columns: Column[], row: ExportRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.name] = jsonValue(c, row[c.name]);
  return out;
}
