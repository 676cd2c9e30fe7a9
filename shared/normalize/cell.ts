/**
 * Checks every cell gets whatever its field type: forbidden characters, length cap and
 * spreadsheet-formula look-alikes.
 */
import type { FieldDef, Normalized } from '../schema.ts';

/** Length cap for any cell whose field sets no `max` length. */
export const DEFAULT_MAX_LENGTH = 10_000;

// C0 controls except tab (09), LF (0A) and CR (0D).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
// U+FFFD (what a decoder puts for bytes it cannot read) and lone UTF-16 surrogates: the
// cell's text is not what the user wrote. Wire rows carry these in place of NUL bytes.
const UNREADABLE = /\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Any character either check above looks for: one scan clears a clean cell (nearly all of them).
// eslint-disable-next-line no-control-regex -- as above
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFD]/;
const FORMULA_START = /^[=+\-@]/;
// "+33 7 61 22 33 44" or "-12.5" start like a formula but are harmless data.
const HARMLESS = /^[+-]?[\d\s().,/-]*\d[\d\s().,/-]*$/;

/** The field's label for messages: its name, which is what the user maps columns to. */
export function fieldName(field: FieldDef): string {
  return field.name;
}

/** An error result: the value is dropped, the raw text kept. */
export function failed(raw: string, code: NonNullable<Normalized['error']>['code'], message: string): Normalized {
  return { value: null, raw, error: { code, message } };
}

/** Short, quoted form of a cell for messages, so a 10 kB cell does not flood the report. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** The forbidden-character error for a cell, or undefined when the cell is clean. */
export function checkCharacters(field: FieldDef, raw: string): Normalized | undefined {
  if (!SUSPECT.test(raw)) return undefined;
  const unreadable = UNREADABLE.exec(raw);
  if (unreadable) {
    return failed(raw, 'forbidden_character',
      `${fieldName(field)} has a character that could not be read at position ${unreadable.index + 1} (is the file's encoding right?)`);
  }
  const found = FORBIDDEN.exec(raw);
  if (!found) return undefined;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return failed(raw, 'forbidden_character',
    `${fieldName(field)} contains a forbidden control character (U+${code}) at position ${found.index + 1}`);
}

/** The length limit a field puts on its text: `max` for text-like fields, else the global cap. */
export function lengthLimit(field: FieldDef): number {
  if ((field.type === 'text' || field.type === 'email') && field.max !== undefined) return field.max;
  return DEFAULT_MAX_LENGTH;
}

/** The too-long error for trimmed text, or undefined when it fits. */
export function checkLength(field: FieldDef, raw: string, text: string): Normalized | undefined {
  const limit = lengthLimit(field);
  if (text.length <= limit) return undefined;
  // Count code points, as the validator does, only once the cheap UTF-16 length is over.
  const length = [...text].length;
  if (length <= limit) return undefined;
  return failed(raw, 'too_long',
    `${fieldName(field)} has ${length} characters, more than the maximum ${limit}`);
}

/** True when text would run as a formula if opened in a spreadsheet (CSV injection). */
export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text) && !HARMLESS.test(text);
}
