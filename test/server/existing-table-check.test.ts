/** The start-up check of a definition's existing table: each mistake is named, and nothing is altered unless manage: true. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../server/auth/bootstrap.ts';
import type { Database } from '../../server/db/engine.ts';
import { migrate } from '../../server/db/migrations.ts';
import { prepareDatasets } from '../../server/start.ts';
import { appClients, DJANGO_TABLE } from './django-table.ts';
import { engines, freshDatabase } from './harness.ts';

const field = (name: string, more: Record<string, unknown>) => appClients('Default').fields.map((f) => (f.name === name ? { ...f, ...more } : f));

describe.each(engines)('the start-up check of existing tables on %s', (engine) => {
  let db: Database;
  const problemsOf = async (...defs: ReturnType<typeof appClients>[]) => {
    const err = await prepareDatasets(db, defs, () => {}).then(() => undefined, (e: Error) => e);
    expect(err?.name).toBe('DatasetTablesError');
    return err!.message.split('\n');
  };

  beforeAll(async () => {
    db = await freshDatabase(engine);
    await migrate(db.sql);
    await bootstrap(db.sql);
    await db.sql.unsafe(DJANGO_TABLE);
  });
  afterAll(async () => { await db?.close(); });

  it('accepts the table as it is, and resolves its organisation', async () => {
    const owners = await prepareDatasets(db, [appClients('Default')], () => {});
    const [org] = await db.sql<{ id: number }[]>`select id from orgs where name = 'Default'`;
    expect(owners).toEqual(new Map([['app_clients', org!.id]]));
  });

  it('names a missing column, a wrong type, an unknown table and an unknown organisation', async () => {
    expect(await problemsOf(appClients('Default', { fields: field('name', { column: 'full_nam' }) }))).toEqual([
      'not started: 2 problem(s) with the tables of the dataset definitions',
      'dataset app_clients: field name (text): column public.auth_clients.full_nam does not exist; did you mean "full_name"?',
      'dataset app_clients: column public.auth_clients.full_name is NOT NULL without a default and no field writes it, so no record could be inserted; map a field to it (a constant will do)',
    ]);
    expect((await problemsOf(appClients('Default', { fields: field('phone', { type: 'integer' }) })))[1])
      .toBe('dataset app_clients: field phone (integer): column public.auth_clients.phone is character varying; it needs smallint, integer or bigint');
    expect((await problemsOf(appClients('Default', { table: 'auth_client' })))[1])
      .toBe('dataset app_clients: table public.auth_client does not exist; did you mean "auth_clients"?');
    expect((await problemsOf(appClients('Nobody')))[1])
      .toBe('dataset app_clients: org: no organisation is named "Nobody" (there are: "Default")');
  });

  it('names an optional field whose column is NOT NULL, and id and timestamp columns that do not fit', async () => {
    const lines = await problemsOf(appClients('Default', { fields: field('email', { required: false }), idColumn: 'date_joined', createdColumn: undefined, updatedColumn: 'is_active' }));
    expect(lines.slice(1)).toEqual([
      'dataset app_clients: field email: column public.auth_clients.email is NOT NULL without a default, so a row without email could not be inserted; make the field required or give it a default',
      'dataset app_clients: idColumn: column public.auth_clients.date_joined is timestamp with time zone; it needs smallint, integer or bigint',
      'dataset app_clients: updatedColumn: column public.auth_clients.is_active is boolean; it needs timestamp with time zone or timestamp without time zone',
    ]);
  });

  it('suggests the index a dedupe key lacks', async () => {
    const logged: string[] = [];
    await prepareDatasets(db, [appClients('Default', { keys: [['email'], ['phone']] })], (l) => logged.push(l));
    expect(logged).toEqual([
      'dataset app_clients: no index of public.auth_clients serves the dedupe key [phone]; for fast lookups run: create index on "public"."auth_clients" ("phone");',
    ]);
  });

  it('adds a missing column only when the definition says manage: true', async () => {
    const withNotes = (manage?: boolean) => appClients('Default', { manage, fields: [...appClients('Default').fields, { name: 'notes', type: 'text' }] });
    expect((await problemsOf(withNotes()))[1]).toBe('dataset app_clients: field notes (text): column public.auth_clients.notes does not exist');
    const logged: string[] = [];
    await prepareDatasets(db, [withNotes(true)], (l) => logged.push(l));
    expect(logged).toContain('dataset app_clients: added column notes text to public.auth_clients (manage: true)');
    const [col] = await db.sql`select data_type from information_schema.columns where table_name = 'auth_clients' and column_name = 'notes'`;
    expect(col).toEqual({ data_type: 'text' });
    await db.sql`alter table auth_clients drop column notes`;
  });
});
