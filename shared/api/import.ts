import type { ImportOptions, MergeStrategy } from '../schema.ts';
import type { ImportCounts, PlanCounts } from './counts.ts';
import type { ImportStatus } from './statuses.ts';

/** What a client stores on an import so it can be staged again elsewhere (the browser's reader and mapping). */
export interface ImportClientInfo {
  reader?: Record<string, unknown>;
  /** Wire column → file column indexes. */
  mapping?: Record<string, number[]>;
  /** Rows were fixed or excluded in the browser: the raw file is not enough to resume. */
  modified?: boolean;
  /** Merge `skip` upload: rows the database had were not sent, so the strategy cannot change. */
  omitsExisting?: boolean;
}

/** An import as every endpoint returns it (dates as ISO text). */
export interface ImportJson {
  id: number;
  dataset: string;
  fileName: string;
  fileSize: number | null;
  fingerprint: string | null;
  merge: MergeStrategy;
  /** The version of the dataset's definition the import's rows were checked against. */
  datasetVersion: number;
  options: ImportOptions;
  context: unknown;
  client: ImportClientInfo | null;
  status: ImportStatus;
  userId: number;
  totalChunks: number | null;
  counts: ImportCounts;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  plannedAt: string | null;
  committedAt: string | null;
  undoneAt: string | null;
  /** Chunk numbers the server holds (GET /api/imports/:id, and POST when it found an open one). */
  chunks?: number[];
  /** The importing user (history). */
  userEmail?: string;
  /** The plan just made (POST /api/imports/:id/plan). */
  plan?: PlanCounts;
}

/** A page of history (GET /api/imports). */
export interface ImportPage {
  imports: ImportJson[];
  page: number;
  pageSize: number;
  total: number;
}

/** POST /api/imports. */
export interface CreateImportRequest {
  dataset: string;
  fileName: string;
  fileSize?: number;
  merge?: MergeStrategy;
  totalChunks?: number;
  fingerprint?: string;
  options?: ImportOptions;
  context?: unknown;
  client?: ImportClientInfo;
}
