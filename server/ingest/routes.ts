import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { stream, streamSSE } from 'hono/streaming';
import { fixedValueProblems } from '../../shared/mapping/fixed.ts';
import { MERGE_STRATEGIES, type DatasetSchema, type ImportOptions, type MergeStrategy } from '../../shared/schema.ts';
import { requireAdmin } from '../auth/middleware.ts';
import { one, type Queryable, type Sql } from '../db/engine.ts';
import { usableBy, type Owners } from '../db/target.ts';
import { readJson } from '../http/body.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import type { AppEnv } from '../types.ts';
import { receiveChunk } from './chunks.ts';
import { IngestError, importNotFound } from './errors.ts';
import { eventsSince, logEvent } from './events.ts';
import { loadImport, runCancel, runCommit, runPlan, runUndo } from './lifecycle.ts';
import { COMMITTED, inStatus, ROW_ACTIONS, TERMINAL, UNFINISHED, type ImportStatus } from '../../shared/api/index.ts';
import { importJson, type ImportRow } from './model.ts';
import { errorReportCsv } from './report.ts';

export interface IngestOptions {
  sql: Sql;
  datasets: Map<string, DatasetSchema>;
  /** Who owns each dataset whose table has no org column: for every other organisation it does not exist. */
  owners: Owners;
  maxChunkBytes: number;
  maxChunkInflatedBytes: number;
  /** Stage rows with COPY (PostgreSQL) rather than one INSERT over arrays (PGlite). */
  copyIn: boolean;
  eventsPollMs: number;
  eventsMaxMs: number;
}

const idParam = (s: string) => {
  const n = Number(s);
  if (!/^\d{1,15}$/.test(s) || !Number.isSafeInteger(n)) throw importNotFound();
  return n;
};

const COUNTRY = /^[A-Z]{2}$/;

function pageParams(q: (k: string) => string | undefined, maxSize = 500) {
  const page = Math.min(1_000_000, Math.max(1, Math.floor(Number(q('page') ?? 1)) || 1));
  const pageSize = Math.min(maxSize, Math.max(1, Math.floor(Number(q('pageSize') ?? 50)) || 50));
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Import lifecycle routes under `/api/imports` (the app authenticates): create, chunks, status, plan, commit, undo, cancel, history, errors, events. */
export function importRoutes(o: IngestOptions) {
  const { sql } = o;
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const body = await readJson(c);
    const found = typeof body.dataset === 'string' ? o.datasets.get(body.dataset) : undefined;
    const schema = found && usableBy(found, c.get('caller').orgId, o.owners) ? found : undefined;
    if (!schema) throw new ApiError(422, 'unknown_dataset', `unknown dataset ${JSON.stringify(body.dataset)}; see GET /api/datasets`);
    const merge = (body.merge ?? schema.merge ?? 'skip') as MergeStrategy;
    if (!MERGE_STRATEGIES.includes(merge)) throw new ApiError(422, 'invalid_merge', `merge must be one of ${MERGE_STRATEGIES.join(', ')}`);
    const fileName = typeof body.fileName === 'string' && body.fileName.trim() ? body.fileName.trim().slice(0, 255) : null;
    if (!fileName) throw new ApiError(422, 'invalid_file_name', 'fileName is required');
    const fileSize = body.fileSize === undefined ? null : Number(body.fileSize);
    if (fileSize !== null && (!Number.isSafeInteger(fileSize) || fileSize < 0)) throw new ApiError(422, 'invalid_file_size', 'fileSize must be a byte count');
    const totalChunks = body.totalChunks === undefined || body.totalChunks === null ? null : Number(body.totalChunks);
    if (totalChunks !== null && (!Number.isSafeInteger(totalChunks) || totalChunks < 0 || totalChunks > 1_000_000)) {
      throw new ApiError(422, 'invalid_total_chunks', 'totalChunks must be an integer from 0 to 1000000');
    }
    const raw = (body.options ?? {}) as Record<string, unknown>;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError(422, 'invalid_options', 'options must be an object');
    const options: ImportOptions = {};
    if (raw.defaultCountry !== undefined) {
      if (typeof raw.defaultCountry !== 'string' || !COUNTRY.test(raw.defaultCountry)) throw new ApiError(422, 'invalid_options', 'options.defaultCountry must be a 2-letter country code like FR');
      options.defaultCountry = raw.defaultCountry;
    }
    if (raw.dateOrder !== undefined) {
      if (raw.dateOrder !== 'dmy' && raw.dateOrder !== 'mdy') throw new ApiError(422, 'invalid_options', 'options.dateOrder must be dmy or mdy');
      options.dateOrder = raw.dateOrder;
    }
    if (raw.values !== undefined) {
      // "the same value for every row": checked like cells now, so no row can be refused for it later
      const values = raw.values as Record<string, unknown>;
      if (typeof values !== 'object' || values === null || Array.isArray(values) || Object.values(values).some((v) => typeof v !== 'string')) {
        throw new ApiError(422, 'invalid_options', 'options.values must map field names to text');
      }
      options.values = Object.fromEntries(Object.entries(values)) as Record<string, string>;
      const problems = fixedValueProblems(schema, options);
      if (problems.length) throw new ApiError(422, 'invalid_options', `options.values: ${problems.join('; ')}`, { problems });
    }
    const fingerprint = typeof body.fingerprint === 'string' ? body.fingerprint.slice(0, 200) : null;
    const client = body.client ?? null;
    if (client !== null && (typeof client !== 'object' || Array.isArray(client))) throw new ApiError(422, 'invalid_client', 'client must be an object');
    if (client !== null && JSON.stringify(client).length > 64 * 1024) throw new ApiError(413, 'too_large', 'client state is limited to 64 KiB');
    const caller = c.get('caller');
    const status: ImportStatus = totalChunks === 0 ? 'uploaded' : 'draft';
    const insert = async (q: Queryable) => one(await q<ImportRow[]>`
      insert into imports (org_id, dataset, schema, file_name, file_size, fingerprint, merge, options, context, status, user_id, total_chunks, client)
      values (${caller.orgId}, ${schema.name}, ${q.json(schema as never)}, ${fileName}, ${fileSize}, ${fingerprint}, ${merge},
              ${q.json(options as never)}, ${body.context === undefined ? null : q.json(body.context as never)}, ${status}, ${caller.userId}, ${totalChunks},
              ${client === null ? null : q.json(client as never)})
      returning *`);
    let imp: ImportRow;
    if (fingerprint) {
      // one open import per fingerprint and user: two tabs, or a retried request, get the same one
      const found = await sql.begin(async (q) => {
        await q`select pg_advisory_xact_lock(hashtext(${`import:${caller.orgId}:${caller.userId}:${fingerprint}`}))`;
        const [open] = await q<ImportRow[]>`
          select * from imports where org_id = ${caller.orgId} and user_id = ${caller.userId} and fingerprint = ${fingerprint}
            and status = any(${q.array([...UNFINISHED])})
          order by id desc limit 1`;
        return open ? { imp: open, created: false } : { imp: await insert(q), created: true };
      });
      if (!found.created) {
        const chunks = await sql<{ chunk_no: number }[]>`select chunk_no from import_chunks where org_id = ${caller.orgId} and import_id = ${found.imp.id} order by chunk_no`;
        return c.json(importJson(found.imp, { chunks: chunks.map((r) => r.chunk_no) }), 200);
      }
      imp = found.imp;
    } else {
      imp = await insert(sql);
    }
    await logEvent(sql, caller.orgId, imp.id, 'info', `import of ${fileName} into ${schema.name} created by ${caller.email} (merge ${merge})`);
    return c.json(importJson(imp, { chunks: [] }), 201);
  });

  app.get('/', async (c) => {
    const caller = c.get('caller');
    const { page, pageSize, offset } = pageParams((k) => c.req.query(k), 200);
    const dataset = c.req.query('dataset');
    const statuses = c.req.query('status')?.split(',').filter(Boolean);
    const fingerprint = c.req.query('fingerprint');
    const where = sql`org_id = ${caller.orgId}
      ${dataset ? sql`and dataset = ${dataset}` : sql``}
      ${statuses?.length ? sql`and status in ${sql(statuses)}` : sql``}
      ${fingerprint ? sql`and fingerprint = ${fingerprint}` : sql``}`;
    const rows = await sql<(ImportRow & { user_email: string })[]>`
      select i.*, (select email from users u where u.org_id = i.org_id and u.id = i.user_id) as user_email
      from imports i where ${where} order by created_at desc, id desc limit ${pageSize} offset ${offset}`;
    const { n } = one(await sql<{ n: number }[]>`select count(*)::int as n from imports where ${where}`);
    return c.json({ imports: rows.map((r) => importJson(r, { userEmail: r.user_email })), page, pageSize, total: n });
  });

  app.get('/:id', async (c) => {
    const caller = c.get('caller');
    const imp = await loadImport(sql, caller.orgId, idParam(c.req.param('id')));
    const chunks = await sql<{ chunk_no: number }[]>`
      select chunk_no from import_chunks where org_id = ${imp.org_id} and import_id = ${imp.id} order by chunk_no`;
    return c.json(importJson(imp, { chunks: chunks.map((r) => r.chunk_no) }));
  });

  app.put('/:id/chunks/:n',
    bodyLimit({ maxSize: o.maxChunkBytes, onError: () => { throw new ApiError(413, 'too_large', `a chunk body may be at most ${o.maxChunkBytes} bytes`); } }),
    async (c) => {
      const caller = c.get('caller');
      const imp = await loadImport(sql, caller.orgId, idParam(c.req.param('id')));
      const n = c.req.param('n');
      if (!/^\d{1,7}$/.test(n)) throw badRequest('chunk number must be a non-negative integer');
      const res = await receiveChunk(sql, imp, {
        chunkNo: Number(n),
        idempotencyKey: c.req.header('idempotency-key') ?? '',
        contentSha256: c.req.header('content-sha256') ?? '',
        gzip: (c.req.header('content-encoding') ?? '').toLowerCase() === 'gzip',
        body: new Uint8Array(await c.req.arrayBuffer()),
        maxInflatedBytes: o.maxChunkInflatedBytes,
      }, o.copyIn);
      return c.body(res.body, res.status, { 'content-type': 'application/json' });
    });

  // the merge strategy may change until commit; the next plan uses it
  app.patch('/:id', async (c) => {
    const caller = c.get('caller');
    const id = idParam(c.req.param('id'));
    const body = await readJson(c);
    if (!MERGE_STRATEGIES.includes(body.merge as MergeStrategy)) throw new ApiError(422, 'invalid_merge', `merge must be one of ${MERGE_STRATEGIES.join(', ')}`);
    const current = await loadImport(sql, caller.orgId, id); // 404 for an unknown or another org's import
    const client = current.client as { omitsExisting?: boolean } | null;
    if (client?.omitsExisting && body.merge !== 'skip') {
      throw new ApiError(409, 'rows_not_sent',
        'rows the database already had were left out of this upload (merge skip), so they cannot be updated or added now; start a new import with the strategy you want');
    }
    // conditional, so a commit that started meanwhile keeps the strategy it planned with
    const changed = await sql`update imports set merge = ${body.merge as string}, status = case when status = 'planned' then 'uploaded' else status end, planned_version = null, updated_at = now()
              where org_id = ${caller.orgId} and id = ${id} and status in ('draft', 'uploading', 'uploaded', 'planned') returning id`;
    if (!changed.length) {
      throw new ApiError(409, 'wrong_state', `cannot change the merge strategy of an import that is ${(await loadImport(sql, caller.orgId, id)).status}`);
    }
    await logEvent(sql, caller.orgId, id, 'info', `merge strategy set to ${body.merge as string}`);
    return c.json(importJson(await loadImport(sql, caller.orgId, id)));
  });

  /** A plan or a commit runs with the definition the import's rows were checked against, or not at all. */
  async function requireSameDefinition(orgId: number, id: number): Promise<void> {
    const imp = await loadImport(sql, orgId, id);
    if (inStatus(imp.status, COMMITTED)) return; // a repeated commit answers what it did
    const now = o.datasets.get(imp.dataset);
    if (now?.version === imp.schema.version) return;
    throw new IngestError('definition_changed', now
      ? `the definition of ${imp.dataset} changed since this import was checked (version ${imp.schema.version}, now ${now.version}); import the file again`
      : `the dataset ${imp.dataset} is no longer defined; nothing was written`, { importedWith: imp.schema.version, current: now?.version ?? null });
  }

  app.post('/:id/plan', async (c) => {
    const caller = c.get('caller');
    const id = idParam(c.req.param('id'));
    await requireSameDefinition(caller.orgId, id);
    const counts = await runPlan(sql, caller.orgId, id, o.owners);
    const imp = await loadImport(sql, caller.orgId, id);
    return c.json(importJson(imp, { plan: counts }));
  });

  app.get('/:id/plan/rows', async (c) => {
    const caller = c.get('caller');
    const imp = await loadImport(sql, caller.orgId, idParam(c.req.param('id')));
    const kind = c.req.query('kind');
    if (kind && !ROW_ACTIONS.includes(kind as never)) throw badRequest(`kind must be one of ${ROW_ACTIONS.join(', ')}`);
    const { page, pageSize, offset } = pageParams((k) => c.req.query(k));
    const rows = await sql<Record<string, unknown>[]>`
      select row_no as row, coalesce(action, 'insert') as kind, target_id as "recordId", data as values, raw, issues, diff, note
      from import_rows where org_id = ${imp.org_id} and import_id = ${imp.id}
      ${kind === 'insert' ? sql`and action is null` : kind ? sql`and action = ${kind}` : sql``}
      order by ord limit ${pageSize} offset ${offset}`;
    return c.json({ rows, page, pageSize });
  });

  app.post('/:id/commit', async (c) => {
    const caller = c.get('caller');
    const id = idParam(c.req.param('id'));
    await requireSameDefinition(caller.orgId, id);
    const imp = await runCommit(sql, caller.orgId, id, o.owners);
    return c.json(importJson(imp));
  });

  app.post('/:id/undo', requireAdmin, async (c) => {
    const caller = c.get('caller');
    const body = await readJson(c);
    const result = await runUndo(sql, caller.orgId, idParam(c.req.param('id')), { skipChanged: body.skipChanged === true, owners: o.owners });
    return c.json(result);
  });

  app.post('/:id/cancel', async (c) => {
    const caller = c.get('caller');
    const id = idParam(c.req.param('id'));
    await runCancel(sql, caller.orgId, id);
    return c.json(importJson(await loadImport(sql, caller.orgId, id)));
  });

  app.get('/:id/errors.csv', async (c) => {
    const caller = c.get('caller');
    const imp = await loadImport(sql, caller.orgId, idParam(c.req.param('id')));
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="import_${imp.id}_errors.csv"`);
    return stream(c, async (s) => {
      for await (const piece of errorReportCsv(sql, imp)) await s.write(piece);
    });
  });

  app.get('/:id/events', async (c) => {
    const caller = c.get('caller');
    const imp = await loadImport(sql, caller.orgId, idParam(c.req.param('id')));
    let after = Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.floor(Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0)) || 0));
    const follow = c.req.query('follow') !== '0';
    // a stream ends after a while; EventSource reconnects with Last-Event-ID and misses nothing
    const until = Date.now() + o.eventsMaxMs;
    return streamSSE(c, async (s) => {
      let closed = false;
      s.onAbort(() => { closed = true; });
      for (;;) {
        const events = await eventsSince(sql, imp.org_id, imp.id, after);
        for (const e of events) {
          after = e.seq;
          await s.writeSSE({ id: String(e.seq), event: 'log', data: JSON.stringify(e) });
        }
        const current = await loadImport(sql, imp.org_id, imp.id);
        await s.writeSSE({ event: 'status', data: JSON.stringify({ status: current.status, counts: current.counts }) });
        if (closed || !follow || Date.now() > until || (TERMINAL.includes(current.status) && events.length === 0)) return;
        await s.sleep(o.eventsPollMs);
      }
    });
  });
  return app;
}
