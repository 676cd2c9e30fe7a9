import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../shared/sniff/index.ts';
import { open, records } from './open-text.ts';

// Fixtures, made here: a one-column list of company names with one stray ';', a small ';'
// table whose last line has no line break, and a ';' table saved as .txt.
const companies = ['company', 'Acme', 'Globex', 'Initech; Inc', 'Umbrella', 'Hooli', 'Soylent', 'Stark', 'Wayne'].join('\n') + '\n';

describe('delimiter sniffing', () => {
  it('does not split a one-column file on one stray semicolon', async () => {
    expect(detectDelimiter(companies)).toBe(',');
    const opened = await open('companies.csv', companies);
    expect(opened.headers).toEqual(['company']);
    const rows = await records(opened);
    expect(rows).toHaveLength(8);
    expect(rows[2]!.cells).toEqual(['Initech; Inc']);
  });

  it('counts the last record when the whole file fits in the sample', async () => {
    // The header splits as well on ',' as on ';': only the last line (no line break) tells.
    const text = 'name;remarks, free text\nAna;fine';
    expect(detectDelimiter(text, { complete: true })).toBe(';');
    const opened = await open('small.csv', text);
    expect(opened.delimiter).toBe(';');
    expect(opened.headers).toEqual(['name', 'remarks, free text']);
    expect(await records(opened)).toEqual([{ row: 2, cells: ['Ana', 'fine'] }]);
  });

  it('reads a .txt holding a semicolon table as a table, and says so', async () => {
    const opened = await open('export.txt', 'name;phone;city\nAna;0612345678;Lyon\nLuis;0698765432;Paris\n');
    expect(opened.format).toBe('csv');
    expect(opened.delimiter).toBe(';');
    expect(opened.headers).toEqual(['name', 'phone', 'city']);
    expect(await records(opened)).toHaveLength(2);
    expect(opened.notes).toEqual([
      expect.objectContaining({ code: 'read_as_table', message: 'export.txt: read as a table (columns separated by semicolons), not as a list of one value a line' }),
    ]);
  });

  it('still reads a .txt list with a | line as a list', async () => {
    const opened = await open('phones.txt', '0612345678\n0698765432\n0611111111|0622222222\n');
    expect(opened.format).toBe('txt');
  });
});
