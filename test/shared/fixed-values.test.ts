import { describe, expect, it } from 'vitest';
import {
  fixedValueProblems, HeaderError, identityMapping, mapHeaders, RowProcessor, toWireRow, wireColumns,
  type DatasetSchema, type ImportOptions,
} from '../../shared/index.ts';
import { checkDefinitionFiles } from '../../shared/definitions/index.ts';
import { leads } from '../../shared/presets/index.ts';

/** A phone list for one office: the office code fixed by the definition, the list named per import. */
const contacts: DatasetSchema = {
  name: 'contacts', label: 'Contacts', version: 1, keys: [['phone']], defaultCountry: 'US',
  fields: [
    { name: 'phone', type: 'phone', required: true },
    { name: 'office', type: 'text', required: true, constant: 'SCL-01' },
    { name: 'list', type: 'text', required: true },
    { name: 'opted_in', type: 'boolean', default: 'no' },
    { name: 'score', type: 'integer', default: '10' },
  ],
};

const errorsOf = (issues: { severity: string; code: string }[]) => issues.filter((i) => i.severity === 'error').map((i) => i.code);

describe('constant', () => {
  it('fills every row from the definition, whatever the file has', () => {
    const p = new RowProcessor(contacts, { phone: [0] }, { values: { list: 'spring' } });
    expect(p.process(['(415) 201-4567'], 2).values.office).toBe('SCL-01');
  });

  it('satisfies a required field with no column in the file', () => {
    const m = mapHeaders(['phone', 'list'], contacts);
    expect(m.missingRequired).toEqual([]);
  });

  it('refuses a column that would feed a constant field, naming the column and the value', () => {
    const attempt = () => mapHeaders(['phone', 'list', 'office'], contacts);
    expect(attempt).toThrow(HeaderError);
    expect(attempt).toThrow('column 3 "office" would feed office, which the dataset definition gives the same value "SCL-01" on every row; ignore the column or drop that value');
  });

  it('refuses a manual choice of a constant field too', () => {
    expect(() => mapHeaders(['phone', 'list', 'branch'], contacts, { manual: { branch: 'office' } })).toThrow(/column 3 "branch" would feed office/);
  });

  it('maps the file once the column is ignored', () => {
    const m = mapHeaders(['phone', 'list', 'office'], contacts, { manual: { office: '' } });
    expect(m.mapping.office).toEqual([]);
    expect(m.columns[2]).toMatchObject({ field: null, how: 'manual' });
  });

  it('never guesses a constant field for a look-alike column', () => {
    const m = mapHeaders(['phone', 'list', 'ofice'], contacts);
    expect(m.columns[2]!.field).toBeNull();
  });

  it('makes a row whose own cell differs an error, never overwriting it', () => {
    const p = new RowProcessor(contacts, { phone: [0], list: [1], office: [2] });
    const row = p.process(['(415) 201-4567', 'spring', 'LIM-02'], 4);
    expect(row.valid).toBe(false);
    expect(row.issues).toContainEqual({
      row: 4, field: 'office', code: 'conflicts_with_fixed_value', severity: 'error',
      message: 'office "LIM-02" differs from "SCL-01", the value the dataset definition gives every row',
    });
    expect(row.raw.office).toBe('LIM-02');
  });

  it('accepts a row whose own cell holds the same value', () => {
    const p = new RowProcessor(contacts, { phone: [0], list: [1], office: [2] });
    expect(p.process(['(415) 201-4567', 'spring', ' SCL-01 '], 4).valid).toBe(true);
  });
});

describe('default', () => {
  it('fills an empty cell of any type, read like a cell', () => {
    const p = new RowProcessor(contacts, { phone: [0], list: [1], opted_in: [2], score: [3] });
    const row = p.process(['(415) 201-4567', 'spring', '', ''], 2);
    expect(row.values.opted_in).toBe(false);
    expect(row.values.score).toBe(10);
  });

  it('warns on the row that the value came from the default, not the file', () => {
    const p = new RowProcessor(contacts, { phone: [0], list: [1], score: [2] });
    const row = p.process(['(415) 201-4567', 'spring', ''], 2);
    expect(row.valid).toBe(true);
    expect(row.issues).toContainEqual({ row: 2, field: 'score', code: 'filled_from_default', severity: 'warning', message: 'score was empty; the default "10" was used' });
  });

  it('leaves a cell the file filled alone', () => {
    const p = new RowProcessor(contacts, { phone: [0], list: [1], score: [2] });
    expect(p.process(['(415) 201-4567', 'spring', '70'], 2).values.score).toBe(70);
  });

  it('satisfies a required field with no column', () => {
    const schema: DatasetSchema = { ...contacts, fields: [{ name: 'country', type: 'text', required: true, default: 'CL' }] };
    expect(mapHeaders([], schema).missingRequired).toEqual([]);
    expect(new RowProcessor(schema, {}).process([], 2)).toMatchObject({ valid: true, values: { country: 'CL' } });
  });

  it('checks the default like a cell: a default the field cannot read is the row error', () => {
    const schema: DatasetSchema = { ...contacts, fields: [{ name: 'score', type: 'integer', default: 'ten' }] };
    expect(errorsOf(new RowProcessor(schema, { score: [0] }).process([''], 2).issues)).toEqual(['invalid_integer']);
    expect(fixedValueProblems(schema)).toEqual(['score "ten" is not a whole number']);
  });
});

describe('ImportOptions.values', () => {
  const options: ImportOptions = { values: { list: 'spring' } };

  it('fills a required field for every row, as if each cell held the text', () => {
    const p = new RowProcessor(contacts, { phone: [0] }, options);
    const row = p.process(['(415) 201-4567'], 2);
    expect(row).toMatchObject({ valid: true, values: { list: 'spring' }, raw: { list: 'spring' } });
  });

  it('counts the field as present in the mapping and puts it among the columns', () => {
    const m = mapHeaders(['phone'], contacts, options);
    expect(m.missingRequired).toEqual([]);
    expect(Object.keys(m.mapping)).toEqual(['phone', 'office', 'list']);
  });

  it('leaves a required field without a value missing', () => {
    expect(mapHeaders(['phone'], contacts).missingRequired).toEqual(['list']);
  });

  it('refuses a column that would feed a field the import fills', () => {
    expect(() => mapHeaders(['phone', 'list'], contacts, options))
      .toThrow('column 2 "list" would feed list, which this import gives the same value "spring" on every row; ignore the column or drop that value');
  });

  it('sends fields filled for every row on the wire, and the server reaches the same values without the import values', () => {
    const mapping = mapHeaders(['phone'], contacts, options).mapping;
    const columns = wireColumns(contacts, mapping, options);
    expect(columns).toEqual(['phone', 'office', 'list']);
    const row = new RowProcessor(contacts, mapping, options).process(['(415) 201-4567'], 2);
    const wire = toWireRow(row, columns);
    expect(wire).toEqual(['+14152014567', 'SCL-01', 'spring']);
    for (const serverOptions of [options, {}]) {
      const again = new RowProcessor(contacts, identityMapping(columns), serverOptions).process(wire, 2);
      expect(again.values).toEqual(row.values);
      expect(again.valid).toBe(true);
    }
  });

  it('sends the text of a fill value the field cannot read, so the server finds the same error', () => {
    const bad: ImportOptions = { values: { list: 'spring', opted_in: 'maybe' } };
    const mapping = mapHeaders(['phone'], contacts, bad).mapping;
    const columns = wireColumns(contacts, mapping, bad);
    const row = new RowProcessor(contacts, mapping, bad).process(['(415) 201-4567'], 2);
    expect(errorsOf(row.issues)).toEqual(['invalid_boolean']);
    const again = new RowProcessor(contacts, identityMapping(columns)).process(toWireRow(row, columns), 2);
    expect(again.issues.filter((i) => i.severity === 'error')).toEqual(row.issues.filter((i) => i.severity === 'error'));
  });

  it('cannot change a constant: every row is refused, and the check says so before any row', () => {
    const clash: ImportOptions = { values: { list: 'spring', office: 'LIM-02' } };
    const row = new RowProcessor(contacts, { phone: [0] }, clash).process(['(415) 201-4567'], 2);
    expect(errorsOf(row.issues)).toEqual(['conflicts_with_fixed_value']);
    expect(fixedValueProblems(contacts, clash)).toEqual(['office is fixed to "SCL-01" by the dataset definition; the import cannot set it to "LIM-02"']);
  });

  it('names values for fields the dataset does not have', () => {
    expect(fixedValueProblems(contacts, { values: { colour: 'red' } })).toEqual(['colour is not a field of contacts']);
  });
});

describe('a value for every row is checked as a row\'s cell is, before any row is read', () => {
  it('refuses a value out of its field\'s range, not only one it cannot read', () => {
    expect(fixedValueProblems(leads, { values: { score: '500' } })).toEqual([expect.stringMatching(/500 .*100|100.*500/)]);
  });

  it('refuses a definition whose default breaks its own field\'s rules', () => {
    const [problem] = checkDefinitionFiles([{ file: 'p.json', text: JSON.stringify({
      name: 'p', label: 'P', version: 1, keys: [['code']],
      fields: [{ name: 'code', type: 'text', pattern: '[A-Z]{3}' }, { name: 'age', type: 'integer', min: 0, max: 120, default: '130' }],
    }) }], []).problems;
    expect(problem).toMatchObject({ file: 'p.json', path: 'fields[1].default', message: expect.stringMatching(/^"130" is not a valid integer: .*120/) });
  });
});
