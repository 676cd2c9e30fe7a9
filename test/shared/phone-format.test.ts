import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dedupeKeys, normalizeValue, toText, type DatasetSchema, type FieldDef } from '../../shared/index.ts';

const nanp11: FieldDef = { name: 'phone', type: 'phone', format: 'nanp11' };
const spellings = readFileSync(new URL('../fixtures/phones.txt', import.meta.url), 'utf8')
  .trim().split('\n').flatMap((line) => line.split('|'));

describe('phone format nanp11', () => {
  it('stores every spelling in phones.txt as 1 and ten digits', () => {
    const stored = spellings.filter((s) => s !== '12345').map((s) => normalizeValue(nanp11, s).value);
    expect(stored).toEqual([
      '14152014567', '14152014568', '14152014569', '14152014570',
      '14152014571', '14152014572', '14152014573', '14152014567',
    ]);
  });

  it('refuses 12345 as not a phone number', () => {
    expect(normalizeValue(nanp11, '12345').error?.code).toBe('invalid_phone');
  });

  it('reads numbers without a country code as North American when no country is given', () => {
    expect(normalizeValue(nanp11, '(415) 201-4567').value).toBe('14152014567');
  });

  it('reads its stored form back to the same value, whatever the default country', () => {
    for (const defaultCountry of [undefined, 'US', 'FR', 'CO']) {
      expect(normalizeValue(nanp11, '14152014567', { defaultCountry }).value, defaultCountry).toBe('14152014567');
    }
  });

  it('refuses a valid number outside NANP instead of reformatting it', () => {
    const cell = normalizeValue(nanp11, '+33 7 61 22 33 44');
    expect(cell.value).toBeNull();
    expect(cell.error).toEqual({
      code: 'not_nanp_phone',
      message: 'phone "+33 7 61 22 33 44" is +33761223344, not a North American (+1) number; this field stores 11-digit +1 numbers only',
    });
  });

  it('takes Canadian numbers, which share +1', () => {
    expect(normalizeValue(nanp11, '+1 604 555 0199').value).toBe('16045550199');
  });

  it('keeps E.164 when the format is e164 or not given', () => {
    expect(normalizeValue({ name: 'phone', type: 'phone', format: 'e164' }, '(415) 201-4567', { defaultCountry: 'US' }).value).toBe('+14152014567');
    expect(normalizeValue({ name: 'phone', type: 'phone' }, '(415) 201-4567', { defaultCountry: 'US' }).value).toBe('+14152014567');
  });

  it('refuses a phone format this build does not know', () => {
    const field = { name: 'phone', type: 'phone', format: 'nanp10' } as unknown as FieldDef;
    expect(normalizeValue(field, '+14152014567').error?.code).toBe('unknown_field_type');
  });

  it('gives the stored form to dedupe keys, so two spellings of one number meet', () => {
    const schema: DatasetSchema = { name: 'p', label: 'P', version: 1, keys: [['phone']], fields: [nanp11] };
    const a = normalizeValue(nanp11, '+1 415 201 4571').value;
    const b = normalizeValue(nanp11, toText(a)!).value;
    expect(dedupeKeys(schema, { phone: a })).toEqual(['0\u000114152014571']);
    expect(dedupeKeys(schema, { phone: b })).toEqual(dedupeKeys(schema, { phone: a }));
  });
});
