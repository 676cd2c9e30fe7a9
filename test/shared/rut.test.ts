import { describe, expect, it } from 'vitest';
import { normalizeValue, readRut, rutCheckDigit, toText, validateRow, type DatasetSchema, type FieldDef } from '../../shared/index.ts';

const rut: FieldDef = { name: 'rut', type: 'rut' };

describe('rut field type', () => {
  it('computes the mod-11 check digit, 10 as K and 11 as 0', () => {
    expect(rutCheckDigit('12345678')).toBe('5');
    expect(rutCheckDigit('10000013')).toBe('K');
    expect(rutCheckDigit('10000004')).toBe('0');
  });

  it('reads the dotted spelling 12.345.678-5 as 12345678-5', () => {
    expect(normalizeValue(rut, '12.345.678-5')).toEqual({ value: '12345678-5', raw: '12.345.678-5' });
  });

  it('reads the undotted spelling with a hyphen', () => {
    expect(normalizeValue(rut, '12345678-5').value).toBe('12345678-5');
  });

  it('reads the spelling without dots or hyphen', () => {
    expect(normalizeValue(rut, '123456785').value).toBe('12345678-5');
  });

  it('reads a 7-digit body, dotted or not', () => {
    expect(normalizeValue(rut, '1.234.567-4').value).toBe('1234567-4');
    expect(normalizeValue(rut, '12345674').value).toBe('1234567-4');
  });

  it('stores the check digit K in uppercase, whether written K or k', () => {
    expect(normalizeValue(rut, '10.000.013-K').value).toBe('10000013-K');
    expect(normalizeValue(rut, '10000013-k').value).toBe('10000013-K');
    expect(normalizeValue(rut, '10000013k').value).toBe('10000013-K');
  });

  it('keeps the raw text beside the normalized value', () => {
    expect(normalizeValue(rut, ' 10.000.013-k ').raw).toBe(' 10.000.013-k ');
  });

  it('refuses a check digit that does not match, without telling the right one', () => {
    const cell = normalizeValue(rut, '12.345.678-9');
    expect(cell.value).toBeNull();
    expect(cell.error).toEqual({ code: 'invalid_rut', message: 'rut "12.345.678-9" is not a valid RUT: its check digit does not match its number' });
    expect(cell.error?.message).not.toMatch(/-5|expected|should/);
  });

  it('refuses K where the check digit is a number', () => {
    expect(normalizeValue(rut, '12345678-K').error?.code).toBe('invalid_rut');
  });

  it('refuses a RUT too short to be one', () => {
    expect(normalizeValue(rut, '12345-6').error?.message).toBe('rut "12345-6" is too short for a RUT: it needs 7 or 8 digits before the check digit');
  });

  it('refuses a body longer than 8 digits', () => {
    expect(normalizeValue(rut, '123456789-2').error?.message).toMatch(/too long for a RUT/);
  });

  it('refuses garbage and badly placed dots', () => {
    for (const text of ['abc', '12.345.678-', '1234.5678-5', '12-345-678-5', '12.345.678--5']) {
      expect(normalizeValue(rut, text).error, text).toEqual({ code: 'invalid_rut', message: `rut ${JSON.stringify(text)} is not a RUT (like 12.345.678-5)` });
    }
  });

  it('gives the same value when its stored form is read again', () => {
    for (const text of ['12.345.678-5', '10000013k', '1234567-4']) {
      const value = normalizeValue(rut, text).value;
      expect(normalizeValue(rut, toText(value)!).value).toBe(value);
    }
  });

  it('reads the same in readRut, which the named validator uses', () => {
    expect(readRut('12.345.678-5')).toEqual({ rut: '12345678-5' });
    expect(readRut('12.345.678-4')).toEqual({ problem: 'check_digit' });
  });
});

describe('named validators', () => {
  const schema = (field: FieldDef): DatasetSchema => ({ name: 'd', label: 'D', version: 1, keys: [], fields: [field] });
  const check = (field: FieldDef, text: string) => validateRow(schema(field), { [field.name]: normalizeValue(field, text) }, 2);

  it('checks a text field named validate: rut, keeping its text as written', () => {
    const field: FieldDef = { name: 'tax_id', type: 'text', validate: 'rut' };
    expect(check(field, '12.345.678-5')).toEqual([]);
    expect(normalizeValue(field, '12.345.678-5').value).toBe('12.345.678-5');
    expect(check(field, '12.345.678-9')).toEqual([{
      row: 2, field: 'tax_id', code: 'invalid_rut', severity: 'error',
      message: 'tax_id "12.345.678-9" is not a valid RUT: its check digit does not match its number',
    }]);
  });

  it('checks a SIRET with validate: luhn', () => {
    const field: FieldDef = { name: 'siret', type: 'text', validate: 'luhn' };
    expect(check(field, '732 829 320 00074')).toEqual([]);
    expect(check(field, '73282932000075').map((i) => i.code)).toEqual(['invalid_check_digit']);
    expect(check(field, 'ABC').map((i) => i.message)).toEqual(['siret "ABC" is not a number with a check digit']);
  });

  it('refuses every value of a field naming a validator this build does not know', () => {
    const field: FieldDef = { name: 'code', type: 'text', validate: 'nope' };
    expect(check(field, 'x')).toEqual([{
      row: 2, field: 'code', code: 'unknown_validator', severity: 'error',
      message: 'code cannot be checked: there is no validator named "nope"',
    }]);
  });

  it('does not check an empty cell', () => {
    expect(check({ name: 'code', type: 'text', validate: 'rut' }, '')).toEqual([]);
  });
});
