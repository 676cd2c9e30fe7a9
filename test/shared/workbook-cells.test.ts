import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbookRecords } from '../../shared/parse/index.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures', name)));

// odd-cells.xlsx: a hidden first sheet "Lookup", then "Contacts" (see test/fixtures/README.md)
describe('odd spreadsheet cells (odd-cells.xlsx)', () => {
  const book = readWorkbookRecords(fixture('odd-cells.xlsx'));
  const [header, ana, bob] = book.records;

  it('passes over the hidden first sheet, marks it hidden and says so', () => {
    expect(book.sheets).toEqual(['Lookup', 'Contacts']);
    expect(book.hidden).toEqual(['Lookup']);
    expect(book.sheet).toBe('Contacts');
    expect(header!.cells[0]).toBe('name');
    expect(book.notes).toContain('sheet "Lookup" is hidden in the workbook and was not read; choose it to import it');
    const chosen = readWorkbookRecords(fixture('odd-cells.xlsx'), { sheet: 'Lookup' });
    expect(chosen.records[1]!.cells).toEqual(['A', 'Alpha']);
    expect(chosen.notes).toEqual(['sheet "Lookup" is hidden in the workbook; it was read because it was chosen']);
  });

  it('reads numbers shown through Zip, Zip+4 and SSN formats as the text shown, and says so', () => {
    expect(ana!.cells.slice(1, 4)).toEqual(['01234', '01234-5678', '012-34-5678']);
    expect(bob!.cells.slice(1, 4)).toEqual(['90210', '90210-1234', '123-45-6789']);
    expect(book.notes).toContain(
      'sheet "Contacts", column B, row 2: numbers whose format pads or shapes them were read as the text the sheet shows (row 2: 1234 shown as "01234")',
    );
    expect(book.notes.filter((n) => /column [CD], rows 2, 3: numbers whose format pads/.test(n))).toHaveLength(2);
    // a format that rounds or groups thousands is not what the user typed: the full value stays
    expect(ana!.cells[4]).toBe('1234.5');
    expect(book.notes.some((n) => n.includes('column E'))).toBe(false);
  });

  it('keeps error codes, reads elapsed times as durations, and flags formulas without a saved result', () => {
    expect(ana!.cells.slice(5, 7)).toEqual(['#DIV/0!', '#N/A']);
    expect(ana!.cells[7]).toBe('36:00:00');
    expect(bob!.cells[7]).toBe('01:30:00');
    expect(ana!.cells[8]).toBe('2469');
    expect(bob!.cells[8]).toBe('');
    expect(book.notes).toEqual(expect.arrayContaining([
      'sheet "Contacts", column F, row 2: error cells were read as their error code (row 2: #DIV/0!)',
      'sheet "Contacts", column G, row 2: error cells were read as their error code (row 2: #N/A)',
      'sheet "Contacts", column H, rows 2, 3: elapsed times were read as the duration the sheet shows, not as dates (row 2: 36:00:00)',
      'sheet "Contacts", column I, row 3: formulas saved without a result read as empty; open the file in a spreadsheet app, let it calculate, save it and import it again (row 3: =E3*2)',
    ]));
  });

  it('has no notes for an ordinary workbook', () => {
    expect(readWorkbookRecords(fixture('clients-es-two-sheets.xlsx')).notes).toEqual([]);
  });
});
