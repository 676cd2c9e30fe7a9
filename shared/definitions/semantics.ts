/** What a definition's shape cannot say: names that must refer to fields, values that must fit their type. */
import { checkFixedText } from '../mapping/fixed.ts';
import { SYSTEM_COLUMNS } from '../schema.ts';
import { closest } from './messages.ts';
import type { DatasetDefinition } from './model.ts';

const TABLE_ONLY = ['schema', 'idColumn', 'orgColumn', 'org', 'createdColumn', 'updatedColumn', 'manage'] as const;

type Problem = { path: string; message: string };

function fieldRef(name: string, fields: readonly string[]): string {
  const c = closest(name, fields);
  return `"${name}" is not a field of this dataset${c ? `; did you mean "${c}"?` : ''}`;
}

/** The problems of a definition whose shape is right. */
export function semanticProblems(d: DatasetDefinition): Problem[] {
  const out: Problem[] = [];
  const names = d.fields.map((f) => f.name);
  const columns = new Map<string, string>();
  d.fields.forEach((f, i) => {
    const at = `fields[${i}]`;
    if (names.indexOf(f.name) !== i) out.push({ path: `${at}.name`, message: `"${f.name}" is defined twice` });
    if (!d.table && SYSTEM_COLUMNS.includes(f.name)) out.push({ path: `${at}.name`, message: `"${f.name}" is a column Sluice keeps itself; choose another name` });
    if (f.column && !d.table) out.push({ path: `${at}.column`, message: 'column applies only to a dataset with a table' });
    const column = f.column ?? f.name;
    if (d.table) {
      const other = columns.get(column);
      if (other) out.push({ path: `${at}.column`, message: `column "${column}" is already written by field "${other}"` });
      columns.set(column, f.name);
      if (column === (d.idColumn ?? 'id')) out.push({ path: `${at}.column`, message: `"${column}" is the table's id column, which the database fills` });
      if (column === d.orgColumn) out.push({ path: `${at}.column`, message: `"${column}" is the table's org column, which Sluice fills from the caller` });
    }
    if (f.type === 'enum' && !f.values?.length) out.push({ path: `${at}.values`, message: 'an enum field needs its allowed values' });
    if (f.type !== 'enum' && f.values) out.push({ path: `${at}.values`, message: `values apply only to enum fields, not ${f.type}` });
    if (f.defaultCountry && f.type !== 'phone') out.push({ path: `${at}.defaultCountry`, message: `defaultCountry applies only to phone fields, not ${f.type}` });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) out.push({ path: `${at}.min`, message: `min ${f.min} is above max ${f.max}` });
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch (e) {
        out.push({ path: `${at}.pattern`, message: `not a valid regular expression: ${(e as Error).message}` });
      }
    }
    if (f.format && f.type !== 'phone') out.push({ path: `${at}.format`, message: `format applies only to phone fields, not ${f.type}` });
    if (f.constant !== undefined && f.default !== undefined) out.push({ path: `${at}.default`, message: 'a field with a constant has no use for a default' });
    for (const key of ['default', 'constant'] as const) {
      const text = f[key];
      if (text === undefined) continue;
      const { problem } = checkFixedText(f, text, { defaultCountry: f.defaultCountry ?? d.defaultCountry, dateOrder: d.dateOrder });
      if (problem) out.push({ path: `${at}.${key}`, message: `"${text}" is not a valid ${f.type}: ${problem.message}` });
    }
  });
  d.keys.forEach((key, i) => key.forEach((k, j) => {
    if (!names.includes(k)) out.push({ path: `keys[${i}][${j}]`, message: fieldRef(k, names) });
  }));
  d.scope?.forEach((rule, i) => {
    if (!names.includes(rule.field)) out.push({ path: `scope[${i}].field`, message: fieldRef(rule.field, names) });
    if (!rule.in && !rule.notIn) out.push({ path: `scope[${i}]`, message: 'a scope rule needs "in" or "notIn"' });
  });
  d.defaultColumns?.forEach((c, i) => {
    if (!names.includes(c)) out.push({ path: `defaultColumns[${i}]`, message: fieldRef(c, names) });
  });
  if (d.table) {
    if (!d.orgColumn && !d.org) out.push({ path: 'org', message: 'a table without an org column belongs to one organisation: name it in "org" (or give "orgColumn")' });
    if (d.orgColumn && d.org) out.push({ path: 'org', message: '"org" applies only to a table without an org column' });
  } else {
    for (const k of TABLE_ONLY) if (d[k] !== undefined) out.push({ path: k, message: `${k} applies only to a dataset with a table` });
  }
  return out;
}
