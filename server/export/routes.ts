import { Hono } from 'hono';
import { EXPORT_FORMAT_INFO } from '../../shared/api/export-formats.ts';
import type { DatasetSchema } from '../../shared/schema.ts';
import { datasetTable, orgIs, quoteIdent, type Owners } from '../db/target.ts';
import { one, type Sql } from '../db/engine.ts';
import { datasetParam } from '../http/dataset-param.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import type { AppEnv } from '../types.ts';
import { selectColumns } from './columns.ts';
import { copyExportStream, copyStatement, openCopy } from './copy.ts';
import { parseFilters } from './filters.ts';
import { exportStream } from './stream.ts';
import { XLSX_MAX_ROWS } from './formats/xlsx.ts';
import { createWriter, exportFileName, parseFormat } from './writer.ts';

/** Rows fetched from the cursor per round trip, and written per batch. */
const BATCH_ROWS = 1000;

function single(values: string[] | undefined, name: string): string | undefined {
  if (values && values.length > 1) throw badRequest(`${name} is given ${values.length} times; give it once`);
  return values?.[0];
}

/**
 * `GET /api/datasets/:name/export?format=&columns=&<filters>`: the caller's organisation's
 * records, filtered (server/export/filters.ts), streamed from a server-side cursor through a
 * format writer. Everything is checked before the first byte, so a bad request is an honest
 * JSON error; a failure mid-stream aborts the response instead of ending it cleanly.
 */
export function exportRoutes(sql: Sql, datasets: Map<string, DatasetSchema>, opts: { xlsxMaxRows?: number; owners?: Owners } = {}) {
  const xlsxMaxRows = opts.xlsxMaxRows ?? XLSX_MAX_ROWS;
  const app = new Hono<AppEnv>();
  app.get('/:name/export', datasetParam(datasets, opts.owners), async (c) => {
    const schema = c.get('dataset');
    const target = datasetTable(schema, opts.owners);
    const query = c.req.queries();
    const format = parseFormat(single(query.format, 'format'));
    const columns = selectColumns(target, single(query.columns, 'columns'));
    // COPY (CSV, TSV) takes no parameters: its filter values go in as escaped literals
    const copy = format === 'csv' || format === 'tsv';
    const filter = parseFilters(target, query, { firstParam: 2, reserved: ['format', 'columns'], literals: copy });
    const params = [c.get('caller').orgId, ...filter.params];
    const table = target.table;

    const { n } = one(await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table} t where ${orgIs(target, 't', '$1')} ${filter.where}`, params));
    if (format === 'xlsx' && n > xlsxMaxRows - 1) {
      throw new ApiError(422, 'too_many_rows',
        `${n.toLocaleString('en-US')} records match, more than the ${(xlsxMaxRows - 1).toLocaleString('en-US')} an Excel sheet holds under its header; narrow the filters or export CSV`,
        { rows: n, max: xlsxMaxRows - 1 });
    }

    const writer = createWriter(format, columns, schema.name);
    let body: ReadableStream<Uint8Array>;
    if (copy) {
      // PostgreSQL formats the rows itself (several times faster than a cursor and JS)
      const where = `${orgIs(target, 't', String(Number(c.get('caller').orgId)))} ${filter.where}`;
      const source = await openCopy(sql, copyStatement(columns, table, where, filter.orderBy, format === 'csv' ? ',' : '\t'));
      body = copyExportStream(source, writer.head() as string);
    } else {
      const select = `select ${columns.map((col) => `${col.sql} as ${quoteIdent(col.name)}`).join(', ')} from ${table} t
        where ${orgIs(target, 't', '$1')} ${filter.where} order by ${filter.orderBy}`;
      const cursor = sql.unsafe(select, params).cursor(BATCH_ROWS) as AsyncIterable<Record<string, unknown>[]>;
      body = exportStream(cursor, writer);
    }
    return c.body(body, 200, {
      'content-type': EXPORT_FORMAT_INFO[format].contentType,
      'content-disposition': `attachment; filename="${exportFileName(schema.name, format)}"`,
      'cache-control': 'no-store',
      'x-total-count': String(n),
    });
  });
  return app;
}
