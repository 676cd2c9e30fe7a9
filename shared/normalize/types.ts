/**
 * The field types, one line each: the type's name and the normalizer that reads its cells.
 * A new type is one new file and one line here (and its name in `FieldType`).
 */
import type { FieldDef, FieldType, Normalized } from '../schema.ts';
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

/** Reads one trimmed, non-empty cell of a field of its type. */
export type Normalizer = (field: FieldDef, text: string, raw: string, ctx: NormalizeContext) => Normalized;

const NORMALIZERS: Readonly<Record<FieldType, Normalizer>> = {
  text: normalizeText,
  email: normalizeEmail,
  phone: (field, text, raw, ctx) => normalizePhone(field, text, raw, ctx.defaultCountry),
  integer: normalizeInteger,
  number: normalizeNumber,
  date: normalizeDate,
  datetime: normalizeDatetime,
  boolean: normalizeBoolean,
  enum: normalizeEnum,
  rut: normalizeRut,
};

/** Every field type this build knows, in the order above. */
export const FIELD_TYPES = Object.keys(NORMALIZERS) as readonly FieldType[];

/** The normalizer of a field type, or undefined for a name this build does not know (a definition from JSON may name one). */
export function normalizerOf(type: string): Normalizer | undefined {
  return Object.hasOwn(NORMALIZERS, type) ? NORMALIZERS[type as FieldType] : undefined;
}
