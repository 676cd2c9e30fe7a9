import { Hono } from 'hono';
import type { DatasetSchema } from '../../shared/schema.ts';
import { columnOf, datasetTable, orgIs, quoteIdent, usableBy, type Owners } from '../db/target.ts';
import { one, type Sql } from '../db/engine.ts';
import { parseFilters } from '../export/filters.ts';
import { readJson } from '../http/body.ts';
import { datasetParam } from '../http/dataset-param.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../types.ts';

/** Dataset schemas and the caller's org's records, under `/api/datasets` (the app authenticates). */
export function datasetRoutes(sql: Sql, datasets: Map<string, DatasetSchema>, owners: Owners = new Map()) {
  const app = new Hono<AppEnv>();
  const dataset = datasetParam(datasets, owners);

  app.get('/', (c) => c.json({ datasets: [...datasets.values()].filter((s) => usableBy(s, c.get('caller').orgId, owners)) }));
  app.get('/:name', dataset, (c) => c.json(c.get('dataset')));

  // mappings remembered per org by the file's header fingerprint, offered next time
  app.get('/:name/mappings/:fingerprint', dataset, async (c) => {
    const schema = c.get('dataset');
    const [row] = await sql<{ mapping: Record<string, string> }[]>`
      select mapping from mappings where org_id = ${c.get('caller').orgId} and dataset = ${schema.name} and fingerprint = ${c.req.param('fingerprint')}`;
    if (!row) throw new ApiError(404, 'not_found', 'no mapping remembered for these headers');
    return c.json({ mapping: row.mapping });
  });

  app.put('/:name/mappings/:fingerprint', dataset, async (c) => {
    const schema = c.get('dataset');
    const body = await readJson(c);
    const mapping = body.mapping;
    if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) throw new ApiError(422, 'invalid_mapping', 'mapping must be an object of header → field');
    const fields = new Set(schema.fields.map((f) => f.name));
    const clean: Record<string, string> = {};
    for (const [header, field] of Object.entries(mapping as Record<string, unknown>)) {
      if (typeof field !== 'string' || (field !== '' && !fields.has(field))) throw new ApiError(422, 'invalid_mapping', `"${header}" maps to unknown field ${JSON.stringify(field)}`);
      if (header.length > 200) throw new ApiError(422, 'invalid_mapping', 'header too long');
      clean[header] = field;
    }
    if (Object.keys(clean).length > 1000) throw new ApiError(413, 'too_large', 'at most 1000 columns');
    const fp = c.req.param('fingerprint').slice(0, 200);
    await sql`insert into mappings (org_id, dataset, fingerprint, mapping) values (${c.get('caller').orgId}, ${schema.name}, ${fp}, ${sql.json(clean)})
              on conflict (org_id, dataset, fingerprint) do update set mapping = excluded.mapping, updated_at = now()`;
    return c.body(null, 204);
  });

  // paged records, filtered and sorted like an export (server/export/filters.ts)
  app.get('/:name/records', dataset, async (c) => {
    const schema = c.get('dataset');
    const q = c.req.query();
    const page = Math.min(1_000_000, Math.max(1, Math.floor(Number(q.page ?? 1)) || 1));
    const pageSize = Math.min(1000, Math.max(1, Math.floor(Number(q.pageSize ?? 100)) || 100));
    const target = datasetTable(schema, owners);
    const filter = parseFilters(target, c.req.queries(), { firstParam: 2, reserved: ['page', 'pageSize'] });
    const params = [c.get('caller').orgId, ...filter.params];
    const t = target.table;
    // the same keys whatever the table: what it lacks is null
    const cols = [
      `${target.id} as id`,
      ...schema.fields.map((f) => `${columnOf(target, f.name)} as ${quoteIdent(f.name)}`),
      ...(['created', 'updated', 'lastImport'] as const).map((k, i) => `${target[k] ?? 'null'} as ${['created_at', 'updated_at', 'last_import_id'][i]}`),
    ];
    const mine = orgIs(target, 't', '$1');
    const rows = await sql.unsafe(
      `select ${cols.join(', ')}
       from ${t} t where ${mine} ${filter.where} order by ${filter.orderBy} limit ${pageSize} offset ${(page - 1) * pageSize}`, params);
    const { n } = one(await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${t} t where ${mine} ${filter.where}`, params));
    return c.json({ records: rows, page, pageSize, total: n });
  });
  return app;
}
