import type { FieldDef, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';

/** A number read from text, and whether it was written in scientific notation. */
export interface ParsedNumber {
  value: number;
  scientific: boolean;
}

// Canonical form: what String(number) writes. Always decimal-dot, so normalizing twice is stable.
const CANONICAL = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
// 1 234 567 / 1'234'567 with space, NBSP, narrow NBSP, thin space or apostrophes; optional decimals.
const SPACE_GROUPS = /^[+-]?\d{1,3}(?:[ \u00A0\u202F\u2009'’]\d{3})+(?:[.,]\d+)?$/;
const COMMA_GROUPS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const DOT_GROUPS = /^[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$/;
const DOT_GROUPS_DECIMAL_COMMA = /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

function finite(text: string, scientific = false): ParsedNumber | null {
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  return { value: value === 0 ? 0 : value, scientific };
}

/** Reads a number as people write it in English, French and Spanish files; null when it is not one. @example parseNumber('1.234,5')?.value === 1234.5 */
export function parseNumber(input: string): ParsedNumber | null {
  const text = input.replace(/^\u2212/, '-');
  if (CANONICAL.test(text)) return finite(text);
  if (SCIENTIFIC.test(text)) return finite(text.replace(',', '.'), true);
  if (SPACE_GROUPS.test(text)) return finite(text.replace(/[ \u00A0\u202F\u2009'’]/g, '').replace(',', '.'));
  if (COMMA_GROUPS.test(text)) return finite(text.replace(/,/g, ''));
  if (DOT_GROUPS.test(text) || DOT_GROUPS_DECIMAL_COMMA.test(text)) return finite(text.replace(/\./g, '').replace(',', '.'));
  if (DECIMAL_COMMA.test(text)) return finite(text.replace(',', '.'));
  return null;
}

function withScientificWarning(field: FieldDef, text: string, raw: string, value: number): Normalized {
  return {
    value,
    raw,
    warnings: [{
      code: 'scientific_notation',
      message: `${fieldName(field)} ${quote(text)} was written in scientific notation and read as ${String(value)}; check that no digits were lost`,
    }],
  };
}

/** Normalizes a decimal number cell to a JS number. */
export function normalizeNumber(field: FieldDef, text: string, raw: string): Normalized {
  const parsed = parseNumber(text);
  if (!parsed) return failed(raw, 'invalid_number', `${fieldName(field)} ${quote(text)} is not a number`);
  return parsed.scientific ? withScientificWarning(field, text, raw, parsed.value) : { value: parsed.value, raw };
}

/** Normalizes a whole-number cell; fractions and numbers beyond 2^53 are refused. */
export function normalizeInteger(field: FieldDef, text: string, raw: string): Normalized {
  const parsed = parseNumber(text);
  if (!parsed) return failed(raw, 'invalid_integer', `${fieldName(field)} ${quote(text)} is not a whole number`);
  if (!Number.isInteger(parsed.value)) {
    return failed(raw, 'invalid_integer', `${fieldName(field)} ${quote(text)} is not a whole number`);
  }
  if (!Number.isSafeInteger(parsed.value)) {
    return failed(raw, 'invalid_integer', `${fieldName(field)} ${quote(text)} is too large to store exactly`);
  }
  return parsed.scientific ? withScientificWarning(field, text, raw, parsed.value) : { value: parsed.value, raw };
}
