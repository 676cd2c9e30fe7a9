import { describe, expect, it } from 'vitest';
import { clients, isSafeName, leads, presets, RowProcessor, mapHeaders } from '../../shared/index.ts';
import { builtInDatasets } from '../../server/start.ts';

describe('presets', () => {
  it('offers leads and clients by name', () => {
    expect(Object.keys(presets).sort()).toEqual(['clients', 'leads']);
    expect(leads.keys).toEqual([['phone']]);
    expect(clients.keys).toEqual([['email'], ['phone']]);
  });

  it('the server finds no dataset for unknown or hostile names', () => {
    const datasets = builtInDatasets();
    expect(datasets.get('patients')).toBeUndefined();
    expect(datasets.get('__proto__')).toBeUndefined();
    expect(datasets.get('constructor')).toBeUndefined();
  });

  it('uses only safe field names and keys that name real fields', () => {
    for (const schema of Object.values(presets)) {
      const names = new Set(schema.fields.map((f) => f.name));
      for (const f of schema.fields) expect(isSafeName(f.name), f.name).toBe(true);
      for (const key of schema.keys) for (const f of key) expect(names.has(f), f).toBe(true);
      expect(names.size).toBe(schema.fields.length);
    }
  });

  it('survives a JSON round trip, as the server sends it', () => {
    for (const schema of Object.values(presets)) expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('maps the French and Spanish lead sources', () => {
    const p = new RowProcessor(leads, mapHeaders(['nom', 'téléphone', 'source'], leads).mapping, { defaultCountry: 'FR' });
    const sourceOf = (s: string) => p.process(['Ana', '', s], 2).values.source;
    expect(sourceOf('Téléphone')).toBe('phone');
    expect(sourceOf('teléfono')).toBe('phone');
    expect(sourceOf('appel')).toBe('phone');
    expect(sourceOf('site web')).toBe('web');
    expect(sourceOf('internet')).toBe('web');
    expect(sourceOf('courriel')).toBe('email');
    expect(sourceOf('correo')).toBe('email');
    expect(sourceOf('parrainage')).toBe('referral');
    expect(sourceOf('referido')).toBe('referral');
    expect(sourceOf('Réseaux sociaux')).toBe('social_media');
    expect(sourceOf('redes sociales')).toBe('social_media');
    expect(sourceOf('passage')).toBe('walk_in');
    expect(sourceOf('visita')).toBe('walk_in');
  });

  it('reads leads dates month first and clients dates day first', () => {
    expect(leads.dateOrder).toBe('mdy');
    expect(clients.dateOrder).toBe('dmy');
  });
});
