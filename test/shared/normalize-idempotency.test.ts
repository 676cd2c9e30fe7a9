import { describe, expect, it } from 'vitest';
import { normalizeValue, toText, type FieldDef, type NormalizeContext } from '../../shared/index.ts';

const cases: [FieldDef, string[], NormalizeContext?][] = [
  [{ name: 'notes', type: 'text' }, ['  050021 ', 'Perro: Luna', '=SUM(A1)']],
  [{ name: 'email', type: 'email' }, ['LUCIA.B@correo.example', ' a@b.co ']],
  [{ name: 'phone', type: 'phone' }, ['07.61.22.33.44', '+33 7 61 22 33 44', '06 12 34 56 78'], { defaultCountry: 'FR' }],
  [{ name: 'phone', type: 'phone' }, ['(415) 201-4567', '14152014570'], { defaultCountry: 'US' }],
  [{ name: 'n', type: 'number' }, ['1 234,5', '1,234,567.5', '1.234.567', '12,5', '1.2E+5', '-0', '0.1', '1.234', '1e21']],
  [{ name: 'i', type: 'integer' }, ['1 000', '-7', '1.2E+5', '007']],
  [{ name: 'd', type: 'date' }, ['15/03/2022', '02/11/21', '44635', '2022-03-15T10:00Z'], {}],
  [{ name: 'd', type: 'date' }, ['03/15/2022'], { dateOrder: 'mdy' }],
  [{ name: 'dt', type: 'datetime' }, ['15/03/2022 14:05', '2024-05-01T09:30:15.250-0500', '44635.25', '2024-05-01']],
  [{ name: 'b', type: 'boolean' }, ['Sí', 'non', 'x', '0']],
  [{ name: 'e', type: 'enum', values: [{ value: 'phone', aliases: ['Téléphone'] }, { value: 'social_media' }] }, ['Téléphone', 'SOCIAL MEDIA']],
];

describe('normalization is idempotent', () => {
  for (const [field, cells, ctx] of cases) {
    it(`gives the same ${field.type} value from its own canonical text`, () => {
      for (const cell of cells) {
        const first = normalizeValue(field, cell, ctx);
        expect(first.error, cell).toBeUndefined();
        const again = normalizeValue(field, toText(first.value)!, ctx);
        expect(again.error, cell).toBeUndefined();
        expect(again.value, cell).toStrictEqual(first.value);
      }
    });
  }

  it('keeps canonical text free of warnings for dates', () => {
    const date: FieldDef = { name: 'd', type: 'date' };
    const first = normalizeValue(date, '02/11/2021');
    expect(first.warnings).toBeDefined();
    expect(normalizeValue(date, toText(first.value)!).warnings).toBeUndefined();
  });
});
