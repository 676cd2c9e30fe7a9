import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { builtInDatasets, prepareDatasets } from '../../server/start.ts';
import type { DatasetSchema, FieldDef } from '../../shared/schema.ts';
import { createImport, engines, putChunk, startTestServer, type TestServer } from './harness.ts';

const pets = (version: number, fields: FieldDef[]): DatasetSchema => ({ name: 'pets', label: 'Pets', version, fields, keys: [['name']] });
const v1 = pets(1, [{ name: 'name', type: 'text', required: true }, { name: 'weight', type: 'integer' }, { name: 'notes', type: 'text' }]);

describe.each(engines)('a managed dataset whose definition changes (%s)', (engine) => {
  let s: TestServer;
  const columns = async () => (await s.db.sql<{ column_name: string; data_type: string }[]>`
    select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = 'ds_pets'
    and column_name not in ('org_id', 'id', 'created_at', 'updated_at', 'last_import_id') order by column_name`).map((c) => `${c.column_name} ${c.data_type}`);
  const prepare = (schema: DatasetSchema, migrate = false, log: string[] = []) => prepareDatasets(s.db, [schema], (l) => log.push(l), migrate);

  beforeAll(async () => {
    s = await startTestServer(engine, { datasets: [v1] });
    await s.db.sql`insert into ds_pets (org_id, name, weight, notes) values (${s.orgId}, 'Rex', 5, 'bites')`;
  });
  afterAll(() => s.close());

  it('adds the column of a new field at start', async () => {
    await prepare(pets(2, [...v1.fields, { name: 'color', type: 'text' }]));
    expect(await columns()).toEqual(['color text', 'name text', 'notes text', 'weight bigint']);
  });

  it('refuses to drop a removed field\'s column without --migrate, changing nothing', async () => {
    const v3 = pets(3, [...v1.fields.filter((f) => f.name !== 'notes'), { name: 'color', type: 'text' }]);
    await expect(prepare(v3)).rejects.toThrow(/dataset pets: field "notes" was removed from the definition; dropping ds_pets\.notes loses its values\nnothing was changed: start with --migrate/);
    expect(await columns()).toContain('notes text');
  });

  it('converts a retyped field with --migrate, keeping the values, and says so', async () => {
    const v4 = pets(4, [{ name: 'name', type: 'text', required: true }, { name: 'weight', type: 'number' }, { name: 'notes', type: 'text' }, { name: 'color', type: 'text' }]);
    await expect(prepare(v4)).rejects.toThrow(/field "weight" is now number; converting ds_pets\.weight from bigint to numeric/);
    const log: string[] = [];
    await prepare(v4, true, log);
    expect(log).toEqual(['migrated: dataset pets: field "weight" is now number; converting ds_pets.weight from bigint to numeric']);
    expect(await columns()).toContain('weight numeric');
    expect((await s.db.sql`select weight::text as w from ds_pets where name = 'Rex'`)[0]!.w).toBe('5');
  });

  it('makes no change at all when one conversion of a --migrate fails', async () => {
    const bad = pets(5, [{ name: 'name', type: 'integer' }, { name: 'weight', type: 'number' }, { name: 'color', type: 'text' }]);
    await expect(prepare(bad, true)).rejects.toThrow(/--migrate failed, nothing was changed: /);
    expect(await columns()).toEqual(['color text', 'name text', 'notes text', 'weight numeric']);
  });

  it('refuses to plan or commit an import against a definition that changed since', async () => {
    const id = await createImport(s, { dataset: 'pets', fileName: 'pets.csv', totalChunks: 1 });
    expect((await putChunk(s, id, 0, { columns: ['name'], rows: [['Tom']], rowNumbers: [2] })).status).toBe(201);
    const later = createApp({ sql: s.db.sql, copyIn: s.db.copyIn, datasets: builtInDatasets([pets(2, v1.fields)]) });
    for (const step of ['plan', 'commit']) {
      const res = await later.request(`/api/imports/${id}/${step}`, { method: 'POST', headers: { authorization: `Bearer ${s.adminToken}` } });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: 'definition_changed', message: 'the definition of pets changed since this import was checked (version 1, now 2); import the file again' } });
    }
    expect((await s.json('POST', `/api/imports/${id}/plan`)).status).toBe(200);
    expect((await s.json('GET', `/api/imports/${id}`)).body.datasetVersion).toBe(1);
  });
});
