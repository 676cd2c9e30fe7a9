import { describe, expect, it } from 'vitest';
import { parseCsvRecords, type RawRecord } from '../../shared/parse/index.ts';
import { all, caught } from './open-text.ts';



/** `count` pieces of `size` characters, made as they are asked for. */
function* repeated(first: string, fill: string, size: number, count: number, last = ''): Generator<string> {
  yield first;
  const piece = fill.repeat(Math.ceil(size / fill.length)).slice(0, size);
  for (let k = 0; k < count; k++) yield piece;
  if (last) yield last;
}

describe('parseCsvRecords line ends', () => {
  it('ends a record at CR, LF and CR LF mixed in one file (four people stay four rows)', async () => {
    // Fixture: an export whose lines were pasted together from a Mac (CR), Unix (LF) and Windows (CR LF).
    const text = 'name,source\r\nAna,web\rBob,mail\nCia,"phone\r\ncall"\rDan,fax\r\n';
    const expected: RawRecord[] = [
      { row: 1, cells: ['name', 'source'] },
      { row: 2, cells: ['Ana', 'web'] },
      { row: 3, cells: ['Bob', 'mail'] },
      { row: 4, cells: ['Cia', 'phone\r\ncall'] },
      { row: 5, cells: ['Dan', 'fax'] },
    ];
    expect(await all(parseCsvRecords([text], { delimiter: ',' }))).toEqual(expected);
    for (let size = 1; size < 8; size++) {
      const pieces: string[] = [];
      for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
      expect(await all(parseCsvRecords(pieces, { delimiter: ',' }))).toEqual(expected);
    }
  });

  it('counts a blank line of each kind as a row', async () => {
    const records = await all(parseCsvRecords(['a\r\rb\n\nc\r\n\r\nd'], { delimiter: ',' }));
    expect(records.map((r) => [r.row, r.cells[0]])).toEqual([[1, 'a'], [3, 'b'], [5, 'c'], [7, 'd']]);
  });

  it('splits a doubled quote across two pieces', async () => {
    const records = await all(parseCsvRecords(['a,"say ', '"', '"hi"', '"",b\n'], { delimiter: ',' }));
    expect(records).toEqual([{ row: 1, cells: ['a', 'say "hi"', 'b'] }]);
  });
});

describe('parseCsvRecords on records with no end', () => {
  it('stops a 64 MB file with no line end at all in linear time, as the bytes arrive', async () => {
    let pulled = 0;
    async function* source() {
      for (const p of repeated('id,name,', 'abc,def,', 64 * 1024, 1024)) {
        pulled++;
        yield p;
      }
    }
    const started = Date.now();
    const err = await caught(all(parseCsvRecords(source(), { delimiter: ',', file: 'one-line.csv' })));
    expect(err.code).toBe('RECORD_TOO_LARGE');
    expect(err.row).toBe(1);
    expect(err.message).toContain('one-line.csv: row 1: this record is longer than');
    // The 8 Mi-character cap is applied as pieces arrive: about 129 of the 1025 pieces are read.
    expect(pulled).toBeLessThan(140);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('takes linear time for a long record under the cap (no rescan per piece)', async () => {
    const started = Date.now();
    const records = await all(parseCsvRecords(repeated('a,b\n', 'xy,', 16 * 1024, 400, '\n'), { delimiter: ',' }));
    expect(records).toHaveLength(2);
    expect(records[1]!.cells.length).toBeGreaterThan(2_000_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says a closed quoted field of 12 MB is too long, not that its quote never closes', async () => {
    const pieces = repeated('name,note\nAna,"', 'x', 64 * 1024, 192, '",end\nBob,ok\n');
    const err = await caught(all(parseCsvRecords(pieces, { delimiter: ',', file: 'long.csv' })));
    expect(err.code).toBe('RECORD_TOO_LARGE');
    expect(err.row).toBe(2);
    expect(err.column).toBe(2);
    expect(err.message).toMatch(/long\.csv: row 2: column 2: a quoted field is longer than/);
  });

  it('still says a quote never closes when it does not', async () => {
    const pieces = repeated('name,note\nAna,"', 'x', 64 * 1024, 192);
    const err = await caught(all(parseCsvRecords(pieces, { delimiter: ',' })));
    expect(err.code).toBe('UNBALANCED_QUOTE');
    expect(err.row).toBe(2);
  });
});
