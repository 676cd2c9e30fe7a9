import { describe, expect, it } from 'vitest';
import { normalizeValue, validateRow, isValidRow, leads, type DatasetSchema, type Normalized } from '../../shared/index.ts';

function cellsFor(schema: DatasetSchema, raw: Record<string, string>, ctx = {}): Record<string, Normalized> {
  const cells: Record<string, Normalized> = Object.create(null);
  for (const field of schema.fields) cells[field.name] = normalizeValue(field, raw[field.name] ?? '', ctx);
  return cells;
}

const schema: DatasetSchema = {
  name: 'demo', label: 'Demo', version: 1, keys: [],
  fields: [
    { name: 'name', type: 'text', required: true, min: 2, max: 10 },
    { name: 'score', type: 'integer', min: 0, max: 100 },
    { name: 'ratio', type: 'number', min: 0.5 },
    { name: 'code', type: 'text', pattern: '[A-Z]{2}-\\d{3}' },
    { name: 'email', type: 'email' },
  ],
};

describe('validateRow', () => {
  it('reports nothing for a good row', () => {
    const issues = validateRow(schema, cellsFor(schema, { name: 'Ana', score: '100', ratio: '0,5', code: 'AB-123' }), 2);
    expect(issues).toEqual([]);
    expect(isValidRow(issues)).toBe(true);
  });

  it('reports a missing required value with the row and field', () => {
    const issues = validateRow(schema, cellsFor(schema, {}), 7);
    expect(issues).toEqual([{ row: 7, field: 'name', code: 'required', message: 'name is required but empty', severity: 'error' }]);
  });

  it('treats a field absent from the cells as empty', () => {
    expect(validateRow(schema, {}, 1).map((i) => i.code)).toEqual(['required']);
  });

  it('says which bound a number crossed', () => {
    const above = validateRow(schema, cellsFor(schema, { name: 'Ana', score: '101' }), 3);
    expect(above).toMatchObject([{ field: 'score', code: 'out_of_range', message: 'score 101 is above the maximum 100', severity: 'error' }]);
    const below = validateRow(schema, cellsFor(schema, { name: 'Ana', score: '-1', ratio: '0.25' }), 3);
    expect(below.map((i) => i.message)).toEqual(['score -1 is below the minimum 0', 'ratio 0.25 is below the minimum 0.5']);
  });

  it('checks text length in characters, not bytes', () => {
    expect(validateRow(schema, cellsFor(schema, { name: 'A' }), 1)).toMatchObject([
      { code: 'too_short', message: 'name has 1 character, fewer than the minimum 2' },
    ]);
    expect(validateRow(schema, cellsFor(schema, { name: 'Brûlé🙂🙂🙂🙂🙂' }), 1)).toEqual([]);
    expect(validateRow(schema, cellsFor(schema, { name: '🙂' }), 1).map((i) => i.code)).toEqual(['too_short']);
    expect(validateRow(schema, cellsFor(schema, { name: '🙂🙂' }), 1)).toEqual([]);
    expect(validateRow(schema, cellsFor(schema, { name: 'Hélène Faure' }), 1).map((i) => i.code)).toEqual(['too_long']);
  });

  it('matches the pattern against the whole value', () => {
    const bad = validateRow(schema, cellsFor(schema, { name: 'Ana', code: 'xAB-123' }), 4);
    expect(bad).toMatchObject([{ field: 'code', code: 'pattern_mismatch' }]);
  });

  it('reports a broken pattern instead of throwing', () => {
    const broken: DatasetSchema = { ...schema, fields: [{ name: 'code', type: 'text', pattern: '([' }] };
    expect(validateRow(broken, cellsFor(broken, { code: 'x' }), 1)).toMatchObject([{ code: 'pattern_mismatch' }]);
  });

  it('passes normalizer errors through and skips further checks on that field', () => {
    const issues = validateRow(schema, cellsFor(schema, { name: 'Ana', score: '12,5', email: 'sara@@correo' }), 5);
    expect(issues.map((i) => [i.field, i.code, i.severity])).toEqual([
      ['score', 'invalid_integer', 'error'],
      ['email', 'invalid_email', 'error'],
    ]);
  });

  it('passes warnings through without making the row invalid', () => {
    const issues = validateRow(schema, cellsFor(schema, { name: '=1+2' }), 6);
    expect(issues).toMatchObject([{ field: 'name', code: 'formula_like', severity: 'warning' }]);
    expect(isValidRow(issues)).toBe(true);
  });

  it('validates a leads row against the preset', () => {
    const issues = validateRow(leads, cellsFor(leads, { name: 'Ana', phone: '+34612345678', source: 'fax' }), 2);
    expect(issues.map((i) => i.code)).toEqual(['not_in_enum']);
  });
});
