import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  clients, identityMapping, leads, mapHeaders, RowProcessor, toWireRow,
  type DatasetSchema, type ImportOptions, type ProcessedRow,
} from '../../shared/index.ts';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);

/** Runs a file whose header sits on `headerLine` (1-based) through the pipeline; rows keep their file line numbers. */
function runFile(text: string, delimiter: string, headerLine: number, schema: DatasetSchema, options?: ImportOptions) {
  const { data } = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const headers = data[headerLine - 1]!;
  const mapped = mapHeaders(headers, schema);
  const processor = new RowProcessor(schema, mapped.mapping, options);
  const rows = new Map<number, ProcessedRow>();
  data.slice(headerLine).forEach((cells, i) => {
    if (cells.length === 1 && cells[0] === '') return;
    const line = headerLine + 1 + i;
    rows.set(line, processor.process(cells, line));
  });
  return { mapped, rows };
}

const codes = (row: ProcessedRow | undefined) => row?.issues.map((i) => `${i.field}:${i.code}`);

describe('clients-es.csv through the pipeline', () => {
  const { rows } = runFile(readFileSync(fixture('clients-es.csv'), 'utf8'), ',', 3, clients);
  const byId = (id: string) => [...rows.values()].find((r) => r.values.external_id === id)!;

  it('processes the five data rows with their file line numbers', () => {
    expect([...rows.keys()]).toEqual([4, 5, 6, 7, 8]);
  });

  it('reports C-004 as a duplicate of C-002 by email in other case', () => {
    const dup = byId('C-004');
    expect(dup.duplicateOf).toBe(byId('C-002').row);
    expect(dup.duplicateOf).toBe(5);
    expect(dup.valid).toBe(true);
    expect(dup.issues).toContainEqual({ row: 7, field: 'email', code: 'duplicate', message: 'duplicate of row 5 (same email)', severity: 'warning' });
  });

  it('rejects C-005 for its invalid email', () => {
    const bad = byId('C-005');
    expect(bad.valid).toBe(false);
    expect(codes(bad)).toContain('email:invalid_email');
    expect(bad.raw.email).toBe('sara@@correo');
  });

  it("keeps the postal code's leading zero", () => {
    expect(byId('C-001').values.postal_code).toBe('050021');
  });

  it('reads dd/mm/yyyy dates', () => {
    expect(byId('C-001').values.registered_at).toBe('2022-03-15');
    expect(byId('C-005').values.registered_at).toBe('2023-12-31');
  });

  it('warns about dates whose day and month could be swapped', () => {
    expect(byId('C-002').values.registered_at).toBe('2021-11-02');
    expect(codes(byId('C-002'))).toContain('registered_at:ambiguous_date');
    expect(codes(byId('C-001'))).not.toContain('registered_at:ambiguous_date');
  });

  it('normalizes phones with the Colombian default country', () => {
    for (const row of rows.values()) {
      if (row.values.phone !== null) expect(row.values.phone).toMatch(/^\+57\d{10}$/);
    }
  });

  it('takes the mobile over the landline for C-001 and the landline when there is no mobile', () => {
    expect(byId('C-001').values.phone).toBe('+573104567890');
    expect(byId('C-003').values.phone).toBe('+576015550101');
  });

  it('accepts C-001, C-002 and C-003 without errors', () => {
    for (const id of ['C-001', 'C-002', 'C-003']) expect(byId(id).valid, id).toBe(true);
  });
});

describe('leads-fr-semicolon-cp1252.csv through the pipeline', () => {
  const text = new TextDecoder('windows-1252').decode(readFileSync(fixture('leads-fr-semicolon-cp1252.csv')));
  const { mapped, rows } = runFile(text, ';', 3, leads, { defaultCountry: 'FR' });
  const byName = (start: string) => [...rows.values()].find((r) => String(r.values.name).startsWith(start))!;

  it('maps every column', () => {
    expect(mapped.unknown).toEqual([]);
    expect(mapped.missingRequired).toEqual([]);
  });

  it("reports Gaëtan's phone as a duplicate of Jérôme's", () => {
    const gaetan = byName('Gaëtan');
    expect(gaetan.values.phone).toBe('+33761223344');
    expect(gaetan.duplicateOf).toBe(byName('Jérôme').row);
    expect(gaetan.issues.find((i) => i.code === 'duplicate')?.message).toBe('duplicate of row 5 (same phone)');
  });

  it('reports Noémie as missing the required phone', () => {
    const noemie = byName('Noémie');
    expect(noemie.valid).toBe(false);
    expect(noemie.issues).toContainEqual({ row: 8, field: 'phone', code: 'required', message: 'phone is required but empty', severity: 'error' });
  });

  it("maps the source 'Téléphone' to phone", () => {
    expect(byName('Jérôme').values.source).toBe('phone');
  });

  it('lowercases the uppercase email', () => {
    expect(byName('Anaïs').values.email).toBe('anais@example.fr');
  });

  it('keeps accents and the quoted semicolon in notes', () => {
    // Not the € itself: Node 20.18.3+ TextDecoder decodes windows-1252 0x80-0x9F as latin1
    // (nodejs/node#60888), so 0x80 arrives as U+0080 here, while browsers give '€'.
    expect(byName('Hélène').values.notes).toMatch(/^Appartement 3 pièces; budget 250 000 .$/u);
    expect(byName('Hélène').valid).toBe(true);
  });

  it('applies the default status NEW', () => {
    for (const row of rows.values()) expect(row.values.status).toBe('NEW');
  });
});

describe('leads.ndjson through the pipeline', () => {
  const lines = readFileSync(fixture('leads.ndjson'), 'utf8').trim().split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const columns = [...new Set(lines.flatMap((o) => Object.keys(o)))];
  const processor = new RowProcessor(leads, mapHeaders(columns, leads).mapping);
  const rows = lines.map((o, i) => processor.process(columns.map((c) => (o[c] === undefined ? '' : String(o[c]))), i + 1));

  it('reports the score "101" as out of range on line 2', () => {
    expect(rows[1]!.issues).toContainEqual({ row: 2, field: 'score', code: 'out_of_range', message: 'score 101 is above the maximum 100', severity: 'error' });
  });

  it('reports line 3 as a duplicate of line 1', () => {
    expect(rows[2]!.duplicateOf).toBe(1);
    expect(rows[2]!.valid).toBe(true);
  });

  it('reads SOCIAL_MEDIA as social_media', () => {
    expect(rows[1]!.values.source).toBe('social_media');
  });
});

describe('RowProcessor', () => {
  const schema: DatasetSchema = {
    name: 'demo', label: 'Demo', version: 1, keys: [['phone']], defaultCountry: 'FR',
    fields: [
      { name: 'phone', type: 'phone', required: true },
      { name: 'status', type: 'enum', default: 'NEW', values: [{ value: 'NEW' }, { value: 'WON' }] },
      { name: 'score', type: 'integer', max: 100 },
    ],
  };

  it('picks the first non-empty mapped column', () => {
    const p = new RowProcessor(schema, { phone: [1, 0] });
    expect(p.process(['0612345678', '  '], 2).values.phone).toBe('+33612345678');
    expect(p.process(['0612345678', '0761223344'], 3).values.phone).toBe('+33761223344');
  });

  it('applies the field default when the cell is empty', () => {
    const p = new RowProcessor(schema, { phone: [0], status: [1] });
    const row = p.process(['0612345678', ''], 2);
    expect(row.values.status).toBe('NEW');
    expect(row.raw.status).toBe('');
  });

  it('lets import options override the dataset country', () => {
    const p = new RowProcessor(schema, { phone: [0] }, { defaultCountry: 'US' });
    expect(p.process(['(415) 201-4567'], 2).values.phone).toBe('+14152014567');
  });

  it('does not register invalid rows as the original of a duplicate', () => {
    const p = new RowProcessor(schema, { phone: [0], score: [1] });
    expect(p.process(['0612345678', '500'], 2).valid).toBe(false);
    const second = p.process(['0612345678', '50'], 3);
    expect(second.duplicateOf).toBeUndefined();
    expect(p.process(['06 12 34 56 78', ''], 4).duplicateOf).toBe(3);
  });

  it('treats missing, null and undefined cells as empty', () => {
    const p = new RowProcessor(schema, { phone: [5], score: [0] });
    const row = p.process([null, undefined], 2);
    expect(row.issues.map((i) => i.code)).toEqual(['required']);
  });

  it('cannot be polluted by hostile mapping or cell content', () => {
    const mapping = JSON.parse('{"__proto__": [0], "phone": [0]}') as Record<string, number[]>;
    const p = new RowProcessor(schema, mapping);
    const row = p.process(['0612345678'], 2);
    for (const record of [row.values, row.raw]) {
      expect(record instanceof Object).toBe(false);
      expect('toString' in record || 'constructor' in record || 'hasOwnProperty' in record).toBe(false);
    }
    expect(({} as Record<string, unknown>).phone).toBeUndefined();
    expect(Object.keys(row.values)).toEqual(['phone', 'status', 'score']);
  });

  it('keeps fields named like Object.prototype members as plain own values', () => {
    const odd: DatasetSchema = {
      name: 'odd', label: 'Odd', version: 1, keys: [],
      fields: ['__proto__', 'constructor', 'toString'].map((name) => ({ name, label: name, type: 'text' as const })),
    };
    const row = new RowProcessor(odd, JSON.parse('{"__proto__": [0], "constructor": [1], "toString": [2]}') as Record<string, number[]>)
      .process(['a', 'b', 'c'], 2);
    expect(Object.keys(row.values)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(JSON.stringify(row.values)).toBe('{"__proto__":"a","constructor":"b","toString":"c"}');
    expect(JSON.stringify(row.raw)).toBe('{"__proto__":"a","constructor":"b","toString":"c"}');
    expect(row.values instanceof Object || row.raw instanceof Object).toBe(false);
  });
});

describe('toWireRow', () => {
  const columns = leads.fields.map((f) => f.name);

  it('sends canonical values, and raw text where a field failed', () => {
    const p = new RowProcessor(leads, mapHeaders(['name', 'phone', 'email', 'source', 'score'], leads).mapping, { defaultCountry: 'FR' });
    const row = p.process([' Ana ', '07.61.22.33.44', 'bad@@mail', 'Téléphone', '1 000'], 2);
    expect(toWireRow(row, columns)).toEqual(['Ana', '+33761223344', 'bad@@mail', 'phone', null, 'NEW', '1 000', null]);
  });

  it('makes the server reach the same verdict from the wire row', () => {
    const text = new TextDecoder('windows-1252').decode(readFileSync(fixture('leads-fr-semicolon-cp1252.csv')));
    const { rows } = runFile(text, ';', 3, leads, { defaultCountry: 'FR' });
    const server = new RowProcessor(leads, identityMapping(columns), { defaultCountry: 'FR' });
    for (const row of rows.values()) {
      const again = server.process(toWireRow(row, columns), row.row);
      expect(again.values, `row ${row.row}`).toEqual(row.values);
      expect(again.valid).toBe(row.valid);
      expect(again.duplicateOf).toBe(row.duplicateOf);
      expect(again.issues.filter((i) => i.severity === 'error')).toEqual(row.issues.filter((i) => i.severity === 'error'));
    }
  });
});

describe('identityMapping', () => {
  it('maps each column to the field of the same name', () => {
    const m = identityMapping(['name', 'phone']);
    expect({ ...m }).toEqual({ name: [0], phone: [1] });
    expect(Object.getPrototypeOf(m)).toBeNull();
  });
});
