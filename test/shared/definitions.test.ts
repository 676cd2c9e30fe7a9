import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDefinitionFiles, definitionJsonSchema, problemText } from '../../shared/definitions/index.ts';
import { mapHeaders } from '../../shared/mapping/index.ts';
import { RowProcessor } from '../../shared/pipeline.ts';
import { presets } from '../../shared/presets/index.ts';

const builtIn = Object.values(presets);
const base = {
  name: 'patients', label: 'Patients', version: 1,
  fields: [
    { name: 'full_name', type: 'text', required: true },
    { name: 'email', type: 'email' },
    { name: 'phone', type: 'phone', defaultCountry: 'CL' },
    { name: 'active', type: 'boolean', default: 'true' },
  ],
  keys: [['email'], ['phone']],
};
type Def = Record<string, unknown>;
const json = (d: Def, file = 'patients.json') => ({ file, text: JSON.stringify(d, null, 2) });
const check = (...files: { file: string; text: string }[]) => checkDefinitionFiles(files, builtIn);
const messages = (...files: { file: string; text: string }[]) => check(...files).problems.map(problemText);
const withField = (i: number, patch: Def) => ({ ...base, fields: base.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });

describe('dataset definition files', () => {
  it('accepts a correct definition, usable as a dataset by the pipeline', () => {
    const { datasets, problems } = check(json(base));
    expect(problems).toEqual([]);
    expect(datasets.map((d) => d.name)).toEqual(['patients']);
    const mapped = mapHeaders(['full_name', 'email', 'phone', 'active'], datasets[0]!);
    const row = new RowProcessor(datasets[0]!, mapped.mapping).process(['Ana Díaz', 'ANA@example.com', '', ''], 2);
    expect(row.values.email).toBe('ana@example.com');
  });

  it('names the file, the path and the field type meant by a misspelled type', () => {
    expect(messages(json(withField(2, { type: 'telefone' })))).toEqual([
      'patients.json: fields[2].type: "telefone" is not a field type; did you mean "phone"?',
    ]);
  });

  it('lists the allowed values when nothing is close', () => {
    expect(messages(json({ ...base, merge: 'overwrite' }))).toEqual([
      'patients.json: merge: "overwrite" is not a merge strategy; use one of "skip", "update", "create"',
    ]);
  });

  it('reports an unknown key with the key that was meant, at its path', () => {
    expect(messages(json({ ...base, lable: 'x' }))).toContain('patients.json: unknown key "lable"; did you mean "label"?');
    expect(messages(json(withField(0, { requird: true })))).toEqual(['patients.json: fields[0]: unknown key "requird"; did you mean "required"?']);
  });

  it('reports missing and mistyped keys', () => {
    const { version: _v, ...noVersion } = base;
    expect(messages(json(noVersion))).toEqual(['patients.json: version: is required']);
    expect(messages(json({ ...base, version: 1.5 }))).toEqual(['patients.json: version: expected a whole number, got number 1.5']);
    expect(messages(json({ ...base, fields: {} }))).toEqual(['patients.json: fields: expected a list, got an object']);
  });

  it('refuses names that cannot be SQL identifiers or object keys', () => {
    expect(messages(json(withField(1, { name: 'E-mail' })))[0]).toMatch(/^patients\.json: fields\[1\]\.name: must be a lowercase identifier/);
    expect(messages(json({ ...base, name: 'constructor' }))).toEqual(['patients.json: name: is a reserved word']);
  });

  it('checks that keys, scope and export columns name fields, suggesting the closest', () => {
    expect(messages(json({ ...base, keys: [['emial']], scope: [{ field: 'actve', in: ['true'] }], defaultColumns: ['nope'] }))).toEqual([
      'patients.json: keys[0][0]: "emial" is not a field of this dataset; did you mean "email"?',
      'patients.json: scope[0].field: "actve" is not a field of this dataset; did you mean "active"?',
      'patients.json: defaultColumns[0]: "nope" is not a field of this dataset',
    ]);
  });

  it('checks values against their field: a default of the wrong type, a broken pattern, min above max', () => {
    expect(messages(json({
      ...base,
      fields: [...base.fields, { name: 'age', type: 'integer', default: 'ten', min: 5, max: 1 }, { name: 'code', type: 'text', pattern: '([a-z' }],
    }))).toEqual([
      expect.stringMatching(/^patients\.json: fields\[4\]\.min: min 5 is above max 1$/),
      expect.stringMatching(/^patients\.json: fields\[4\]\.default: "ten" is not a valid integer: /),
      expect.stringMatching(/^patients\.json: fields\[5\]\.pattern: not a valid regular expression: /),
    ]);
  });

  it('reports a field defined twice and Sluice\'s own columns on a managed table', () => {
    expect(messages(json({ ...base, fields: [...base.fields, { name: 'email', type: 'text' }, { name: 'created_at', type: 'date' }] }))).toEqual([
      'patients.json: fields[4].name: "email" is defined twice',
      'patients.json: fields[5].name: "created_at" is a column Sluice keeps itself; choose another name',
    ]);
  });

  it('asks which organisation owns an existing table without an org column', () => {
    expect(messages(json({ ...base, table: 'pacientes_cliente' }))).toEqual([
      'patients.json: org: a table without an org column belongs to one organisation: name it in "org" (or give "orgColumn")',
    ]);
    expect(check(json({ ...base, table: 'pacientes_cliente', org: 'Clínica Sonrisa' })).problems).toEqual([]);
  });

  it('refuses table settings without a table, and a field written to the table\'s id column', () => {
    expect(messages(json({ ...base, idColumn: 'pk' }))).toEqual(['patients.json: idColumn: idColumn applies only to a dataset with a table']);
    expect(messages(json({ ...withField(0, { column: 'id' }), table: 't', orgColumn: 'org_id' }))).toEqual([
      'patients.json: fields[0].column: "id" is the table\'s id column, which the database fills',
    ]);
  });

  it('names the line of a JSON or YAML syntax error', () => {
    expect(messages({ file: 'a.json', text: '{\n  "name": "x",\n  "label": }' })[0]).toMatch(/^a\.json: not valid JSON at line 3: /);
    expect(messages({ file: 'b.yaml', text: 'name: x\nlabel: [unclosed\nversion: 1\n' })[0]).toMatch(/^b\.yaml: not valid YAML at line \d: /);
  });

  it('reads YAML as JSON', () => {
    const yaml = readFileSync(new URL('../fixtures/definitions/patients.yaml', import.meta.url), 'utf8');
    const fromYaml = check({ file: 'patients.yaml', text: yaml });
    expect(fromYaml.problems).toEqual([]);
    expect(fromYaml.datasets[0]).toEqual(check(json(base)).datasets[0]);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    expect(messages({ file: 'bomb.yaml', text: bomb })[0]).toMatch(/^bomb\.yaml: not usable YAML: /);
  });

  it('treats a __proto__ key as an unknown key, touching no prototype', () => {
    const text = `{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1)}`;
    expect(messages({ file: 'p.json', text })).toEqual([expect.stringMatching(/^p\.json: unknown key "__proto__"; use one of "\$schema", "name"/)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a name used by a built-in dataset or by another file, and then loads nothing', () => {
    const r = check(json({ ...base, name: 'leads' }, 'a.json'), json(base, 'b.json'), json(base, 'c.json'));
    expect(r.problems.map(problemText)).toEqual([
      'a.json: name: "leads" is already a built-in dataset',
      'c.json: name: "patients" is already defined in b.json',
    ]);
    expect(r.datasets).toEqual([]);
  });

  it('ships the JSON Schema it validates with (node bin/dataset-schema.mjs writes it)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../shared/definitions/dataset.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(definitionJsonSchema());
    expect(Object.keys(shipped.properties)).toEqual(expect.arrayContaining(['name', 'fields', 'keys', 'table', 'orgColumn']));
    expect(shipped.properties.fields.items.properties.type.enum).toContain('phone');
  });
});
