import type { DatasetSchema, Issue, Normalized } from '../schema.ts';
import { checkValue } from './rules.ts';

/**
 * The issues of one row: normalizer errors and warnings, missing required values, then
 * range/length/pattern checks. `cells` maps field name → normalized cell; a field absent
 * from it counts as empty. A field with a normalizer error gets no further checks.
 * @example validateRow(leads, { score: normalizeValue(scoreField, '101') }, 2) // out_of_range on row 2
 */
export function validateRow(schema: DatasetSchema, cells: Readonly<Record<string, Normalized | undefined>>, row: number): Issue[] {
  return validateFields(schema, schema.fields.map((f) => (Object.hasOwn(cells, f.name) ? cells[f.name] : undefined)), row);
}

/** `validateRow` with the cells in the order of `schema.fields` (the pipeline's hot path: no record per row). */
export function validateFields(schema: DatasetSchema, cells: readonly (Normalized | undefined)[], row: number): Issue[] {
  const issues: Issue[] = [];
  for (let i = 0; i < schema.fields.length; i++) {
    const field = schema.fields[i]!;
    const cell = cells[i];
    for (const w of cell?.warnings ?? []) {
      issues.push({ row, field: field.name, code: w.code, message: w.message, severity: 'warning' });
    }
    if (cell?.error) {
      issues.push({ row, field: field.name, code: cell.error.code, message: cell.error.message, severity: 'error' });
      continue;
    }
    const value = cell?.value ?? null;
    if (value === null) {
      if (field.required) {
        issues.push({ row, field: field.name, code: 'required', message: `${field.name} is required but empty`, severity: 'error' });
      }
      continue;
    }
    for (const p of checkValue(field, value)) {
      issues.push({ row, field: field.name, code: p.code, message: p.message, severity: 'error' });
    }
  }
  return issues;
}

/** True when no issue is an error (warnings do not block a row). */
export function isValidRow(issues: readonly Issue[]): boolean {
  return !issues.some((i) => i.severity === 'error');
}
