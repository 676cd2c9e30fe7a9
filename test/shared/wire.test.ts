import { describe, expect, it } from 'vitest';
import { identityMapping, RowProcessor, toWireRow } from '../../shared/pipeline.ts';
import { leads } from '../../shared/presets/index.ts';


describe('wire rows', () => {
  it('never carries a NUL byte or a lone surrogate, and the server reaches the same verdict', () => {
    const client = new RowProcessor(leads, { name: [0], phone: [1], source: [2] });
    for (const bad of ['Bad\u0000Row', 'Bad\uD800Row']) {
      const row = client.process([bad, '+14155550101', 'web'], 7);
      expect(row.valid).toBe(false);
      const wire = toWireRow(row, ['name', 'phone', 'source']);
      expect(wire[0]).toBe('Bad\uFFFDRow');
      const server = new RowProcessor(leads, identityMapping(['name', 'phone', 'source'])).process(wire, 7);
      expect(server.valid).toBe(false);
      expect(server.issues).toEqual([expect.objectContaining({ row: 7, field: 'name', code: 'forbidden_character' })]);
    }
  });

  it('flags text that could not be decoded (U+FFFD) so a wrong encoding is noticed', () => {
    const row = new RowProcessor(leads, { name: [0], phone: [1], source: [2] }).process(['Ren\uFFFDe', '+14155550101', 'web'], 3);
    expect(row.issues[0]).toMatchObject({ field: 'name', code: 'forbidden_character', message: expect.stringMatching(/could not be read/) });
  });
});
