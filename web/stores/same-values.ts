import type { NormalizeContext } from '../../shared/normalize/index.ts';
import type { DatasetSchema } from '../../shared/schema.ts';


/** The normalizing context an import's options give (as the pipeline builds it). */
export function sameValueContext(schema: DatasetSchema, country: string): NormalizeContext {
  return { defaultCountry: country || schema.defaultCountry, assumedDateOrder: schema.dateOrder };
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
