import { describe, expect, it } from 'vitest';
import { clients, headerFingerprint, HeaderError, leads, mapHeaders, similarity } from '../../shared/index.ts';

const fieldOf = (m: ReturnType<typeof mapHeaders>) => m.columns.map((c) => c.field);

describe('mapHeaders', () => {
  it('maps the French leads header row exactly', () => {
    const m = mapHeaders('name;phone;email;source;lead_source;notes;score'.split(';'), leads);
    expect(fieldOf(m)).toEqual(['name', 'phone', 'email', 'source', 'lead_source', 'notes', 'score']);
    expect(m.columns.every((c) => c.how === 'exact' && c.score === 1)).toBe(true);
    expect(m.unknown).toEqual([]);
    expect(m.missingRequired).toEqual([]);
  });

  it('maps the Spanish clients header row through aliases', () => {
    const headers = 'id_cliente,nombre,apellidos,email,telefono,celular,direccion,ciudad,codigo_postal,notas,fecha_registro'.split(',');
    const m = mapHeaders(headers, clients);
    expect(fieldOf(m)).toEqual(['external_id', 'first_name', 'last_name', 'email', 'phone', 'phone',
      'address', 'city', 'postal_code', 'notes', 'registered_at']);
    expect(m.columns[1]).toEqual({ index: 1, header: 'nombre', field: 'first_name', how: 'alias', score: 1 });
    expect(m.unknown).toEqual([]);
    expect(m.missingRequired).toEqual([]);
  });

  it('puts the mobile column before the landline when both feed phone', () => {
    const m = mapHeaders(['telefono', 'celular'], clients);
    expect(m.mapping.phone).toEqual([1, 0]);
  });

  it('ignores case, accents and punctuation', () => {
    const m = mapHeaders(['E-mail', 'Código Postal', ' PRÉNOM ', 'apellidos'], clients);
    expect(fieldOf(m)).toEqual(['email', 'postal_code', 'first_name', 'last_name']);
    expect(m.columns.map((c) => c.how)).toEqual(['loose', 'loose', 'loose', 'alias']);
  });

  it('guesses a misspelled header', () => {
    const m = mapHeaders(['name', 'phone', 'Emial', 'source'], leads);
    expect(m.columns[2]).toEqual({ index: 2, header: 'Emial', field: 'email', how: 'fuzzy', score: 0.8 });
  });

  it('does not guess below the threshold', () => {
    const m = mapHeaders(['name', 'phone', 'Emial', 'source'], leads, { fuzzyThreshold: 0.9 });
    expect(m.columns[2]?.field).toBeNull();
  });

  it('reports unknown columns', () => {
    const m = mapHeaders(['name', 'phone', 'source', 'Favourite colour', ''], leads);
    expect(m.unknown).toEqual([{ index: 3, header: 'Favourite colour' }, { index: 4, header: '' }]);
  });

  it('reports required fields no column feeds', () => {
    const m = mapHeaders(['name', 'email'], leads);
    expect(m.missingRequired).toEqual(['phone', 'source']);
  });

  it('lets a manual choice win and ignore columns', () => {
    const m = mapHeaders(['Contacto', 'name', 'Colour'], leads, { manual: { Contacto: 'phone', Colour: '' } });
    expect(m.columns[0]).toMatchObject({ field: 'phone', how: 'manual' });
    expect(m.columns[2]).toMatchObject({ field: null, how: 'manual' });
    expect(m.unknown).toEqual([]);
  });

  it('falls back to guessing when a manual choice names a field that no longer exists', () => {
    const m = mapHeaders(['tel'], leads, { manual: { tel: 'fax' } });
    expect(m.columns[0]).toMatchObject({ field: 'phone', how: 'alias' });
  });

  it('returns a prototype-free mapping', () => {
    const m = mapHeaders(['toString', 'name'], leads);
    expect(Object.getPrototypeOf(m.mapping)).toBeNull();
    expect(m.unknown).toEqual([{ index: 0, header: 'toString' }]);
  });

  it('strips a BOM from the first header', () => {
    const m = mapHeaders(['\uFEFFname', 'phone'], leads);
    expect(m.columns[0]).toMatchObject({ header: 'name', field: 'name', how: 'exact' });
  });

  it('never takes constructor, __proto__ or prototype as a field, but imports the rest of the file', () => {
    for (const [i, bad] of [[1, '__proto__'], [0, ' constructor '], [2, 'prototype']] as const) {
      const headers = ['name', 'phone', 'source'];
      headers[i] = bad;
      const m = mapHeaders(headers, leads);
      expect(m.columns[i]).toEqual({ index: i, header: bad.trim(), field: null, how: null, score: 0 });
      expect(m.unknown).toEqual([{ index: i, header: bad.trim() }]);
      expect(m.notes).toContain(`column ${i + 1} "${bad.trim()}" is not taken as a field name; map it to a field or leave it out`);
      expect(Object.getPrototypeOf(m.mapping)).toBeNull();
    }
  });

  it('lets a column named constructor or __proto__ be mapped to another field, or ignored', () => {
    const manual: Record<string, string> = JSON.parse('{"constructor": "name", "__proto__": ""}');
    const m = mapHeaders(['constructor', 'phone', 'source', '__proto__'], leads, { manual });
    expect(m.mapping.name).toEqual([0]);
    expect(m.columns[0]).toMatchObject({ field: 'name', how: 'manual' });
    expect(m.columns[3]).toMatchObject({ field: null, how: 'manual' });
    expect(m.unknown).toEqual([]);
    expect(m.notes).toEqual([]);
    expect(m.missingRequired).toEqual([]);
  });

  it('says so when several columns feed one field (the first non-empty value of a row wins)', () => {
    const m = mapHeaders(['name', 'Email', 'phone', 'E-mail'], leads);
    expect(m.mapping.email).toEqual([1, 3]);
    expect(m.notes).toEqual([
      'email is fed by column 2 "Email" and column 4 "E-mail": on each row the first non-empty of them wins, in that order, and the others\' values are not imported',
    ]);
    const twice = mapHeaders(['name', 'phone', 'phone'], leads);
    expect(twice.notes).toEqual([
      'phone is fed by column 2 "phone" and column 3 "phone": on each row the first non-empty of them wins, in that order, and the others\' values are not imported',
    ]);
    expect(mapHeaders(['name', 'phone'], leads).notes).toEqual([]);
  });

  it('refuses a file with 5,000 columns, saying the count and the limit', () => {
    const headers = Array.from({ length: 5000 }, (_, i) => `c${i}`);
    expect(() => mapHeaders(headers, leads)).toThrow(HeaderError);
    try { mapHeaders(headers, leads); } catch (e) {
      expect(e).toMatchObject({ code: 'too_many_columns', column: 1001 });
      expect((e as Error).message).toBe('the file has 5000 columns; the limit is 1000');
    }
  });

  it('accepts exactly 1,000 columns', () => {
    expect(mapHeaders(Array.from({ length: 1000 }, (_, i) => `c${i}`), leads).columns).toHaveLength(1000);
  });
});

describe('headerFingerprint', () => {
  it('is the same for headers that differ only in case, accents, BOM or order', () => {
    expect(headerFingerprint(['\uFEFFE-mail', 'Téléphone'])).toBe(headerFingerprint(['telephone', 'email']));
  });

  it('differs for different headers', () => {
    expect(headerFingerprint(['email', 'phone'])).not.toBe(headerFingerprint(['email', 'phone', 'name']));
    expect(headerFingerprint(['email', 'phone'])).not.toBe(headerFingerprint(['email', 'fax']));
  });
});

describe('similarity', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(similarity('emial', 'email')).toBe(0.8);
    expect(similarity('abc', 'abc')).toBe(1);
    expect(similarity('', 'abc')).toBe(0);
  });
});
