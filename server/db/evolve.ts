/**
 * A managed dataset's table follows its definition: a new field adds its column (at start,
 * by ensureDatasetTable); a removed or retyped field would lose or change stored values, so
 * the start is refused with what would happen, unless the admin starts with --migrate, which
 * drops and converts those columns in one transaction.
 */
import type { DatasetSchema } from '../../shared/schema.ts';
import { SYSTEM_COLUMNS } from '../../shared/schema.ts';
import { sqlType, tableName } from './datasets.ts';
import type { Sql } from './engine.ts';
import { DatasetTablesError } from './existing-tables.ts';

/** information_schema's name of each column type Sluice creates. */
const TYPE_NAMES: Record<string, string> = {
  text: 'text', bigint: 'bigint', numeric: 'numeric', date: 'date', timestamptz: 'timestamp with time zone', boolean: 'boolean',
};

interface Change {
  sql: string;
  /** What it does, for the refusal and the log. */
  says: string;
}

/** The columns of the managed table that the definition no longer has, or has with another type. */
async function changesOf(sql: Sql, schema: DatasetSchema): Promise<Change[]> {
  const t = tableName(schema);
  const columns = await sql<{ column_name: string; data_type: string }[]>`
    select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = ${t}`;
  const fields = new Map(schema.fields.map((f) => [f.name, f]));
  const changes: Change[] = [];
  for (const c of columns) {
    if (SYSTEM_COLUMNS.includes(c.column_name)) continue;
    const field = fields.get(c.column_name);
    if (!field) {
      changes.push({ sql: `alter table ${t} drop column ${c.column_name}`, says: `field "${c.column_name}" was removed from the definition; dropping ${t}.${c.column_name} loses its values` });
      continue;
    }
    const wanted = sqlType(field);
    if (TYPE_NAMES[wanted] !== c.data_type) {
      changes.push({
        sql: `alter table ${t} alter column ${c.column_name} type ${wanted} using ${c.column_name}::${wanted}`,
        says: `field "${c.column_name}" is now ${field.type}; converting ${t}.${c.column_name} from ${c.data_type} to ${TYPE_NAMES[wanted] ?? wanted}`,
      });
    }
  }
  return changes;
}

/**
 * Brings the managed tables in line with removed and retyped fields: refuses (DatasetTablesError)
 * unless `migrate`, then applies every change in one transaction, or none if one fails.
 */
export async function evolveDatasetTables(sql: Sql, datasets: readonly DatasetSchema[], migrate: boolean, log: (line: string) => void): Promise<void> {
  const all: Change[] = [];
  for (const schema of datasets) {
    for (const change of await changesOf(sql, schema)) all.push({ ...change, says: `dataset ${schema.name}: ${change.says}` });
  }
  if (all.length === 0) return;
  if (!migrate) {
    throw new DatasetTablesError([...all.map((c) => c.says), 'nothing was changed: start with --migrate to make these changes (in one transaction)']);
  }
  try {
    await sql.begin(async (tx) => {
      for (const c of all) await tx.unsafe(c.sql);
    });
  } catch (err) {
    throw new DatasetTablesError([`--migrate failed, nothing was changed: ${(err as Error).message}`, ...all.map((c) => c.says)]);
  }
  for (const c of all) log(`migrated: ${c.says}`);
}
