import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { FieldDef, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';

// "max" metadata: the only one that tells a mobile from a landline and checks number
// ranges, not just lengths, for FR, CO, US, ES and the rest.

/**
 * Phone parsing is a hot spot; files repeat numbers, so keep recent results in two
 * generations: when the young one is full it becomes the old one and the oldest results go.
 * (Evicting one key at a time from a Map, oldest first, costs more than the parse: V8 leaves
 * the deleted slots for every later `keys().next()` to skip.)
 */
const GENERATION_LIMIT = 10_000;
let young = new Map<string, string | null>();
let old = new Map<string, string | null>();

function remember(key: string, e164: string | null): void {
  if (young.size >= GENERATION_LIMIT) {
    old = young;
    young = new Map();
  }
  young.set(key, e164);
}

/** E.164 form of a phone number, or null when it is not a valid number. @example toE164('07.61.22.33.44', 'FR') === '+33761223344' */
export function toE164(text: string, defaultCountry?: string): string | null {
  const country = defaultCountry?.toUpperCase();
  const key = `${country ?? ''}\u0001${text}`;
  const recent = young.get(key);
  if (recent !== undefined) return recent;
  const earlier = old.get(key);
  if (earlier !== undefined) {
    remember(key, earlier);
    return earlier;
  }
  const parsed = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  const e164 = parsed?.isValid() ? parsed.number : null;
  remember(key, e164);
  return e164;
}

/** Normalizes a phone cell to E.164 using the field's or the import's default country. */
export function normalizePhone(field: FieldDef, text: string, raw: string, defaultCountry?: string): Normalized {
  const country = field.defaultCountry ?? defaultCountry;
  const e164 = toE164(text, country);
  if (e164 !== null) return { value: e164, raw };
  const hint = text.startsWith('+') || text.startsWith('00') || country
    ? (country ? ` (default country ${country.toUpperCase()})` : '')
    : ' (no country code and no default country)';
  return failed(raw, 'invalid_phone', `${fieldName(field)} ${quote(text)} is not a valid phone number${hint}`);
}
