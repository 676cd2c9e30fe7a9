import { describe, expect, it } from 'vitest';
import { detectHeaderRow } from '../../shared/sniff/index.ts';
import { open, records } from './open-text.ts';

// Fixtures, made here: payments exported without a header row (a later row has more text than
// the first ones), a table whose header is mostly years, and an export under two title lines.
const payments = [
  '1,2024-01-03,120.50,paid',
  '2,2024-01-04,80.00,paid',
  '3,2024-01-09,15.25,paid',
  '4,2024-01-12,Refund,see note',
  '5,2024-01-15,99.90,paid',
].join('\n') + '\n';
const years = 'code,2021,2022,2023,2024\nA1,12,15,n/a,none\nB7,3,4,5,6\n';

describe('header-row guessing', () => {
  it('does not take a data row as the header and drop the rows above it', async () => {
    const opened = await open('payments.csv', payments);
    expect(opened.headerRow).toBe(1);
    expect(await records(opened)).toHaveLength(4);
  });

  it('offers a file whose first row looks like data as headerless', async () => {
    const opened = await open('payments.csv', payments);
    expect(opened.notes).toContainEqual(expect.objectContaining({
      code: 'maybe_no_header',
      warning: true,
      rows: [1],
      message: expect.stringMatching(/^payments\.csv: row 1 looks like data, not column names/),
    }));
  });

  it('reads a file without a header row, columns by position, when told', async () => {
    const opened = await open('payments.csv', payments, { headerRow: 0 });
    expect(opened.headers).toEqual(['column 1', 'column 2', 'column 3', 'column 4']);
    expect(opened.headerRow).toBe(0);
    const rows = await records(opened);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({ row: 1, cells: ['1', '2024-01-03', '120.50', 'paid'] });
    expect(opened.notes.map((n) => n.code)).toEqual(['no_header']);
  });

  it('keeps a real header made mostly of digits', async () => {
    expect(detectHeaderRow(years.trim().split('\n').map((l) => l.split(',')))).toBe(0);
    const opened = await open('years.csv', years);
    expect(opened.headers).toEqual(['code', '2021', '2022', '2023', '2024']);
    expect(await records(opened)).toHaveLength(2);
  });

  it('says how many title rows above the header are not imported, and their text', async () => {
    const opened = await open('export.csv', 'Export des prospects\nAgence Lyon - mars\n\nname,phone\nAna,0612345678\n');
    expect(opened.headerRow).toBe(4);
    expect(opened.notes).toEqual([
      expect.objectContaining({
        code: 'rows_above_header',
        warning: true,
        rows: [1, 2],
        message: expect.stringContaining('export.csv: row 4 is taken as the header row; 2 rows above it are not imported (title lines?): row 1: "Export des prospects"; row 2: "Agence Lyon - mars"'),
      }),
    ]);
  });
});
