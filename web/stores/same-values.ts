import { normalizeValue, toText, type NormalizeContext } from '../../shared/normalize/index.ts';
import type { DatasetSchema, FieldDef, IssueCode } from '../../shared/schema.ts';
import { checkValue } from '../../shared/validate/index.ts';

/** What a "same value for every row" text reads as for its field, checked like a cell. */
export interface SameValueCheck {
  /** The canonical text every row gets ('' when the text is empty or invalid). */
  stored: string;
  problem?: { code: IssueCode; message: string };
}

/** The normalizing context an import's options give (as the pipeline builds it). */
export function sameValueContext(schema: DatasetSchema, country: string): NormalizeContext {
  return { defaultCountry: country || schema.defaultCountry, assumedDateOrder: schema.dateOrder };
}

/** Reads `text` as a cell of `field` would be read, then checks ranges, lengths, patterns and validators. */
export function checkSameValue(field: FieldDef, text: string, ctx: NormalizeContext): SameValueCheck {
  const cell = normalizeValue(field, text, ctx);
  if (cell.error) return { stored: '', problem: cell.error };
  const problem = checkValue(field, cell.value)[0];
  if (problem) return { stored: '', problem };
  return { stored: toText(cell.value) ?? '' };
}

/**
 * The import's `values` from what the user typed: only fields of the dataset that no
 * constant fixes, and only non-empty texts (a box ticked but left empty fixes nothing).
 */
export function importValues(schema: DatasetSchema | null, typed: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of schema?.fields ?? []) {
    const text = typed[field.name];
    if (field.constant === undefined && text !== undefined && text.trim() !== '') values[field.name] = text;
  }
  return values;
}
