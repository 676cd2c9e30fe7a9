import { basename } from 'node:path';
import type { ImportJson } from '../../shared/api/index.ts';
import type { SluiceClient } from '../client.ts';
import type { ImportArgs } from './run.ts';

/** What `sluice import` reports: the server's counts plus what this side knows (rows left out, chunks, bytes). */
export interface ImportSummary {
  importId: number;
  status: string;
  resumed: boolean;
  /** The same file with the same settings had been imported already: nothing was sent. */
  alreadyImported: boolean;
  file: string;
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  conflicts: number;
  duplicates: number;
  invalid: number;
  chunksSent: number;
  chunksResumed: number;
  bytesSent: number;
  /** Rows not sent because the database had their key (merge skip); counted under skipped or duplicates. */
  alreadyThere: number;
  errors: { row: number; column: string | null; message: string }[];
  /** What the reader guessed or left out, and columns not imported: the "note:"/"warning:" lines printed on stderr. */
  notes: string[];
  dryRun: boolean;
}

export interface RunFacts {
  /** Rows this run left out because the database had them, and how many of those repeat an earlier row. */
  alreadyThere: number;
  repeats: number;
  resumed: boolean;
  already: boolean;
  totalRows: number;
  errorCount: number;
  errors: ImportSummary['errors'];
  notes: string[];
  chunksSent: number;
  chunksResumed: number;
  bytesSent: number;
}

/** The summary of an import from its final counts and what the run did. */
export async function summarize(
  client: SluiceClient, args: ImportArgs, imp: Pick<ImportJson, 'id' | 'client'>,
  final: Pick<ImportJson, 'status' | 'counts'>, f: RunFacts,
): Promise<ImportSummary> {
  const importId = imp.id;
  const c = final.counts;
  // the server counts the rows it received; those left out of a skip upload (by this run or
  // one it resumed) are the rest of the file, and would have been skipped or duplicates
  const alreadyThere = imp.client?.omitsExisting && c.total !== undefined ? Math.max(0, f.totalRows - c.total) : f.alreadyThere;
  const repeats = Math.min(f.repeats, alreadyThere);
  const errors = [...f.errors];
  if ((c.conflict ?? 0) > 0 && errors.length < 20) {
    const conflicts = await client.get<{ rows: { row: number; note: string }[] }>(`/api/imports/${importId}/plan/rows?kind=conflict&pageSize=${20 - errors.length}`);
    for (const r of conflicts.rows) errors.push({ row: r.row, column: null, message: r.note });
  }
  const planned = args.dryRun || c.inserted === undefined;
  return {
    importId,
    status: final.status,
    resumed: f.resumed,
    alreadyImported: f.already,
    file: basename(args.file),
    total: c.total === undefined ? f.totalRows : c.total + alreadyThere,
    inserted: planned ? c.insert ?? 0 : c.inserted ?? 0,
    updated: planned ? c.update ?? 0 : c.updated ?? 0,
    unchanged: c.unchanged ?? 0,
    skipped: (c.skip ?? 0) + alreadyThere - repeats,
    conflicts: c.conflict ?? 0,
    duplicates: (c.duplicate ?? 0) + repeats,
    invalid: c.invalid ?? f.errorCount,
    chunksSent: f.chunksSent,
    chunksResumed: f.chunksResumed,
    bytesSent: f.bytesSent,
    alreadyThere,
    errors,
    notes: f.notes,
    dryRun: args.dryRun,
  };
}

/** The summary table printed at the end of an import. */
export function formatSummary(s: ImportSummary): string {
  const verb = s.dryRun ? 'would be ' : '';
  const lines = [
    s.alreadyImported
      ? `${s.file} was imported before as import ${s.importId} (${s.status}); nothing was sent. Use --again to import it once more.`
      : `${s.dryRun ? 'Dry run of' : 'Imported'} ${s.file} (import ${s.importId}, ${s.status})`,
    '',
    ...([
      ['total rows', s.total],
      [`${verb}inserted`, s.inserted],
      [`${verb}updated`, s.updated],
      ['unchanged', s.unchanged],
      ['skipped (already there)', s.skipped],
      ['duplicates in file', s.duplicates],
      ['conflicts', s.conflicts],
      ['invalid', s.invalid],
    ] as [string, number][]).map(([k, v]) => `  ${k.padEnd(26)}${String(v).padStart(10)}`),
    '',
    `  sent ${s.chunksSent} chunk(s), ${s.bytesSent.toLocaleString('en-US')} bytes${s.chunksResumed ? `; ${s.chunksResumed} chunk(s) already on the server` : ''}`,
    ...(s.alreadyThere ? [`  ${s.alreadyThere} row(s) already in the database were not sent`] : []),
  ];
  if (s.errors.length) {
    lines.push('', `First errors:`);
    for (const e of s.errors) lines.push(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message}`);
  }
  return lines.join('\n');
}
