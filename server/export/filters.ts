/**
 * Record filters shared by the records listing and the export, parsed from the query string:
 *
 *   field=v            equality               status=NEW
 *   field=a,b          any of a list          source=web,email  (or repeat the parameter; `\,` is a literal comma)
 *   field_from / _to   date range, inclusive  created_at_from=2024-01-01&created_at_to=2024-01-31
 *   field_min / _max   number range, inclusive score_min=50&score_max=80
 *   field_contains     text contains, any case name_contains=ana
 *   sort=field | -field                       sort=-score (ties and the default: by id)
 *
 * Columns are the dataset's fields plus id, created_at and updated_at. Every parameter that is
 * none of these (nor one the caller reserves, like `format`) is a 400 naming it. Identifiers
 * come from the schema only; values are always bound parameters, checked before they reach SQL.
 */
import type { DatasetTable } from '../db/target.ts';
import { badRequest } from '../http/errors.ts';
import { datasetColumns, type Column } from './columns.ts';

/** A parsed filter: a SQL condition on the dataset table (starting `and`) and its values. */
export interface RecordFilter {
  /** `and …` conditions, parameters numbered from `firstParam`. */
  where: string;
  params: (string | number | boolean)[];
  orderBy: string;
}

const CAST: Record<Column['kind'], string> = {
  text: 'text', integer: 'bigint', number: 'numeric', date: 'date', datetime: 'timestamptz', boolean: 'boolean',
};
const RANGE_SUFFIXES = { _from: '>=', _to: '<=', _min: '>=', _max: '<=' } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Splits `a,b\,c` into `a` and `b,c`. */
function splitList(value: string): string[] {
  return value.split(/(?<!\\),/).map((v) => v.replace(/\\,/g, ','));
}

/** Checks a value against its column kind; returns what to bind (400 naming parameter and value otherwise). */
/** YYYY-MM-DD naming a day that exists (Date.parse accepts 2024-02-30; PostgreSQL does not). */
function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function checkValue(col: Column, param: string, value: string): string | boolean {
  const bad = (what: string) => badRequest(`${param}: "${value}" is not ${what}`, { parameter: param, value });
  switch (col.kind) {
    case 'integer':
      if (!/^[+-]?\d{1,18}$/.test(value)) throw bad('a whole number');
      return value;
    case 'number':
      if (!NUMBER.test(value)) throw bad('a number');
      return value;
    case 'date':
      if (!realDate(value)) throw bad('a date (YYYY-MM-DD)');
      return value;
    case 'datetime':
      if (!(DATE.test(value) || /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) || Number.isNaN(Date.parse(value)) || !realDate(value.slice(0, 10))) {
        throw bad('a date (YYYY-MM-DD) or an ISO 8601 date-time');
      }
      return DATE.test(value) ? `${value}T00:00:00Z` : value;
    case 'boolean':
      if (!/^(true|false)$/i.test(value)) throw bad('true or false');
      return value.toLowerCase() === 'true';
    default:
      return value;
  }
}

/**
 * A value as an SQL literal: an escape string, so backslashes and quotes are doubled whatever
 * standard_conforming_strings says. (NUL never gets here: such URLs are refused earlier.)
 */
function sqlLiteral(value: string | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value.includes('\0')) throw new Error('NUL cannot be an SQL literal');
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
}

/**
 * Parses the filter and sort parameters of a records or export request.
 * @example parseFilters(datasetTable(leads), { status: ['NEW'], score_min: ['50'] }, { firstParam: 2 }).where
 *   // 'and "status" = $2::text and "score" >= $3::bigint'
 */
export function parseFilters(
  target: DatasetTable,
  query: Record<string, string[]>,
  opts: { firstParam: number; reserved?: readonly string[]; literals?: boolean },
): RecordFilter {
  const { schema } = target;
  const columns = new Map(datasetColumns(schema, target).map((c) => [c.name, c]));
  const reserved = new Set(['sort', ...(opts.reserved ?? [])]);
  const conditions: string[] = [];
  const params: (string | number | boolean)[] = [];
  const bind = (value: string | boolean, cast: string) => {
    // COPY takes no parameters: there the value goes in as an escaped literal
    if (opts.literals) return `${sqlLiteral(value)}::${cast}`;
    params.push(value);
    return `$${opts.firstParam + params.length - 1}::${cast}`;
  };
  const unknown: string[] = [];

  for (const [param, values] of Object.entries(query)) {
    if (reserved.has(param)) continue;
    const exact = columns.get(param);
    if (exact) {
      const list = values.flatMap(splitList);
      const bound = list.map((v) => bind(checkValue(exact, param, v), CAST[exact.kind]));
      conditions.push(bound.length === 1 ? `${exact.sql} = ${bound[0]}` : `${exact.sql} in (${bound.join(', ')})`);
      continue;
    }
    const contains = /^(.+)_contains$/.exec(param);
    const range = /^(.+)(_from|_to|_min|_max)$/.exec(param);
    const col = columns.get(contains?.[1] ?? range?.[1] ?? '');
    if (!col) {
      unknown.push(param);
      continue;
    }
    if (values.length !== 1) throw badRequest(`${param} is given ${values.length} times; give it once`, { parameter: param });
    const value = values[0]!;
    if (contains) {
      if (col.kind !== 'text') throw badRequest(`${param}: ${col.name} is not a text column, so it cannot be searched with _contains`, { parameter: param });
      const pattern = `%${value.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      conditions.push(`${col.sql} ilike ${bind(pattern, 'text')}`);
      continue;
    }
    const suffix = range![2] as keyof typeof RANGE_SUFFIXES;
    const isDate = col.kind === 'date' || col.kind === 'datetime';
    const isNumber = col.kind === 'integer' || col.kind === 'number';
    if ((suffix === '_from' || suffix === '_to') && !isDate) {
      throw badRequest(`${param}: ${col.name} is not a date; ${isNumber ? `use ${col.name}_min / ${col.name}_max` : 'ranges apply to dates and numbers'}`, { parameter: param });
    }
    if ((suffix === '_min' || suffix === '_max') && !isNumber) {
      throw badRequest(`${param}: ${col.name} is not a number; ${isDate ? `use ${col.name}_from / ${col.name}_to` : 'ranges apply to dates and numbers'}`, { parameter: param });
    }
    const checked = checkValue(col, param, value) as string;
    // A date alone as the end of a date-time range means "to the end of that day" (UTC).
    if (suffix === '_to' && col.kind === 'datetime' && DATE.test(value)) {
      conditions.push(`${col.sql} < ${bind(nextDay(value), 'timestamptz')}`);
    } else {
      conditions.push(`${col.sql} ${RANGE_SUFFIXES[suffix]} ${bind(checked, CAST[col.kind])}`);
    }
  }
  if (unknown.length) {
    throw badRequest(`unknown filter${unknown.length > 1 ? 's' : ''} ${unknown.map((p) => `"${p}"`).join(', ')} for ${schema.name}`, {
      unknown, columns: [...columns.keys()],
    });
  }
  return { where: conditions.map((c) => `and ${c}`).join(' '), params, orderBy: parseSort(columns, query.sort) };
}

function parseSort(columns: Map<string, Column>, sort: string[] | undefined): string {
  const id = columns.get('id')!.sql;
  if (!sort?.length || sort[0] === '') return id;
  if (sort.length > 1) throw badRequest('sort is given more than once; give one column, - in front for descending');
  const desc = sort[0]!.startsWith('-');
  const name = desc ? sort[0]!.slice(1) : sort[0]!;
  const col = columns.get(name);
  if (!col) throw badRequest(`cannot sort by unknown column "${name}"`, { unknown: [name], columns: [...columns.keys()] });
  if (col.name === 'id') return desc ? `${id} desc` : id;
  return `${col.sql} ${desc ? 'desc nulls last' : 'asc nulls last'}, ${id}`;
}
