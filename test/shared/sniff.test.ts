import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  detectEncoding,
  detectHeaderRow,
  sniffFormat,
  splitSampleRecords,
} from '../../shared/sniff/index.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const cp1252 = (bytes: Uint8Array) => new TextDecoder('windows-1252').decode(bytes);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('detectEncoding', () => {
  it('recognizes the French Excel export as Windows-1252', () => {
    expect(detectEncoding(fixture('leads-fr-semicolon-cp1252.csv'))).toEqual({ encoding: 'windows-1252', bomLength: 0 });
  });

  it('recognizes accented UTF-8 without a BOM', () => {
    expect(detectEncoding(fixture('clients-es.csv'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('reads byte-order marks first', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });

  it('does not call a sample cut in the middle of a character invalid', () => {
    for (const text of ['prix 10 €', 'Hélène', 'ok 😀']) {
      const bytes = utf8(text);
      expect(detectEncoding(bytes.subarray(0, bytes.length - 1)).encoding).toBe('utf-8');
    }
  });

  it('falls back to Windows-1252 on bytes that are not UTF-8', () => {
    expect(detectEncoding(new Uint8Array([0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65])).encoding).toBe('windows-1252');
    expect(detectEncoding(new Uint8Array([0xc0, 0xaf])).encoding).toBe('windows-1252'); // overlong "/"
  });

  it('spots UTF-16 without a BOM by its zero bytes', () => {
    const le = new Uint8Array([...'name,phone\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(detectEncoding(le).encoding).toBe('utf-16le');
  });
});

describe('detectDelimiter', () => {
  it('finds the semicolon of the French export below its title line', () => {
    expect(detectDelimiter(cp1252(fixture('leads-fr-semicolon-cp1252.csv')))).toBe(';');
  });

  it('finds the comma of the Spanish CSV below its title line', () => {
    expect(detectDelimiter(readFileSync(new URL('../fixtures/clients-es.csv', import.meta.url), 'utf8'))).toBe(',');
  });

  it('is not fooled by decimal commas', () => {
    expect(detectDelimiter('12,5;13,7\n1,25;8,0\n')).toBe(';');
    expect(detectDelimiter('12,5;13,7')).toBe(';');
    expect(detectDelimiter('produit;prix;poids\nA;12,5;1,2\nB;3,75;0,5\n')).toBe(';');
  });

  it('ignores delimiters inside quoted fields', () => {
    expect(detectDelimiter('"a;b",c\n"d;e;f",g\n"h",i\n')).toBe(',');
  });

  it('finds tabs and pipes', () => {
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('falls back to a comma for a single column', () => {
    expect(detectDelimiter('one\ntwo\n')).toBe(',');
  });
});

describe('detectHeaderRow', () => {
  const rows = (text: string, d: string) => splitSampleRecords(text, d, 30);

  it('skips the title line and the blank line of the French export', () => {
    expect(detectHeaderRow(rows(cp1252(fixture('leads-fr-semicolon-cp1252.csv')), ';'))).toBe(2);
  });

  it('finds the Spanish header below its title', () => {
    const text = readFileSync(new URL('../fixtures/clients-es.csv', import.meta.url), 'utf8');
    expect(detectHeaderRow(rows(text, ','))).toBe(2);
  });

  it('takes the first row when the file starts with its header', () => {
    expect(detectHeaderRow([['id', 'name'], ['1', 'Ana'], ['2', 'Luis']])).toBe(0);
  });

  it('prefers the row that names the dataset fields', () => {
    const table = [
      ['Report', 'Generated', 'Monthly'],
      ['name', 'phone', 'email'],
      ['Ana', '555 0100', 'ana@example.com'],
      ['Luis', '555 0101', 'luis@example.com'],
    ];
    expect(detectHeaderRow(table)).toBe(0);
    expect(detectHeaderRow(table, ['name', 'phone', 'email', 'e-mail'])).toBe(1);
  });

  it('returns 0 for nothing but blank rows', () => {
    expect(detectHeaderRow([[''], [], ['', '']])).toBe(0);
  });
});

describe('sniffFormat', () => {
  it('tells workbooks, JSON and delimited text apart by content', () => {
    expect(sniffFormat(fixture('clients-es-two-sheets.xlsx'))).toBe('xlsx');
    expect(sniffFormat(fixture('clients-es-two-sheets.ods'))).toBe('ods');
    expect(sniffFormat(fixture('phones.json'))).toBe('json');
    expect(sniffFormat(fixture('leads.ndjson'))).toBe('ndjson');
    expect(sniffFormat(fixture('clients-es.csv'))).toBe('csv');
  });
});
