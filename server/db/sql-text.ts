import { columnOf, type DatasetTable } from './target.ts';

/** A SQL string literal, for values that come from a validated schema (never from a request). */
export const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** SQL condition: the existing record `t` counts as a duplicate (the dataset's scope rules). */
export function scopeSql(target: DatasetTable): string {
  const rules = (target.schema.scope ?? []).map((rule) => {
    const col = `coalesce(${columnOf(target, rule.field, 't')}::text, '')`;
    if (rule.notIn?.length) return `${col} not in (${rule.notIn.map(lit).join(', ')})`;
    if (rule.in?.length) return `${col} in (${rule.in.map(lit).join(', ')})`;
    return 'true';
  });
  return rules.length ? rules.join(' and ') : 'true';
}
