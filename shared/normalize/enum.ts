import type { FieldDef, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';
import { foldKey } from './fold.ts';

// Built once per field definition; schemas are immutable data once loaded.
const lookups = new WeakMap<FieldDef, Map<string, string>>();

function lookupFor(field: FieldDef): Map<string, string> {
  let lookup = lookups.get(field);
  if (lookup) return lookup;
  lookup = new Map();
  for (const entry of field.values ?? []) {
    for (const spelling of [entry.value, ...(entry.aliases ?? [])]) {
      const key = foldKey(spelling);
      // First spelling wins, so a later alias can never steal a canonical value.
      if (!lookup.has(key)) lookup.set(key, entry.value);
    }
  }
  lookups.set(field, lookup);
  return lookup;
}

/** The canonical enum value `text` stands for, ignoring case, accents, spaces and punctuation. */
export function matchEnum(field: FieldDef, text: string): string | undefined {
  return lookupFor(field).get(foldKey(text));
}

/** Normalizes an enum cell to its canonical value. @example 'Téléphone' → 'phone' */
export function normalizeEnum(field: FieldDef, text: string, raw: string): Normalized {
  const value = matchEnum(field, text);
  if (value !== undefined) return { value, raw };
  const allowed = (field.values ?? []).map((v) => v.value).join(', ');
  return failed(raw, 'not_in_enum', `${fieldName(field)} ${quote(text)} is not one of the allowed values: ${allowed}`);
}
