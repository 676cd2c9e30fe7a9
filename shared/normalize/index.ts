/**
 * Normalizers: one cell of text in, one typed value out, with the raw text kept beside it.
 * `normalizeValue` is the single entry point; it dispatches on the field type.
 */
import type { FieldDef, Normalized, Value } from '../schema.ts';
import { checkCharacters, checkLength } from './cell.ts';
import type { NormalizeContext } from './context.ts';
import { normalizeBoolean } from './boolean.ts';
import { normalizeDate } from './date.ts';
import { normalizeDatetime } from './datetime.ts';
import { normalizeEmail } from './email.ts';
import { normalizeEnum } from './enum.ts';
import { normalizeInteger, normalizeNumber } from './number.ts';
import { normalizePhone } from './phone.ts';
import { normalizeRut } from './rut.ts';
import { normalizeText } from './text.ts';

export type { NormalizeContext } from './context.ts';
export { foldKey, foldCase } from './fold.ts';
export { DEFAULT_MAX_LENGTH, isFormulaLike } from './cell.ts';
export { isEmail } from './email.ts';
export { toE164 } from './phone.ts';
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
  switch (field.type) {
    case 'text': return normalizeText(field, text, raw);
    case 'email': return normalizeEmail(field, text, raw);
    case 'phone': return normalizePhone(field, text, raw, ctx.defaultCountry);
    case 'integer': return normalizeInteger(field, text, raw);
    case 'number': return normalizeNumber(field, text, raw);
    case 'date': return normalizeDate(field, text, raw, ctx);
    case 'datetime': return normalizeDatetime(field, text, raw, ctx);
    case 'boolean': return normalizeBoolean(field, text, raw);
    case 'enum': return normalizeEnum(field, text, raw);
    case 'rut': return normalizeRut(field, text, raw);
    default: {
      // A schema from JSON may name a type this build does not know: refuse, never guess.
      const unknown: never = field.type;
      return { value: null, raw, error: { code: 'unknown_field_type', message: `unknown field type ${String(unknown)}` } };
    }
  }
}

/** Canonical text of a normalized value: normalizing it again gives the same value. @example toText(true) === 'true' */
export function toText(value: Value): string | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
