import type { Queryable, Sql } from '../db/engine.ts';

export type EventLevel = 'info' | 'warn' | 'error';

/** Appends a line to an import's log (shown live in the events stream and the history). */
export async function logEvent(
  sql: Queryable,
  orgId: number,
  importId: number,
  level: EventLevel,
  message: string,
  data?: Record<string, unknown>,
): Promise<void> {
  await sql`insert into import_events (org_id, import_id, level, message, data)
            values (${orgId}, ${importId}, ${level}, ${message}, ${data ? sql.json(data as never) : null})`;
}

export interface ImportEvent {
  seq: number;
  at: Date;
  level: EventLevel;
  message: string;
  data: unknown;
}

export async function eventsSince(sql: Sql, orgId: number, importId: number, after: number): Promise<ImportEvent[]> {
  return sql<ImportEvent[]>`
    select seq, at, level, message, data from import_events
    where org_id = ${orgId} and import_id = ${importId} and seq > ${after}
    order by seq limit 500`;
}
