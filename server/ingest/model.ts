import type { DatasetSchema, ImportOptions, MergeStrategy } from '../../shared/schema.ts';

export type ImportStatus =
  | 'draft' | 'uploading' | 'uploaded' | 'planned' | 'committing'
  | 'done' | 'done_with_errors' | 'failed' | 'cancelled' | 'undone';

export const TERMINAL: readonly ImportStatus[] = ['done', 'done_with_errors', 'failed', 'cancelled', 'undone'];
export const UPLOADABLE: readonly ImportStatus[] = ['draft', 'uploading', 'uploaded'];
export const PLANNABLE: readonly ImportStatus[] = ['uploading', 'uploaded', 'planned', 'failed'];
export const COMMITTABLE: readonly ImportStatus[] = ['uploaded', 'uploading', 'planned', 'committing', 'failed'];

/** What each staged row will do (or did) to the dataset table. */
export type RowAction = 'insert' | 'update' | 'unchanged' | 'skip' | 'conflict' | 'duplicate' | 'invalid';
export const ROW_ACTIONS: readonly RowAction[] = ['insert', 'update', 'unchanged', 'skip', 'conflict', 'duplicate', 'invalid'];

export interface ImportCounts {
  total: number;
  valid: number;
  invalid: number;
  duplicate: number;
  insert: number;
  update: number;
  unchanged: number;
  skip: number;
  conflict: number;
}

export interface ImportRow {
  org_id: number;
  id: number;
  dataset: string;
  schema: DatasetSchema;
  file_name: string;
  file_size: number | null;
  fingerprint: string | null;
  merge: MergeStrategy;
  options: ImportOptions;
  context: unknown;
  /** What the browser needs to stage the file again (reader settings, mapping). */
  client: unknown;
  status: ImportStatus;
  user_id: number;
  total_chunks: number | null;
  counts: Partial<ImportCounts>;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  planned_at: Date | null;
  /** The dataset's version the current plan was made against; null when there is no plan to reuse. */
  planned_version: string | number | null;
  committed_at: Date | null;
  undone_at: Date | null;
}

/** The public JSON shape of an import. */
export function importJson(imp: ImportRow, extra: Record<string, unknown> = {}) {
  return {
    id: imp.id,
    dataset: imp.dataset,
    fileName: imp.file_name,
    fileSize: imp.file_size,
    fingerprint: imp.fingerprint,
    merge: imp.merge,
    options: imp.options,
    context: imp.context,
    client: imp.client,
    status: imp.status,
    userId: imp.user_id,
    totalChunks: imp.total_chunks,
    counts: imp.counts,
    error: imp.error,
    createdAt: imp.created_at,
    updatedAt: imp.updated_at,
    plannedAt: imp.planned_at,
    committedAt: imp.committed_at,
    undoneAt: imp.undone_at,
    ...extra,
  };
}
