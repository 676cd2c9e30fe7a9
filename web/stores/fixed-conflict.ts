import { fixedValueOf, HeaderError, mapHeaders } from '../../shared/mapping/index.ts';
import type { DatasetSchema } from '../../shared/schema.ts';

/** A file column that would feed a field whose value is fixed for every row, as the mapping step shows it. */
export interface FixedConflict {
  /** 1-based column. */
  column: number;
  header: string;
  field: string;
  value: string;
  /** The dataset definition fixes it (a constant), not this import's "same value for every row". */
  byDataset: boolean;
}

/**
 * What a `fixed_field_column` refusal is about: mapHeaders names the column, and the field is
 * the one that column feeds once no value is fixed (its manual choice or its header's match).
 */
export function fixedConflictOf(error: unknown, headers: readonly string[], schema: DatasetSchema,
  manual: Readonly<Record<string, string>>, values: Readonly<Record<string, string>>): FixedConflict | null {
  if (!(error instanceof HeaderError) || error.code !== 'fixed_field_column') return null;
  const unfixed: DatasetSchema = { ...schema, fields: schema.fields.map(({ constant: _constant, ...f }) => f) };
  let name: string | null | undefined;
  try {
    name = mapHeaders(headers, unfixed, { manual: { ...manual } }).columns[error.column - 1]?.field;
  } catch {
    name = undefined;
  }
  const field = schema.fields.find((f) => f.name === name);
  const fixed = field && fixedValueOf(field, { values });
  if (!field || !fixed) return null;
  return { column: error.column, header: error.header, field: field.name, value: fixed.text, byDataset: fixed.constant !== undefined };
}
