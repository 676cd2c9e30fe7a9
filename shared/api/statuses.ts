/** An import's life: draft → uploading → uploaded → planned → committing → done…, and undone after an undo. */
export const IMPORT_STATUSES = [
  'draft', 'uploading', 'uploaded', 'planned', 'committing',
  'done', 'done_with_errors', 'failed', 'cancelled', 'undone',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Nothing more will happen to these by itself. */
export const TERMINAL: readonly ImportStatus[] = ['done', 'done_with_errors', 'failed', 'cancelled', 'undone'];
/** The server still takes chunks. */
export const UPLOADABLE: readonly ImportStatus[] = ['draft', 'uploading', 'uploaded'];
/** A plan can be made (again). */
export const PLANNABLE: readonly ImportStatus[] = ['uploading', 'uploaded', 'planned', 'failed'];
/** A commit can start or be retried. */
export const COMMITTABLE: readonly ImportStatus[] = ['uploaded', 'uploading', 'planned', 'committing', 'failed'];
/** Not finished: a client that finds one of these for its file resumes it instead of starting over. */
export const UNFINISHED: readonly ImportStatus[] = ['draft', 'uploading', 'uploaded', 'planned', 'committing', 'failed'];
/** Committed: its rows are in the dataset (and an admin can undo it). */
export const COMMITTED: readonly ImportStatus[] = ['done', 'done_with_errors'];

/**
 * True when `status` is one of `group` (typed for a status read off the wire as a string).
 * @example inStatus(imp.status, COMMITTED) // done or done_with_errors
 */
export function inStatus(status: string, group: readonly ImportStatus[]): status is ImportStatus {
  return (group as readonly string[]).includes(status);
}
