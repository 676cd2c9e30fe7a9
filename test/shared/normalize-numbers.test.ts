import { describe, expect, it } from 'vitest';
import { normalizeValue, type FieldDef } from '../../shared/index.ts';

const amount: FieldDef = { name: 'amount', type: 'number' };
const count: FieldDef = { name: 'count', type: 'integer' };

describe('number', () => {
  it('reads plain numbers as decimal-dot', () => {
    expect(normalizeValue(amount, '42').value).toBe(42);
    expect(normalizeValue(amount, '-3.75').value).toBe(-3.75);
    expect(normalizeValue(amount, '1.234').value).toBe(1.234);
    expect(normalizeValue(amount, '1.5').value).toBe(1.5);
  });

  it('reads thousands separators: space, NBSP, narrow NBSP, apostrophe', () => {
    expect(normalizeValue(amount, '1 234 567').value).toBe(1234567);
    expect(normalizeValue(amount, '250\u00A0000').value).toBe(250000);
    expect(normalizeValue(amount, '250\u202F000,50').value).toBe(250000.5);
    expect(normalizeValue(amount, "1'234'567.25").value).toBe(1234567.25);
  });

  it('reads comma thousands and dot thousands with two or more groups', () => {
    expect(normalizeValue(amount, '1,234,567.5').value).toBe(1234567.5);
    expect(normalizeValue(amount, '1,234').value).toBe(1234);
    expect(normalizeValue(amount, '1.234.567').value).toBe(1234567);
  });

  it('reads a decimal comma', () => {
    expect(normalizeValue(amount, '12,5').value).toBe(12.5);
    expect(normalizeValue(amount, '1.234,5').value).toBe(1234.5);
    expect(normalizeValue(amount, '-0,75').value).toBe(-0.75);
  });

  it('converts scientific notation with a warning', () => {
    const n = normalizeValue(amount, '1.2E+5');
    expect(n.value).toBe(120000);
    expect(n.warnings?.map((w) => w.code)).toEqual(['scientific_notation']);
  });

  it('rejects text that is not a number', () => {
    for (const cell of ['abc', '12abc', '1,2,3', '1 23', '--5', '1.2.3,4,5']) {
      expect(normalizeValue(amount, cell).error?.code, cell).toBe('invalid_number');
    }
  });
});

describe('integer', () => {
  it('reads whole numbers with separators', () => {
    expect(normalizeValue(count, '1 000').value).toBe(1000);
    expect(normalizeValue(count, '-7').value).toBe(-7);
  });

  it('rejects a fraction with invalid_integer', () => {
    const n = normalizeValue(count, '12,5');
    expect(n.error?.code).toBe('invalid_integer');
    expect(n.error?.message).toBe('count "12,5" is not a whole number');
  });

  it('rejects integers too large to store exactly', () => {
    expect(normalizeValue(count, '123456789012345678901').error?.code).toBe('invalid_integer');
  });

  it('does not flag negative numbers as formulas', () => {
    expect(normalizeValue(count, '-7').warnings).toBeUndefined();
  });
});
