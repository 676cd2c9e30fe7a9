import { datasetVersion, stagedValue } from '../db/datasets.ts';
import type { Queryable, Sql } from '../db/engine.ts';
import { columnOf, datasetTable, orgIs, type DatasetTable, type Owners } from '../db/target.ts';
import { importNotFound, IngestError } from './errors.ts';
import { logEvent } from './events.ts';
import { COMMITTABLE, COMMITTED, inStatus, PLANNABLE, TERMINAL, type ImportStatus, type PlanCounts } from '../../shared/api/index.ts';
import type { ImportRow } from './model.ts';
import { applyPlan, countActions, planImport } from './plan.ts';

export async function loadImport(sql: Queryable, orgId: number, id: number, lock = false): Promise<ImportRow> {
  if (!Number.isSafeInteger(id) || id < 1) throw importNotFound();
  const [imp] = lock
    ? await sql<ImportRow[]>`select * from imports where org_id = ${orgId} and id = ${id} for update`
    : await sql<ImportRow[]>`select * from imports where org_id = ${orgId} and id = ${id}`;
  if (!imp) throw importNotFound();
  return imp;
}

function requireStatus(imp: ImportRow, allowed: readonly ImportStatus[], action: string): void {
  if (!allowed.includes(imp.status)) {
    throw new IngestError('wrong_state', `cannot ${action} an import that is ${imp.status}`, { status: imp.status });
  }
}

/** Chunk numbers not received: up to totalChunks, or, when the client never said, gaps below the highest. */
async function missingChunks(sql: Queryable, imp: ImportRow): Promise<number[]> {
  let total = imp.total_chunks;
  if (total === null) {
    const [row] = await sql<{ top: number | null }[]>`
      select max(chunk_no) as top from import_chunks where org_id = ${imp.org_id} and import_id = ${imp.id}`;
    total = row?.top === null || row?.top === undefined ? 0 : row.top + 1;
  }
  if (total === 0) return [];
  const rows = await sql<{ n: number }[]>`
    select g.n from generate_series(0, ${total - 1}) as g(n)
    where not exists (select 1 from import_chunks c where c.org_id = ${imp.org_id} and c.import_id = ${imp.id} and c.chunk_no = g.n)
    order by g.n limit 50`;
  return rows.map((r) => r.n);
}

async function requireComplete(sql: Queryable, imp: ImportRow): Promise<void> {
  const missing = await missingChunks(sql, imp);
  if (missing.length) {
    throw new IngestError('upload_incomplete', `chunks not uploaded yet: ${missing.join(', ')}`, { missing });
  }
}

const datasetLock = (imp: ImportRow) => `dataset:${imp.org_id}:${imp.dataset}`;

/**
 * Fresh planner statistics for the staged rows and the dataset table, in their own short
 * statements: without them the planner takes just-staged rows for a handful and picks nested
 * loops that go quadratic (PGlite has no autovacuum; PostgreSQL's lags). Never inside the
 * plan or commit transaction, where ANALYZE's lock would hold up every other organisation.
 */
async function refreshStatistics(sql: Sql, target: DatasetTable): Promise<void> {
  await sql.unsafe('analyze import_rows');
  await sql.unsafe(`analyze ${target.table}`);
}

/** The table an import writes: its own schema's, owned by the organisation resolved at start. */
const targetOf = (imp: ImportRow, owners: Owners) => datasetTable(imp.schema, owners);

/** Dry run: plans every staged row against the database and stores the counts. */
export async function runPlan(sql: Sql, orgId: number, id: number, owners: Owners = new Map()): Promise<PlanCounts> {
  const target = targetOf(await loadImport(sql, orgId, id), owners);
  await refreshStatistics(sql, target);
  return sql.begin(async (tx) => {
    const imp = await loadImport(tx, orgId, id, true);
    requireStatus(imp, PLANNABLE, 'plan');
    await requireComplete(tx, imp);
    // read before planning: a write that lands while the plan runs moves it past this, so the
    // commit plans again rather than trust a plan that may have missed it
    const version = await datasetVersion(tx, orgId, imp.dataset);
    const counts = await planImport(tx, imp, target);
    await tx`update imports set status = 'planned', counts = ${tx.json(counts as never)}, planned_at = now(), planned_version = ${version},
             updated_at = now(), error = null
             where org_id = ${orgId} and id = ${id}`;
    await logEvent(tx, orgId, id, 'info', `planned: ${counts.insert} to insert, ${counts.update} to update, ${counts.unchanged + counts.skip} to skip, ${counts.conflict} conflicts, ${counts.duplicate} duplicates, ${counts.invalid} invalid`, { counts });
    return counts;
  });
}

/**
 * Applies the import in one transaction under a per org+dataset advisory lock: re-plans
 * against the current data (unless no record of the dataset changed since the plan, which
 * then stands), writes, keeps before-images, and marks it done. Idempotent: a commit of an
 * import already done returns its counts.
 */
export async function runCommit(sql: Sql, orgId: number, id: number, owners: Owners = new Map()): Promise<ImportRow> {
  const first = await loadImport(sql, orgId, id);
  if (inStatus(first.status, COMMITTED)) return first;
  requireStatus(first, COMMITTABLE, 'commit');
  await requireComplete(sql, first);
  const target = targetOf(first, owners);
  // statistics only matter to plan again; a plan that still stands was made with fresh ones
  // (ANALYZE of the staged rows took 0.4-0.5 s of a 300,000-row commit)
  if (!(await planStands(sql, first, target))) await refreshStatistics(sql, target);
  // only from a committable state: a cancel or an undo that landed meanwhile wins
  const started = await sql`update imports set status = 'committing', updated_at = now()
    where org_id = ${orgId} and id = ${id} and status in ${sql([...COMMITTABLE])} returning id`;
  if (!started.length) return runCommitAfterRace(sql, orgId, id);
  await logEvent(sql, orgId, id, 'info', 'commit started');
  try {
    return await sql.begin(async (tx) => {
      const imp = await loadImport(tx, orgId, id, true);
      if (inStatus(imp.status, COMMITTED)) return imp;
      requireStatus(imp, ['committing'], 'commit');
      await tx`select pg_advisory_xact_lock(hashtext(${datasetLock(imp)}))`;
      const planned = await planOrReuse(tx, imp, target);
      const { inserted, updated } = await applyPlan(tx, imp, target);
      const counts = { ...planned, inserted, updated };
      const status: ImportStatus = planned.invalid + planned.conflict > 0 ? 'done_with_errors' : 'done';
      const [done] = await tx<ImportRow[]>`
        update imports set status = ${status}, counts = ${tx.json(counts as never)}, committed_at = now(), updated_at = now(), error = null
        where org_id = ${orgId} and id = ${id} returning *`;
      await logEvent(tx, orgId, id, status === 'done' ? 'info' : 'warn',
        `committed: ${inserted} inserted, ${updated} updated, ${planned.unchanged + planned.skip} skipped, ${planned.conflict} conflicts, ${planned.invalid} invalid`, { counts });
      return done!;
    });
  } catch (err) {
    if (err instanceof IngestError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    await sql`update imports set status = 'failed', error = ${message}, planned_version = null, updated_at = now() where org_id = ${orgId} and id = ${id}`;
    await logEvent(sql, orgId, id, 'error', `commit failed, nothing was written: ${message}`);
    throw new IngestError('commit_failed', `commit failed and was rolled back: ${message}`);
  }
}

/**
 * The verdicts to commit: the stored plan when the import was planned and the dataset's
 * version has not moved since (the rows cannot change once planned), else a fresh plan.
 * Called under the dataset lock, so no commit or undo of this dataset is in flight.
 */
async function planOrReuse(sql: Queryable, imp: ImportRow, target: DatasetTable): Promise<PlanCounts> {
  if (await planStands(sql, imp, target)) {
    await logEvent(sql, imp.org_id, imp.id, 'info', 'no record changed since the plan: committing it as planned');
    return countActions(sql, imp);
  }
  if (!target.managed) {
    await logEvent(sql, imp.org_id, imp.id, 'info', `planning again against ${target.pgSchema}.${target.pgName} as it is now (the application's own table tells no version)`);
  } else if (imp.planned_version !== null) {
    await logEvent(sql, imp.org_id, imp.id, 'info', 'records changed since the plan: planning again');
  }
  return planImport(sql, imp, target);
}

/**
 * Whether the import holds a plan and no record of its dataset changed since it was made. Only
 * Sluice's own tables carry the triggers that move the version: a plan against the
 * application's table is always made again under the lock.
 */
async function planStands(sql: Queryable, imp: ImportRow, target: DatasetTable): Promise<boolean> {
  if (!target.managed) return false;
  return imp.planned_version !== null && Number(imp.planned_version) === (await datasetVersion(sql, imp.org_id, imp.dataset));
}

async function runCommitAfterRace(sql: Sql, orgId: number, id: number): Promise<ImportRow> {
  const now = await loadImport(sql, orgId, id);
  if (inStatus(now.status, COMMITTED)) return now;
  throw new IngestError('wrong_state', `cannot commit an import that is ${now.status}`, { status: now.status });
}

/**
 * An import's undo log as rows of (record_id, action), for SQL with $1 the org and $2 the
 * import: the before-images of updated records, and the inserted ids from their runs (or,
 * for an import committed before runs were kept, from one record per inserted row).
 */
const UNDO_LOG = `(
  select record_id, action from import_changes where org_id = $1 and import_id = $2
  union all
  select generate_series(first_id, last_id), 'insert' from import_inserted where org_id = $1 and import_id = $2
)`;

export interface UndoRefusal {
  recordId: number;
  reason: string;
}

/**
 * Reverts a committed import: deletes the rows it inserted and restores the rows it updated.
 * Refuses (409, listing them) when records were changed since by someone else, unless
 * `skipChanged`, which reverts the others and leaves those as they are.
 */
export async function runUndo(sql: Sql, orgId: number, id: number, opts: { skipChanged?: boolean; owners?: Owners } = {}) {
  return sql.begin(async (tx) => {
    const imp = await loadImport(tx, orgId, id, true);
    requireStatus(imp, COMMITTED, 'undo');
    await tx`select pg_advisory_xact_lock(hashtext(${datasetLock(imp)}))`;
    const target = targetOf(imp, opts.owners ?? new Map());
    const t = target.table;
    const changed = await tx.unsafe<{ record_id: number; action: string; gone: boolean }[]>(`
      select c.record_id, c.action, t.${target.id} is null as gone
      from ${UNDO_LOG} c left join ${t} t on ${orgIs(target, 't', '$1')} and t.${target.id} = c.record_id
      where (t.${target.id} is null or ${changedSince(target)})
      order by c.record_id`, [orgId, id]);
    const refused: UndoRefusal[] = changed.map((r) => ({
      recordId: r.record_id,
      reason: r.gone ? 'deleted since this import' : 'changed since this import by someone else',
    }));
    if (refused.length && !opts.skipChanged) {
      throw new IngestError('changed_since',
        `${refused.length} record(s) were changed after this import; undo would overwrite those changes. Nothing was undone.`,
        { records: refused.slice(0, 100) });
    }
    const keep = refused.map((r) => r.recordId);
    const params = [orgId, id, keep];
    const [del] = await tx.unsafe<{ n: number }[]>(`
      with d as (
        delete from ${t} t using ${UNDO_LOG} c
        where c.action = 'insert' and ${orgIs(target, 't', '$1')} and t.${target.id} = c.record_id and not (t.${target.id} = any($3::bigint[]))
        returning 1
      ) select count(*)::int as n from d`, params);
    // the before-image read back as a row of the table, so each column gets its own type
    const restore = [...target.columns.keys()].map((f) => `${columnOf(target, f)} = ${columnOf(target, f, 'b')}`);
    for (const c of [target.updated, target.lastImport]) if (c) restore.push(`${c} = b.${c}`);
    const [res] = await tx.unsafe<{ n: number }[]>(`
      with u as (
        update ${t} t set ${restore.join(', ')}
        from import_changes c, lateral jsonb_populate_record(null::${t}, c.before) b
        where c.org_id = $1 and c.import_id = $2 and c.action = 'update' and ${orgIs(target, 't', 'c.org_id')} and t.${target.id} = c.record_id
          and not (t.${target.id} = any($3::bigint[]))
        returning 1
      ) select count(*)::int as n from u`, params);
    const undo = { deleted: del?.n ?? 0, restored: res?.n ?? 0, refused: refused.length };
    await tx`update imports set status = 'undone', undone_at = now(), updated_at = now(),
             counts = counts || ${tx.json({ undo } as never)} where org_id = ${orgId} and id = ${id}`;
    await logEvent(tx, orgId, id, refused.length ? 'warn' : 'info',
      `undone: ${undo.deleted} inserted rows deleted, ${undo.restored} updated rows restored${refused.length ? `, ${refused.length} changed since left as they are` : ''}`, { undo });
    return { ...undo, refusedRecords: refused.slice(0, 100) };
  });
}

/**
 * SQL condition (with $1 the org, $2 the import, `c` the undo log and `t` the record): the
 * record was changed after the import wrote it. Sluice's own tables say so by the import that
 * last wrote a record and its updated_at. An existing table tells only by its updated column,
 * when it has one, and for a record the import updated, by any mapped column that no longer
 * holds what the import wrote there.
 */
function changedSince(target: DatasetTable): string {
  const committedAt = '(select committed_at from imports i where i.org_id = $1 and i.id = $2)';
  if (target.lastImport) return `t.${target.lastImport} is distinct from $2 or t.${target.updated} <> ${committedAt}`;
  const written = target.schema.fields
    .map((f) => `${columnOf(target, f.name, 't')} is distinct from coalesce(${stagedValue(f)}, ${columnOf(target, f.name, 'b')})`)
    .join(' or ');
  const rewritten = `c.action = 'update' and exists (
    select 1 from import_changes ch
      join import_rows r on r.org_id = ch.org_id and r.import_id = ch.import_id and r.action = 'update' and r.target_id = ch.record_id,
      lateral jsonb_populate_record(null::${target.table}, ch.before) b
    where ch.org_id = $1 and ch.import_id = $2 and ch.record_id = c.record_id and ch.action = 'update' and (${written}))`;
  return target.updated ? `t.${target.updated} is distinct from ${committedAt} or (${rewritten})` : rewritten;
}

/** Cancels an import that was not committed: its staged rows are dropped. */
export async function runCancel(sql: Sql, orgId: number, id: number): Promise<void> {
  await sql.begin(async (tx) => {
    const imp = await loadImport(tx, orgId, id, true);
    if (imp.status === 'cancelled') return;
    // a running commit holds this import's row lock, so reaching here while it says
    // 'committing' means the commit died with its server: cancelling is safe
    if (TERMINAL.includes(imp.status) && imp.status !== 'failed') requireStatus(imp, [], 'cancel');
    await tx`delete from import_rows where org_id = ${orgId} and import_id = ${id}`;
    await tx`update imports set status = 'cancelled', updated_at = now() where org_id = ${orgId} and id = ${id}`;
    await logEvent(tx, orgId, id, 'info', 'cancelled; staged rows dropped');
  });
}
