/**
 * Normalizers: one cell of text in, one typed value out, with the raw text kept beside it.
 * `normalizeValue` is the single entry point; it finds the field type's normalizer in `types.ts`.
 */
import type { FieldDef, Normalized, Value } from '../schema.ts';
import { checkCharacters, checkLength } from './cell.ts';
import type { NormalizeContext } from './context.ts';
import { normalizerOf } from './types.ts';

export type { NormalizeContext } from './context.ts';
export { foldKey, foldCase } from './fold.ts';
export { DEFAULT_MAX_LENGTH, isFormulaLike } from './cell.ts';
export { isEmail } from './email.ts';
export { toE164 } from './phone.ts';
export { readRut, rutCheckDigit } from './rut.ts';
export { FIELD_TYPES, normalizerOf, type Normalizer } from './types.ts';
export { parseNumber, type ParsedNumber } from './number.ts';
export { parseBoolean } from './boolean.ts';
export { matchEnum } from './enum.ts';
export { fromExcelSerial, isRealDate } from './date.ts';

/**
 * Normalizes one cell for a field: trims, rejects control characters and oversize text,
 * then reads the value by field type. Empty means null; `required` is the validator's job.
 * @example normalizeValue({ name: 'phone', type: 'phone' }, '07.61.22.33.44', { defaultCountry: 'FR' }).value === '+33761223344'
 */
export function normalizeValue(field: FieldDef, raw: string, ctx: NormalizeContext = {}): Normalized {
  const forbidden = checkCharacters(field, raw);
  if (forbidden) return forbidden;
  const text = raw.trim();
  if (text === '') return { value: null, raw };
  const tooLong = checkLength(field, raw, text);
  if (tooLong) return tooLong;
  const normalize = normalizerOf(field.type);
  // A schema from JSON may name a type this build does not know: refuse, never guess.
  if (!normalize) return { value: null, raw, error: { code: 'unknown_field_type', message: `unknown field type ${String(field.type)}` } };
  return normalize(field, text, raw, ctx);
}

/** Canonical text of a normalized value: normalizing it again gives the same value. @example toText(true) === 'true' */
export function toText(value: Value): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
