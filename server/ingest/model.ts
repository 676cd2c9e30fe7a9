import type { ImportCounts, ImportJson, ImportStatus } from '../../shared/api/index.ts';
import type { DatasetSchema, ImportOptions, MergeStrategy } from '../../shared/schema.ts';

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
  counts: ImportCounts;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  planned_at: Date | null;
  /** The dataset's version the current plan was made against; null when there is no plan to reuse. */
  planned_version: string | number | null;
  committed_at: Date | null;
  undone_at: Date | null;
}

/** The public JSON shape of an import (shared/api's ImportJson; dates become ISO text on the wire). */
export function importJson(imp: ImportRow, extra: Partial<ImportJson> = {}) {
  return {
    id: imp.id,
    dataset: imp.dataset,
    fileName: imp.file_name,
    fileSize: imp.file_size,
    fingerprint: imp.fingerprint,
    merge: imp.merge,
    datasetVersion: imp.schema.version,
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
