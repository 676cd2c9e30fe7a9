import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identityMapping, mapHeaders, RowProcessor, toWireRow, wireColumns, type DatasetSchema, type ProcessedRow } from '../../shared/index.ts';
import { parseTextRecords, TEXT_HEADER } from '../../shared/parse/txt.ts';

/** The user-defined dataset the phone list goes into: numbers stored as 11 digits. */
const phoneNumbers: DatasetSchema = {
  name: 'phone_numbers', label: 'Phone numbers', version: 1, keys: [['phone']],
  fields: [{ name: 'phone', type: 'phone', format: 'nanp11', required: true }],
};

async function importPhones(): Promise<{ rows: ProcessedRow[]; columns: string[] }> {
  const text = readFileSync(new URL('../fixtures/phones.txt', import.meta.url), 'utf8');
  const { mapping } = mapHeaders([TEXT_HEADER], phoneNumbers, { manual: { [TEXT_HEADER]: 'phone' } });
  const processor = new RowProcessor(phoneNumbers, mapping);
  const rows: ProcessedRow[] = [];
  for await (const record of parseTextRecords([text])) rows.push(processor.process(record.cells, record.row));
  return { rows, columns: wireColumns(phoneNumbers, mapping) };
}

describe('phones.txt into a phone_numbers dataset (nanp11)', () => {
  it('stores 7 distinct numbers as 1XXXXXXXXXX', async () => {
    const { rows } = await importPhones();
    const kept = rows.filter((r) => r.valid && r.duplicateOf === undefined).map((r) => r.values.phone);
    expect(kept).toHaveLength(7);
    expect(new Set(kept).size).toBe(7);
    for (const phone of kept) expect(phone).toMatch(/^1\d{10}$/);
  });

  it('counts the repeated number as one duplicate, of line 1', async () => {
    const { rows } = await importPhones();
    const duplicates = rows.filter((r) => r.duplicateOf !== undefined);
    expect(duplicates.map((r) => [r.row, r.duplicateOf])).toEqual([[6, 1]]);
  });

  it('rejects 12345 alone, with its line number', async () => {
    const { rows } = await importPhones();
    const rejected = rows.filter((r) => !r.valid);
    expect(rejected.map((r) => r.row)).toEqual([7]);
    expect(rejected[0]!.issues).toEqual([expect.objectContaining({ row: 7, field: 'phone', code: 'invalid_phone', severity: 'error' })]);
  });

  it("reaches the same verdict on the server's re-check of the wire rows", async () => {
    const { rows, columns } = await importPhones();
    const server = new RowProcessor({ ...phoneNumbers, keys: [] }, identityMapping(columns));
    for (const row of rows) {
      const again = server.process(toWireRow(row, columns), row.row);
      expect(again.values, `line ${row.row}`).toEqual(row.values);
      expect(again.valid).toBe(row.valid);
    }
  });
});
