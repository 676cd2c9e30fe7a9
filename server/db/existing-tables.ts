/**
 * The start-up check of datasets that target a table the office's application already has:
 * the table and every column it names exist with a type the field can be written to, an
 * insert cannot fail on a NOT NULL column nobody writes, and the organisation owning a table
 * without an org column exists. Such a table is never altered, unless its definition says
 * `manage: true`, and then only its missing columns are added.
 */
import { closest } from '../../shared/definitions/messages.ts';
import type { DatasetSchema, FieldDef, FieldType } from '../../shared/schema.ts';
import { sqlType } from './datasets.ts';
import type { Sql } from './engine.ts';
import { columnOf, datasetTable, ownerName, quoteIdent } from './target.ts';

/** Every problem of the datasets' tables: the server does not start. */
export class DatasetTablesError extends Error {
  override name = 'DatasetTablesError';
  constructor(readonly problems: readonly string[]) {
    super(`not started: ${problems.length} problem(s) with the tables of the dataset definitions\n${problems.join('\n')}`);
  }
}

const TEXT = ['text', 'character varying', 'character', 'citext'];
const INTEGER = ['smallint', 'integer', 'bigint'];
const TIMESTAMP = ['timestamp with time zone', 'timestamp without time zone'];
const COMPATIBLE: Record<FieldType, readonly string[]> = {
  text: TEXT, email: TEXT, phone: TEXT, rut: TEXT, enum: TEXT,
  integer: INTEGER,
  number: ['numeric', 'real', 'double precision', ...INTEGER],
  date: ['date'],
  datetime: TIMESTAMP,
  boolean: ['boolean'],
};

interface ColumnInfo {
  column_name: string;
  type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
}

const typeList = (types: readonly string[]) => types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`;

/** Checks one dataset's existing table; returns its problems, adding missing columns first when it may. */
async function checkTable(sql: Sql, schema: DatasetSchema, log: (line: string) => void): Promise<string[]> {
  const t = datasetTable(schema);
  const where = `${t.pgSchema}.${t.pgName}`;
  const at = `dataset ${schema.name}`;
  const [table] = await sql<{ n: number }[]>`
    select 1 as n from information_schema.tables where table_schema = ${t.pgSchema} and table_name = ${t.pgName}`;
  if (!table) {
    const names = (await sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = ${t.pgSchema}`).map((r) => r.table_name);
    const near = closest(t.pgName, names);
    return [`${at}: table ${where} does not exist${near ? `; did you mean "${near}"?` : ''}`];
  }
  const read = async () => new Map((await sql<ColumnInfo[]>`
    select column_name, case when data_type = 'USER-DEFINED' then udt_name else data_type end as type,
           is_nullable, column_default, is_identity, is_generated
    from information_schema.columns where table_schema = ${t.pgSchema} and table_name = ${t.pgName}`).map((c) => [c.column_name, c]));
  let columns = await read();
  if (t.manages) {
    const missing = schema.fields.filter((f) => !columns.has(t.columns.get(f.name)!));
    for (const f of missing) {
      const col = t.columns.get(f.name)!;
      await sql.unsafe(`alter table ${t.table} add column if not exists ${quoteIdent(col)} ${sqlType(f)}`);
      log(`${at}: added column ${col} ${sqlType(f)} to ${where} (manage: true)`);
    }
    if (missing.length) columns = await read();
  }
  const problems: string[] = [];
  const known = [...columns.keys()];
  const need = (what: string, name: string, types: readonly string[]) => {
    const c = columns.get(name);
    if (!c) {
      const near = closest(name, known);
      problems.push(`${at}: ${what}: column ${where}.${name} does not exist${near ? `; did you mean "${near}"?` : ''}`);
    } else if (!types.includes(c.type)) {
      problems.push(`${at}: ${what}: column ${where}.${name} is ${c.type}; it needs ${typeList(types)}`);
    }
    return c;
  };
  const written = new Set<string>();
  for (const f of schema.fields) {
    const name = t.columns.get(f.name)!;
    written.add(name);
    const c = need(`field ${f.name} (${f.type})`, name, COMPATIBLE[f.type]);
    if (c && c.is_nullable === 'NO' && c.column_default === null && !always(f)) {
      problems.push(`${at}: field ${f.name}: column ${where}.${name} is NOT NULL without a default, so a row without ${f.name} could not be inserted; make the field required or give it a default`);
    }
  }
  const idName = unquote(t.id);
  const id = need('idColumn', idName, INTEGER);
  written.add(idName);
  if (id && id.column_default === null && id.is_identity === 'NO') {
    problems.push(`${at}: idColumn: column ${where}.${idName} has no default; Sluice inserts records with the id the table gives (serial or identity)`);
  }
  for (const [what, col, types] of [['orgColumn', t.orgColumn, INTEGER], ['createdColumn', t.created, TIMESTAMP], ['updatedColumn', t.updated, TIMESTAMP]] as const) {
    if (!col) continue;
    written.add(unquote(col));
    need(what, unquote(col), types);
  }
  for (const c of columns.values()) {
    if (written.has(c.column_name) || c.is_nullable === 'YES' || c.column_default !== null || c.is_identity === 'YES' || c.is_generated === 'ALWAYS') continue;
    problems.push(`${at}: column ${where}.${c.column_name} is NOT NULL without a default and no field writes it, so no record could be inserted; map a field to it (a constant will do)`);
  }
  if (!problems.length) await suggestIndexes(sql, schema, log);
  return problems;
}

/** Whether every row has a value for the field. */
const always = (f: FieldDef) => f.required === true || f.constant !== undefined || f.default !== undefined;

const unquote = (quoted: string) => quoted.slice(1, -1).replace(/""/g, '"');

/** Logs, for each dedupe key no index of the table has its first column in, the `create index` that would make its lookups fast. */
async function suggestIndexes(sql: Sql, schema: DatasetSchema, log: (line: string) => void): Promise<void> {
  const t = datasetTable(schema);
  const rows = await sql<{ expr: string }[]>`
    select pg_get_indexdef(i.indexrelid, k.n, true) as expr
    from pg_index i, generate_series(1, i.indnkeyatts) as k(n)
    where i.indrelid = ${t.table}::regclass`;
  // pg_get_indexdef writes lower(email::text) for a varchar column: compared without quotes and casts
  const bare = (s: string) => s.replace(/"/g, '').replace(/::[a-z ]+/g, '').replace(/\s/g, '');
  const indexed = new Set(rows.map((r) => bare(r.expr)));
  for (const key of schema.keys) {
    const fields = key.map((k) => schema.fields.find((f) => f.name === k)!);
    const first = t.columns.get(fields[0]!.name)!;
    if (indexed.has(fields[0]!.type === 'email' ? `lower(${first})` : first)) continue;
    const cols = fields.map((f) => f.type === 'email' ? `lower(${columnOf(t, f.name)})` : columnOf(t, f.name));
    if (t.orgColumn) cols.unshift(t.orgColumn);
    log(`dataset ${schema.name}: no index of ${t.pgSchema}.${t.pgName} serves the dedupe key [${key.join(', ')}]; for fast lookups run: create index on ${t.table} (${cols.join(', ')});`);
  }
}

/**
 * Checks every dataset that targets an existing table and finds the organisation owning each
 * that has no org column. Throws DatasetTablesError listing every problem.
 */
export async function checkExistingTables(sql: Sql, datasets: Iterable<DatasetSchema>, log: (line: string) => void): Promise<Map<string, number>> {
  const problems: string[] = [];
  const owners = new Map<string, number>();
  for (const schema of datasets) {
    problems.push(...await checkTable(sql, schema, log));
    const org = ownerName(schema);
    if (org === undefined) continue;
    const found = await sql<{ id: number }[]>`select id from orgs where name = ${org} order by id`;
    if (found.length === 1) {
      owners.set(schema.name, found[0]!.id);
    } else {
      const names = (await sql<{ name: string }[]>`select distinct name from orgs order by name limit 20`).map((r) => r.name);
      problems.push(found.length === 0
        ? `dataset ${schema.name}: org: no organisation is named "${org}" (there are: ${names.map((n) => `"${n}"`).join(', ')})`
        : `dataset ${schema.name}: org: ${found.length} organisations are named "${org}"; the table must belong to exactly one`);
    }
  }
  if (problems.length) throw new DatasetTablesError(problems);
  return owners;
}
