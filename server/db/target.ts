/**
 * Where a dataset's records live: Sluice's own `ds_<name>` table, or a table the office's
 * application already has (a definition's `table`, its columns and the columns it names for
 * id, organisation and timestamps). Every SQL statement about records takes its identifiers
 * from here, quoted; they come only from validated definitions, never from a request.
 */
import type { DatasetDefinition } from '../../shared/definitions/model.ts';
import type { DatasetSchema, FieldDef } from '../../shared/schema.ts';
import { isSafeName } from '../../shared/schema.ts';

/** The organisation owning each dataset whose table has no org column, by dataset name (resolved at start). */
export type Owners = ReadonlyMap<string, number>;

/** What a definition may add to a DatasetSchema about its table. */
type TableOptions = Pick<DatasetDefinition, 'table' | 'schema' | 'idColumn' | 'orgColumn' | 'org' | 'createdColumn' | 'updatedColumn' | 'manage'>;
type WithTable = DatasetSchema & Partial<TableOptions>;

/** An identifier as PostgreSQL reads it, whatever its case. */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error('NUL cannot be in an identifier');
  return `"${name.replace(/"/g, '""')}"`;
}

export interface DatasetTable {
  schema: DatasetSchema;
  /** The table, qualified and quoted. */
  table: string;
  /** Its PostgreSQL schema and name as written (for information_schema). */
  pgSchema: string;
  pgName: string;
  /** `ds_<name>`, made by Sluice, with org_id, timestamps, last_import_id and the version triggers. */
  managed: boolean;
  /** Whether Sluice may add missing columns: a managed table, or an existing one with `manage: true`. */
  manages: boolean;
  /** Quoted id column (integers from the table's own default). */
  id: string;
  /** Quoted org column; absent when the table belongs to `owner`. */
  orgColumn?: string;
  /** The one organisation owning a table without an org column. */
  owner?: number;
  /** Quoted created / updated columns, when the table has them. */
  created?: string;
  updated?: string;
  /** Quoted column naming the import that last wrote a record (managed tables only). */
  lastImport?: string;
  /** Field name → column as written. */
  columns: ReadonlyMap<string, string>;
}

/** Whether the dataset reads and writes a table of the office's own rather than `ds_<name>`. */
export function isExistingTable(schema: DatasetSchema): boolean {
  return typeof (schema as WithTable).table === 'string';
}

/** Whether the dataset's table has no org column, so it belongs to the one organisation its definition names. */
export function hasFixedOrg(schema: DatasetSchema): boolean {
  return isExistingTable(schema) && !(schema as WithTable).orgColumn;
}

/** The organisation name a definition gives for a table without an org column. */
export function ownerName(schema: DatasetSchema): string | undefined {
  return hasFixedOrg(schema) ? (schema as WithTable).org : undefined;
}

/** Whether an organisation may use the dataset: any, unless its table belongs to one. */
export function usableBy(schema: DatasetSchema, orgId: number, owners: Owners): boolean {
  return !hasFixedOrg(schema) || owners.get(schema.name) === orgId;
}

/**
 * The table of a dataset. A table without an org column is its owner's, resolved at start;
 * without one, no organisation reads or writes it.
 */
export function datasetTable(schema: DatasetSchema, owners: Owners = new Map()): DatasetTable {
  if (!isSafeName(schema.name)) throw new Error(`invalid dataset name ${schema.name}`);
  const s = schema as WithTable;
  if (!isExistingTable(schema)) {
    return {
      schema,
      table: quoteIdent(`ds_${schema.name}`),
      pgSchema: 'public',
      pgName: `ds_${schema.name}`,
      managed: true,
      manages: true,
      id: quoteIdent('id'),
      orgColumn: quoteIdent('org_id'),
      created: quoteIdent('created_at'),
      updated: quoteIdent('updated_at'),
      lastImport: quoteIdent('last_import_id'),
      columns: new Map(schema.fields.map((f) => [f.name, f.name])),
    };
  }
  const pgSchema = s.schema ?? 'public';
  const owner = s.orgColumn ? undefined : owners.get(schema.name);
  return {
    schema,
    table: `${quoteIdent(pgSchema)}.${quoteIdent(s.table!)}`,
    pgSchema,
    pgName: s.table!,
    managed: false,
    manages: s.manage === true,
    id: quoteIdent(s.idColumn ?? 'id'),
    ...(s.orgColumn ? { orgColumn: quoteIdent(s.orgColumn) } : { owner }),
    ...(s.createdColumn ? { created: quoteIdent(s.createdColumn) } : {}),
    ...(s.updatedColumn ? { updated: quoteIdent(s.updatedColumn) } : {}),
    columns: new Map(s.fields.map((f) => [f.name, (f as FieldDef & { column?: string }).column ?? f.name])),
  };
}

/** The quoted column of a field, prefixed by `alias.` when given. */
export function columnOf(t: DatasetTable, field: string, alias?: string): string {
  const c = t.columns.get(field);
  if (c === undefined) throw new Error(`dataset ${t.schema.name} has no field ${field}`);
  return alias ? `${alias}.${quoteIdent(c)}` : quoteIdent(c);
}

/**
 * SQL condition: the record `alias` belongs to the organisation `org` (an SQL expression such as
 * `$1` or `r.org_id`). A table without an org column holds only its owner's records.
 */
export function orgIs(t: DatasetTable, alias: string, org: string): string {
  return t.orgColumn ? `${alias}.${t.orgColumn} = ${org}` : writableBy(t, org);
}

/** SQL condition: the organisation `org` may write records into the table (only its owner, when it has one). */
export function writableBy(t: DatasetTable, org: string): string {
  if (t.orgColumn) return 'true';
  return t.owner === undefined ? 'false' : `${org} = ${Number(t.owner)}`;
}

/**
 * The SQL a dedupe key compares for a field of the record `alias`. Emails in an existing table
 * may be written in any case (and its unique index is often on lower(email)); Sluice writes them
 * lowercased in its own tables, where the plain column keeps its index.
 */
export function keyColumn(t: DatasetTable, field: FieldDef, alias = 't'): string {
  const c = columnOf(t, field.name, alias);
  return field.type === 'email' && !t.managed ? `lower(${c})` : c;
}
