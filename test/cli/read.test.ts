import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { checkZipInflation as checkInflation } from '../../shared/parse/index.ts';
import { PIECE_BYTES, openRecordSource } from '../../cli/read/index.ts';
import { openError, readAll, tempFiles } from './read-files.ts';
import { checkZipInflation, inflatedSize } from '../../cli/read/zip-inflation.ts';
import { inflatedSize as workerInflatedSize } from '../../web/worker/zip-inflation.ts';
import { craftZip } from '../zip.ts';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const { dir, write: tempFile } = tempFiles('sluice-read-');

describe('openRecordSource on the sample files', () => {
  it('reads the French Windows-1252 export: separator, title skipped, accents and € right', async () => {
    const source = await openRecordSource(fixture('leads-fr-semicolon-cp1252.csv'));
    expect(source).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';', headerRow: 3 });
    expect(source.headers).toEqual(['name', 'phone', 'email', 'source', 'lead_source', 'notes', 'score']);
    const records = await readAll(source);
    expect(records.map((r) => r.row)).toEqual([4, 5, 6, 7, 8]);
    expect(records[0]!.cells[0]).toBe('Hélène Faure');
    expect(records[0]!.cells[5]).toBe('Appartement 3 pièces; budget 250 000 €');
    expect(records[1]!.cells[3]).toBe('Téléphone');
  });

  it('finds the Spanish CSV header below its title', async () => {
    const source = await openRecordSource(fixture('clients-es.csv'));
    expect(source).toMatchObject({ format: 'csv', delimiter: ',', headerRow: 3 });
    expect(source.headers[0]).toBe('id_cliente');
    const records = await readAll(source);
    expect(records).toHaveLength(5);
    expect(records[0]!.cells[8]).toBe('050021');
  });

  for (const [name, format] of [
    ['clients-es-two-sheets.xlsx', 'xlsx'],
    ['clients-es-two-sheets.ods', 'ods'],
  ] as const) {
    it(`opens the Clientes sheet of ${name}, header found, zeros and dates kept`, async () => {
      const source = await openRecordSource(fixture(name));
      expect(source).toMatchObject({ format, sheets: ['Notas', 'Clientes'], sheet: 'Clientes', headerRow: 3 });
      expect(source.headers).toContain('fecha_registro');
      const records = await readAll(source);
      expect(records.map((r) => r.row)).toEqual([4, 5, 6, 7, 8]);
      const col = (header: string) => source.headers.indexOf(header);
      expect(records[0]!.cells[col('codigo_postal')]).toBe('050021');
      expect(records[0]!.cells[col('celular')]).toBe('3104567890');
      expect(records.map((r) => r.cells[col('fecha_registro')])).toEqual(['2022-03-15', '2021-11-02', '', '2023-01-05', '2023-12-31']);
    });
  }

  it('opens the sheet asked for', async () => {
    const source = await openRecordSource(fixture('clients-es-two-sheets.xlsx'), { sheet: 'Notas' });
    expect(source.sheet).toBe('Notas');
    await source.close();
  });

  it('opens the visible data sheet of odd-cells.xlsx, with the hidden sheets and the notes on converted cells', async () => {
    const source = await openRecordSource(fixture('odd-cells.xlsx'));
    expect(source).toMatchObject({ sheet: 'Contacts', sheets: ['Lookup', 'Contacts'], hiddenSheets: ['Lookup'], headerRow: 1 });
    expect(source.notes).toHaveLength(8);
    expect(source.notes[0]).toMatchObject({ code: 'workbook', warning: true, message: 'odd-cells.xlsx: sheet "Lookup" is hidden in the workbook and was not read; choose it to import it' });
    const [ana] = await readAll(source);
    expect(ana!.cells.slice(0, 4)).toEqual(['Ana', '01234', '01234-5678', '012-34-5678']);
  });

  it('reads phones.txt: 9 values, the | line split into three with one row number', async () => {
    const source = await openRecordSource(fixture('phones.txt'));
    expect(source).toMatchObject({ format: 'txt', headers: ['value'] });
    const records = await readAll(source);
    expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 5, 5, 6, 7]);
  });

  it('reads phones.json: 4 records under the union of keys', async () => {
    const source = await openRecordSource(fixture('phones.json'));
    expect(source).toMatchObject({ format: 'json', headers: ['phone_number', 'carrier', 'type'] });
    const records = await readAll(source);
    expect(records).toHaveLength(4);
    expect(records[2]!.cells[0]).toBe('not a phone');
  });

  it('reads leads.ndjson: 3 records on rows 1 to 3', async () => {
    const source = await openRecordSource(fixture('leads.ndjson'));
    expect(source).toMatchObject({ format: 'ndjson', headers: ['name', 'phone', 'source', 'score'] });
    expect((await readAll(source)).map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('takes the header row the user gives', async () => {
    const source = await openRecordSource(fixture('clients-es.csv'), { headerRow: 4 });
    expect(source.headers[0]).toBe('C-001');
    expect((await readAll(source))[0]!.row).toBe(5);
  });

  it('says so when the given header row is blank', async () => {
    const err = await openError(fixture('clients-es.csv'), { headerRow: 2 });
    expect(err.code).toBe('HEADER_ROW_NOT_FOUND');
    expect(err.message).toContain('clients-es.csv');
  });
});

describe('openRecordSource on encodings and piece boundaries', () => {
  it('strips a UTF-8 BOM from the first header', async () => {
    const path = tempFile('bom.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('email,name\na@x.fr,Zoé\n')]));
    const source = await openRecordSource(path);
    expect(source.encoding).toBe('utf-8');
    expect(source.headers).toEqual(['email', 'name']);
    expect(source.headers[0]!.charCodeAt(0)).toBe(0x65);
    expect((await readAll(source))[0]!.cells).toEqual(['a@x.fr', 'Zoé']);
  });

  it('decodes UTF-16LE with a BOM', async () => {
    const text = 'nom\tville\r\nHélène\tLyon €\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const source = await openRecordSource(tempFile('utf16.txt', bytes));
    expect(source).toMatchObject({ format: 'tsv', encoding: 'utf-16le', headers: ['nom', 'ville'] });
    expect((await readAll(source))[0]!.cells).toEqual(['Hélène', 'Lyon €']);
  });

  it('decodes characters split across a 64 KiB piece boundary', async () => {
    for (const ch of ['é', '€', '😀']) {
      const header = 'id,text\n';
      const filler = 'x'.repeat(PIECE_BYTES - header.length - '1,'.length - 1); // ch starts on the last byte of piece 1
      const path = tempFile('boundary.csv', `${header}1,${filler}${ch}${ch}\n2,fin ${ch}\n`);
      const bytes = Buffer.byteLength(`${header}1,${filler}`);
      expect(bytes).toBeLessThan(PIECE_BYTES);
      expect(bytes + Buffer.byteLength(ch)).toBeGreaterThan(PIECE_BYTES);
      const records = await readAll(await openRecordSource(path));
      expect(records[0]!.cells[1]).toBe(filler + ch + ch);
      expect(records[1]!.cells).toEqual(['2', `fin ${ch}`]);
    }
  });

  it('keeps row numbers right after a quoted field with line breaks', async () => {
    const path = tempFile('multiline.csv', 'name,address\r\nAna,"12 rue Haute\r\nBât. B\r\n69001 Lyon"\r\nLuis,Paris\r\n\r\nEva,Nice\r\n');
    const records = await readAll(await openRecordSource(path));
    expect(records.map((r) => [r.row, r.cells[0]])).toEqual([
      [2, 'Ana'],
      [3, 'Luis'],
      [5, 'Eva'],
    ]);
    expect(records[0]!.cells[1]).toBe('12 rue Haute\r\nBât. B\r\n69001 Lyon');
  });

  it('names the file and the row where an unbalanced quote opens', async () => {
    const path = tempFile('broken.csv', 'name,note\nAna,ok\nLuis,ok\nEva,"oops\nZoe,ok\n');
    const err = await openError(path);
    expect(err.code).toBe('UNBALANCED_QUOTE');
    expect(err.row).toBe(4);
    expect(err.message).toMatch(/^broken\.csv: row 4: column 2: /);
  });

  it('names a file that does not exist', async () => {
    const err = await openError(join(dir, 'missing.csv'));
    expect(err.code).toBe('UNREADABLE_FILE');
    expect(err.message).toContain('missing.csv');
  });
});

describe('openRecordSource on huge and hostile files', () => {
  it('streams a 200,000-row CSV with flat memory', async () => {
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    out.write('id;name;email;phone;city;note\n');
    for (let i = 1; i <= 200_000; i++) {
      const line = `${i};Person ${i};person${i}@example.com;+33 6 12 34 ${String(i % 100).padStart(2, '0')} 00;Lyon;"note ""${i}"", ok"\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const fileBytes = (await import('node:fs')).statSync(path).size;

    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let lastRow = 0;
    const source = await openRecordSource(path);
    for await (const r of source.records) {
      count++;
      lastRow = r.row;
      if (count % 20_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      }
    }
    await source.close();
    expect(count).toBe(200_000);
    expect(lastRow).toBe(200_001);
    expect(fileBytes).toBeGreaterThan(15_000_000);
    expect(peak).toBeLessThan(fileBytes / 5);
  });

  it('reads a 5,000-column CSV', async () => {
    const header = Array.from({ length: 5000 }, (_, i) => `col${i}`).join(',');
    const row = Array.from({ length: 5000 }, (_, i) => `v${i}`).join(',');
    const source = await openRecordSource(tempFile('wide.csv', `${header}\n${row}\n${row}\n`));
    expect(source.headers).toHaveLength(5000);
    const records = await readAll(source);
    expect(records).toHaveLength(2);
    expect(records[1]!.cells[4999]).toBe('v4999');
  });

  it('does not let hostile JSON keys pollute Object.prototype', async () => {
    const path = tempFile('hostile.json', '[{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"isAdmin": true}}, "name": "x"}]');
    const records = await readAll(await openRecordSource(path));
    expect(records).toHaveLength(1);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('names the line of malformed NDJSON', async () => {
    const err = await openError(tempFile('bad.ndjson', '{"a":1}\n{"a":2}\n{"a":\n'));
    expect(err.code).toBe('INVALID_JSON');
    expect(err.row).toBe(3);
    expect(err.message).toContain('bad.ndjson');
  });

  it('refuses a workbook that unpacks to far more than it declares', async () => {
    // 50 MB of zeros that claims to unpack to 1 KB: SheetJS would trust it.
    const bomb = liarZip('xl/worksheets/sheet1.xml', new Uint8Array(50_000_000), 1000);
    await expect(checkZipInflation(bomb, 10_000_000, 'bomb.xlsx')).rejects.toThrow(/bomb\.xlsx: .*more than 10 MB/);
    await expect(checkZipInflation(bomb, 60_000_000, 'bomb.xlsx')).resolves.toBeUndefined();
  });

  it('refuses a zip bomb whose headers lie about the compressed size or the method, after at most its limit', async () => {
    const zeros = new Uint8Array(50_000_000);
    const liars = {
      'a false compressed size in the local header': craftZip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1000, localCompressedSize: 10 }]),
      'a central directory saying "stored"': craftZip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1000, centralMethod: 0 }]),
    };
    // node:zlib (the CLI's) and fflate (the browser worker's, pure JS so it runs here too)
    for (const [lie, bomb, inflater] of Object.entries(liars).flatMap(([l, b]) => [[l, b, inflatedSize], [`${l} (worker)`, b, workerInflatedSize]] as const)) {
      let inflated = 0;
      const counting = async (data: Uint8Array, budget: number) => {
        const size = await inflater(data, budget);
        inflated += size;
        return size;
      };
      await expect(checkInflation(bomb, 10_000_000, 'bomb.xlsx', counting), lie).rejects.toThrow(/bomb\.xlsx: this workbook unpacks to more than 10 MB/);
      // the guard stops within one inflated piece of its limit
      expect(inflated, lie).toBeLessThan(10_000_000 + 1024 * 1024);
      await expect(checkInflation(bomb, 60_000_000, 'bomb.xlsx', inflater), lie).resolves.toBeUndefined();
    }
  });

  it('refuses a workbook declaring an absurd unpacked size when opened', async () => {
    const path = tempFile('declared.xlsx', liarZip('xl/worksheets/sheet1.xml', new Uint8Array(10), 3_000_000_000));
    const err = await openError(path);
    expect(err.code).toBe('WORKBOOK_TOO_LARGE');
    expect(err.message).toContain('declared.xlsx');
  });
});

/** A one-entry ZIP whose headers declare `declaredSize` whatever `data` really unpacks to. */
function liarZip(name: string, data: Uint8Array, declaredSize: number): Uint8Array {
  return craftZip([{ name, data, declaredSize }]);
}
