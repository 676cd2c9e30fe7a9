import { describe, expect, it } from 'vitest';
import { normalizeValue, type FieldDef } from '../../shared/index.ts';

const active: FieldDef = { name: 'active', type: 'boolean' };
const read = (text: string) => normalizeValue(active, text).value;

describe('boolean spellings', () => {
  it('reads activo/activa as true and inactivo/inactiva as false, in any case', () => {
    for (const text of ['activo', 'Activo', 'ACTIVA']) expect(read(text), text).toBe(true);
    for (const text of ['inactivo', 'Inactivo', 'INACTIVA']) expect(read(text), text).toBe(false);
  });

  it('reads sí, si and no with or without the accent', () => {
    for (const text of ['sí', 'Sí', 'SI', 'si']) expect(read(text), text).toBe(true);
    expect(read('No')).toBe(false);
  });

  it('reads oui/non and vrai/faux', () => {
    expect([read('Oui'), read('NON'), read('vrai'), read('Faux')]).toEqual([true, false, true, false]);
  });

  it('reads verdadero/falso', () => {
    expect([read('Verdadero'), read('FALSO')]).toEqual([true, false]);
  });

  it('reads 1/0, true/false and yes/no', () => {
    expect(['1', '0', 'TRUE', 'false', 'Yes', 'no'].map(read)).toEqual([true, false, true, false, true, false]);
  });

  it('refuses other text, naming the spellings it accepts', () => {
    expect(normalizeValue(active, 'maybe').error).toEqual({
      code: 'invalid_boolean',
      message: 'active "maybe" is not yes/no (true/false, oui/non, sí/no, activo/inactivo, 1/0)',
    });
  });
});
