import { Hono } from 'hono';
import type { DatasetSchema } from '../../shared/schema.ts';
import { requireCaller } from '../auth/middleware.ts';
import { tableName } from '../db/datasets.ts';
import { one, type Sql } from '../db/engine.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../types.ts';

function datasetOr404(datasets: Map<string, DatasetSchema>, name: string): DatasetSchema {
  const schema = datasets.get(name);
  if (!schema) throw new ApiError(404, 'not_found', `no dataset named ${name}`);
  return schema;
}

/** Dataset schemas and the caller's org's records. */
export function datasetRoutes(sql: Sql, datasets: Map<string, DatasetSchema>) {
  const app = new Hono<AppEnv>();
  app.use('/api/datasets', requireCaller(sql));
  app.use('/api/datasets/*', requireCaller(sql));

  app.get('/api/datasets', (c) => c.json({ datasets: [...datasets.values()] }));
  app.get('/api/datasets/:name', (c) => c.json(datasetOr404(datasets, c.req.param('name'))));

  // paged records; any field as an equality filter (?status=NEW)
  app.get('/api/datasets/:name/records', async (c) => {
    const schema = datasetOr404(datasets, c.req.param('name'));
    const q = c.req.query();
    const page = Math.max(1, Math.floor(Number(q.page ?? 1)) || 1);
    const pageSize = Math.min(1000, Math.max(1, Math.floor(Number(q.pageSize ?? 100)) || 100));
    const filters = schema.fields.filter((f) => q[f.name] !== undefined);
    const where = filters.map((f, i) => `and ${f.name}::text = $${i + 2}`).join(' ');
    const params = [c.get('caller').orgId, ...filters.map((f) => q[f.name]!)];
    const t = tableName(schema);
    const rows = await sql.unsafe(
      `select id, ${schema.fields.map((f) => f.name).join(', ')}, created_at, updated_at, last_import_id
       from ${t} where org_id = $1 ${where} order by id limit ${pageSize} offset ${(page - 1) * pageSize}`, params);
    const { n } = one(await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${t} where org_id = $1 ${where}`, params));
    return c.json({ records: rows, page, pageSize, total: n });
  });
  return app;
}
