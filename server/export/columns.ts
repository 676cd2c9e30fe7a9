import type { DatasetSchema, FieldType } from '../../shared/schema.ts';
import { columnOf, datasetTable, type DatasetTable } from '../db/target.ts';
import { badRequest } from '../http/errors.ts';

/** How a column's values are written: decides number cells, date cells and alignment. */
export type ColumnKind = 'text' | 'integer' | 'number' | 'date' | 'datetime' | 'boolean';

/** One exportable, filterable column of a dataset table. Names only ever come from the schema. */
export interface Column {
  /** What exports and records call it: `id`, a field's name, `created_at`, `updated_at`. */
  name: string;
  /** The table's column it reads, quoted. */
  sql: string;
  label: string;
  kind: ColumnKind;
  /** Longest text the schema allows, when it says (used to size TXT and XLSX columns). */
  max?: number;
}

const KIND: Record<FieldType, ColumnKind> = {
  text: 'text',
  email: 'text',
  phone: 'text',
  rut: 'text',
  enum: 'text',
  integer: 'integer',
  number: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
};

/**
 * Every column a caller may ask for: `id`, the dataset's fields, then `created_at` and
 * `updated_at` (of an existing table, when its definition names them).
 */
export function datasetColumns(schema: DatasetSchema, target: DatasetTable = datasetTable(schema)): Column[] {
  return [
    { name: 'id', sql: target.id, label: 'ID', kind: 'integer' },
    ...schema.fields.map((f): Column => ({
      name: f.name,
      sql: columnOf(target, f.name),
      label: f.label ?? f.name,
      kind: KIND[f.type],
      ...((f.type === 'text' || f.type === 'email') && f.max !== undefined ? { max: f.max } : {}),
      ...(f.type === 'phone' ? { max: 16 } : {}),
      ...(f.type === 'enum' && f.values ? { max: Math.max(...f.values.map((v) => v.value.length)) } : {}),
    })),
    ...(target.created ? [{ name: 'created_at', sql: target.created, label: 'Created', kind: 'datetime' } as const] : []),
    ...(target.updated ? [{ name: 'updated_at', sql: target.updated, label: 'Updated', kind: 'datetime' } as const] : []),
  ];
}

/**
 * The columns of an export, in order: those named in `columns=a,b` (400 naming any unknown or
 * repeated one), else the dataset's default columns, else all its fields.
 */
export function selectColumns(target: DatasetTable, requested: string | undefined): Column[] {
  const { schema } = target;
  const all = new Map(datasetColumns(schema, target).map((c) => [c.name, c]));
  const names = requested === undefined || requested.trim() === ''
    ? schema.defaultColumns ?? schema.fields.map((f) => f.name)
    : requested.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const unknown = names.filter((n) => !all.has(n));
  if (unknown.length) {
    throw badRequest(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} in ${schema.name}`, {
      unknown, columns: [...all.keys()],
    });
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw badRequest(`column "${repeated[0]}" is asked for twice`);
  return names.map((n) => all.get(n)!);
}
