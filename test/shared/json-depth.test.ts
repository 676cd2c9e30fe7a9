import { describe, expect, it } from 'vitest';
import { open, openError, records } from './open-text.ts';


describe('deeply nested JSON', () => {
  it('refuses a JSON array nested 100,000 deep with an error naming the file and line, no stack overflow', async () => {
    const text = '[\n{"name": "Ana"},\n{"name": "Bob", "tags": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}\n]\n';
    const err = await openError('deep.json', text);
    expect(err.code).toBe('TOO_DEEP');
    expect(err.row).toBe(3);
    expect(err.message).toMatch(/^deep\.json: row 3: arrays and objects are nested more than 256 deep/);
  });

  it('refuses an NDJSON line nested 100,000 deep, naming its line', async () => {
    const text = '{"name": "Ana"}\n{"name": "Bob"}\n{"x": ' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_001) + '\n';
    const err = await openError('deep.ndjson', text);
    expect(err.code).toBe('TOO_DEEP');
    expect(err.message).toContain('deep.ndjson: row 3:');
  });

  it('still reads nested values of ordinary depth as JSON text', async () => {
    const opened = await open('ok.json', '[{"name": "Ana", "tags": [["a"], {"b": [1]}]}]');
    expect(await records(opened)).toEqual([{ row: 1, cells: ['Ana', '[["a"],{"b":[1]}]'] }]);
  });
});
