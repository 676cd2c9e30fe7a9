import { readFileSync } from 'node:fs';
import { utils, write } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import {
  ParseError,
  canonicalNumber,
  decodeText,
  parseCsvRecords,
  parseJsonDocument,
  parseNdjsonRecords,
  collectNdjsonHeaders,
  parseTextRecords,
  readWorkbookRecords,
  type RawRecord,
} from '../../shared/parse/index.ts';
import { craftZip } from '../zip.ts';
import { all, caught } from './open-text.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');


/** Splits text into pieces of the given sizes, cycling. */
function piecesOf(text: string, sizes: number[]): string[] {
  const out: string[] = [];
  for (let at = 0, k = 0; at < text.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(text.slice(at, at + n));
    at += n;
  }
  return out;
}


describe('parseCsvRecords', () => {
  const tricky =
    'Title line\r\n\r\nname;note;city\r\n' +
    'Ana;"line one\r\nline two; with ""quotes""";Lyon\r\n' +
    '\r\n' +
    'Luis;"a;b";"Paris"\r\n' +
    'Eva;;Nice\r\n';
  const expected: RawRecord[] = [
    { row: 1, cells: ['Title line'] },
    { row: 3, cells: ['name', 'note', 'city'] },
    { row: 4, cells: ['Ana', 'line one\r\nline two; with "quotes"', 'Lyon'] },
    { row: 6, cells: ['Luis', 'a;b', 'Paris'] },
    { row: 7, cells: ['Eva', '', 'Nice'] },
  ];

  it('numbers rows as a spreadsheet does, counting blank lines and keeping multi-line fields in one row', async () => {
    expect(await all(parseCsvRecords([tricky], { delimiter: ';' }))).toEqual(expected);
  });

  it('gives the same records however the text is split into pieces', async () => {
    for (const sizes of [[1], [2], [3, 7], [5, 1, 11], [64]]) {
      expect(await all(parseCsvRecords(piecesOf(tricky, sizes), { delimiter: ';' }))).toEqual(expected);
    }
  });

  it('reads LF files and files without a final line break', async () => {
    const records = await all(parseCsvRecords(['a,b\n1,"x\ny"\n\n2,z'], { delimiter: ',' }));
    expect(records).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', 'x\ny'] },
      { row: 4, cells: ['2', 'z'] },
    ]);
  });

  it('splits CR LF across two pieces without leaving a CR in the cell', async () => {
    const records = await all(parseCsvRecords(['a,b\r', '\n1,2\r', '\n'], { delimiter: ',' }));
    expect(records).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
    ]);
  });

  it('names the row where an unbalanced quote opens, and the file', async () => {
    const text = 'name,note\nAna,ok\nLuis,"never closed\nEva,fine\nZoe,fine\n';
    const err = await caught(all(parseCsvRecords(piecesOf(text, [4]), { delimiter: ',', file: 'leads.csv' })));
    expect(err.code).toBe('UNBALANCED_QUOTE');
    expect(err.row).toBe(3);
    expect(err.column).toBe(2);
    expect(err.message).toContain('leads.csv');
    expect(err.message).toContain('row 3');
  });

  it('yields the good rows before the one with an unbalanced quote', async () => {
    const seen: number[] = [];
    await caught(
      (async () => {
        for await (const r of parseCsvRecords(['a\nb\n"c\nd\n'], { delimiter: ',' })) seen.push(r.row);
      })(),
    );
    expect(seen).toEqual([1, 2]);
  });

  it('refuses text after a closing quote', async () => {
    const err = await caught(all(parseCsvRecords(['a,b\n"x"y,z\n"ok",1\n'], { delimiter: ',' })));
    expect(err.code).toBe('MALFORMED_QUOTE');
    expect(err.row).toBe(2);
  });

  it('stops a record that grows past the limit, naming its row', async () => {
    const pieces = ['a\n"', ...Array.from({ length: 20 }, () => 'x'.repeat(1000))];
    const err = await caught(all(parseCsvRecords(pieces, { delimiter: ',', maxRecordChars: 5000 })));
    expect(err.code).toBe('UNBALANCED_QUOTE');
    expect(err.row).toBe(2);
  });

  it('does not pull the next piece before the parsed records are taken', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield `r${i},x\nr${i}b,y\n`;
      }
    }
    const records = parseCsvRecords(source(), { delimiter: ',' });
    await records.next();
    expect(pulled).toBe(1);
    await records.next();
    expect(pulled).toBe(1);
    await records.next();
    expect(pulled).toBe(2);
    await records.return(undefined);
  });

  it('parses a 5,000-column row', async () => {
    const header = Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 5000 }, (_, i) => String(i)).join(',');
    const records = await all(parseCsvRecords(piecesOf(`${header}\n${row}\n`, [4096]), { delimiter: ',' }));
    expect(records).toHaveLength(2);
    expect(records[1]!.cells).toHaveLength(5000);
    expect(records[1]!.cells[4999]).toBe('4999');
  });
});

describe('decodeText', () => {
  it('keeps multi-byte characters whole when bytes are split inside them', async () => {
    const bytes = new TextEncoder().encode('é€😀 fin');
    const pieces = Array.from(bytes, (b) => new Uint8Array([b]));
    expect((await all(decodeText(pieces, 'utf-8'))).join('')).toBe('é€😀 fin');
  });

  it('skips the BOM bytes it is told to', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x62]);
    expect((await all(decodeText([bytes.subarray(0, 2), bytes.subarray(2)], 'utf-8', 3))).join('')).toBe('ab');
  });
});

describe('parseTextRecords', () => {
  it('reads phones.txt one number a line, splitting the | line with one row number', async () => {
    const records = await all(parseTextRecords([fixtureText('phones.txt')]));
    expect(records).toHaveLength(9);
    expect(records.filter((r) => r.row === 5).map((r) => r.cells[0])).toEqual([
      '+1 415 201 4571',
      '(415) 201-4572',
      '415.201.4573',
    ]);
    expect(records.at(-1)).toEqual({ row: 7, cells: ['12345'] });
  });
});

describe('JSON', () => {
  it('reads phones.json with the union of keys as headers', () => {
    const { headers, records } = parseJsonDocument(fixtureText('phones.json'));
    expect(headers).toEqual(['phone_number', 'carrier', 'type']);
    expect(records).toHaveLength(4);
    expect(records[1]!.cells).toEqual(['2125550143', '', '']);
    expect(records[3]!.cells).toEqual(['+1 (646) 555-0199', '', 'landline']);
    expect(records.map((r) => r.row)).toEqual([2, 7, 10, 13]); // the line where each object starts
  });

  it('turns nested values into JSON text and numbers into plain text', () => {
    const { headers, records } = parseJsonDocument('[{"a":{"b":[1,2]},"n":1e21,"ok":true,"z":null}]');
    expect(headers).toEqual(['a', 'n', 'ok', 'z']);
    expect(records[0]!.cells).toEqual(['{"b":[1,2]}', '1000000000000000000000', 'true', '']);
  });

  it('never lets hostile keys pollute prototypes', async () => {
    const hostile = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":"x","name":"ok"}';
    const doc = parseJsonDocument(`[${hostile}]`);
    const headers = await collectNdjsonHeaders([hostile + '\n']);
    const lines = await all(parseNdjsonRecords([hostile + '\n'], headers));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(doc.headers).toEqual(['__proto__', 'constructor', 'prototype', 'name']);
    expect(lines[0]!.cells[3]).toBe('ok');
    expect(doc.records[0]!.cells[0]).toBe('{"polluted":"yes"}');
  });

  it('names the line of malformed JSON', () => {
    let err: unknown;
    try {
      parseJsonDocument('[\n {"a": 1},\n {"a": 2,,}\n]', { file: 'x.json' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).code).toBe('INVALID_JSON');
    expect((err as ParseError).row).toBe(3);
    expect((err as ParseError).message).toContain('x.json');
  });

  it('reads leads.ndjson with one row a line', async () => {
    const text = fixtureText('leads.ndjson');
    const headers = await collectNdjsonHeaders([text]);
    const records = await all(parseNdjsonRecords(piecesOf(text, [7]), headers));
    expect(headers).toEqual(['name', 'phone', 'source', 'score']);
    expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(records[1]!.cells[3]).toBe('101');
    expect(records[2]!.cells).toEqual(['Ana Ruiz', '+34612345678', 'web', '']);
  });

  it('names the NDJSON line that is not JSON', async () => {
    const err = await caught(all(parseNdjsonRecords(['{"a":1}\n\n{"a":\n'], [])));
    expect(err.code).toBe('INVALID_JSON');
    expect(err.row).toBe(3);
  });
});

describe('canonicalNumber', () => {
  it('writes numbers in plain decimals with every digit', () => {
    expect(canonicalNumber(3104567890)).toBe('3104567890');
    expect(canonicalNumber(1.5e-7)).toBe('0.00000015');
    expect(canonicalNumber(-2.5e22)).toBe('-25000000000000000000000');
    expect(canonicalNumber(12.5)).toBe('12.5');
  });
});

describe('readWorkbookRecords', () => {
  for (const name of ['clients-es-two-sheets.xlsx', 'clients-es-two-sheets.ods']) {
    it(`picks the data sheet of ${name} and keeps its values as the user sees them`, () => {
      const book = readWorkbookRecords(fixture(name));
      expect(book.sheets).toEqual(['Notas', 'Clientes']);
      expect(book.sheet).toBe('Clientes');
      const [title, header, first, second] = book.records;
      expect(title!.row).toBe(1);
      expect(header!.row).toBe(3);
      expect(header!.cells[0]).toBe('id_cliente');
      expect(first!.row).toBe(4);
      expect(first!.cells[8]).toBe('050021');
      expect(first!.cells[5]).toBe('3104567890');
      expect(first!.cells[10]).toBe('2022-03-15');
      expect(second!.cells[10]).toBe('2021-11-02');
      expect(book.records.at(-1)!.cells[10]).toBe('2023-12-31');
    });
  }

  it('reads the sheet asked for, and names the sheets when it does not exist', () => {
    expect(readWorkbookRecords(fixture('clients-es-two-sheets.xlsx'), { sheet: 'Notas' }).records[0]!.cells[0]).toBe(
      'Exportado desde el sistema anterior',
    );
    expect(() => readWorkbookRecords(fixture('clients-es-two-sheets.xlsx'), { sheet: 'Hoja1' })).toThrow(/Notas.*Clientes/);
  });

  it('writes dates, date-times and numbers without drift or exponent in every format', () => {
    const sheet = utils.aoa_to_sheet(
      [
        ['day', 'when', 'phone', 'big', 'tiny', 'sum', 'zip'],
        [new Date(Date.UTC(1901, 0, 1)), new Date(Date.UTC(2024, 2, 31, 2, 30)), 3104567890, 1e21, 1.5e-7, 0.1 + 0.2, '050021'],
      ],
      { cellDates: true, UTC: true },
    );
    const wb = utils.book_new();
    utils.book_append_sheet(wb, sheet, 'Data');
    for (const bookType of ['xlsx', 'xls', 'ods'] as const) {
      const bytes = write(wb, { type: 'array', bookType }) as ArrayBuffer;
      expect(readWorkbookRecords(bytes).records[1]!.cells, bookType).toEqual([
        '1901-01-01',
        '2024-03-31T02:30:00',
        '3104567890',
        '1000000000000000000000',
        '0.00000015',
        '0.3',
        '050021',
      ]);
    }
  });

  it('refuses a workbook whose cells pass the limit', () => {
    const rows = Array.from({ length: 200 }, (_, r) => Array.from({ length: 20 }, (_, c) => r * c));
    const wb = utils.book_new();
    utils.book_append_sheet(wb, utils.aoa_to_sheet(rows), 'Big');
    const bytes = write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
    expect(readWorkbookRecords(bytes).records).toHaveLength(200);
    expect(() => readWorkbookRecords(bytes, { maxCells: 1000, file: 'big.xlsx' })).toThrow(/big\.xlsx: .*4000 cells/);
  });

  it('refuses a file over the size limit', () => {
    expect(() => readWorkbookRecords(fixture('clients-es-two-sheets.xlsx'), { maxBytes: 1000 })).toThrow(ParseError);
  });

  it('refuses a ZIP that declares an absurd unpacked size, before unpacking it', () => {
    const bomb = craftZip([{ name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(1000), declaredSize: 3_000_000_000 }]);
    let err: unknown;
    try {
      readWorkbookRecords(bomb, { file: 'bomb.xlsx' });
    } catch (e) {
      err = e;
    }
    expect((err as ParseError).code).toBe('WORKBOOK_TOO_LARGE');
    expect((err as ParseError).message).toMatch(/^bomb\.xlsx: .*unpacks to 3000 MB/);
  });

  it('reports a damaged workbook clearly', () => {
    const broken = fixture('clients-es-two-sheets.xlsx').slice(0, 2000);
    expect(() => readWorkbookRecords(broken, { file: 'cut.xlsx' })).toThrow(ParseError);
  });
});
