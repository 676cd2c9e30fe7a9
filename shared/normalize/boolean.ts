import type { FieldDef, Normalized } from '../schema.ts';
import { failed, fieldName, quote } from './cell.ts';
import { foldCase } from './fold.ts';

// English, French and Spanish spellings, compared without case or accents ("Sí" → "si");
// a status column's activo/inactivo reads as a flag too.
const TRUE = new Set(['true', 't', 'yes', 'y', '1', 'x', 'oui', 'o', 'vrai', 'si', 'verdadero', 'v', 'activo', 'activa']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', 'non', 'faux', 'falso', 'inactivo', 'inactiva']);

/** Reads yes/no in English, French or Spanish; undefined when the text is neither. */
export function parseBoolean(text: string): boolean | undefined {
  const key = foldCase(text);
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  return undefined;
}

/** Normalizes a boolean cell to a JS boolean. */
export function normalizeBoolean(field: FieldDef, text: string, raw: string): Normalized {
  const value = parseBoolean(text);
  if (value !== undefined) return { value, raw };
  return failed(raw, 'invalid_boolean', `${fieldName(field)} ${quote(text)} is not yes/no (true/false, oui/non, sí/no, activo/inactivo, 1/0)`);
}
