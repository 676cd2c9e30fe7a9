/**
 * What can go wrong with an import or one of its chunks, in the import's own terms. The
 * HTTP answer each gets (status and error code) is decided in one place: server/http/errors.ts.
 */
export type IngestProblem =
  /** No such import in the caller's organisation. */
  | 'import_not_found'
  /** The import's status does not allow what was asked. */
  | 'wrong_state'
  /** The dataset's definition changed (another version) since the import's rows were checked. */
  | 'definition_changed'
  /** Chunks the import needs were not uploaded yet. */
  | 'upload_incomplete'
  /** An undo would overwrite records changed after the import. */
  | 'changed_since'
  /** The commit failed and was rolled back. */
  | 'commit_failed'
  /** Another request is storing the same chunk right now. */
  | 'in_flight'
  /** The chunk was already received with other content. */
  | 'idempotency_conflict'
  /** The chunk's stated hash is not its content's. */
  | 'hash_mismatch'
  /** The chunk names columns the dataset does not have. */
  | 'unknown_columns'
  /** The chunk's number is past the import's stated chunk count. */
  | 'chunk_out_of_range'
  /** A cell holds a character PostgreSQL cannot store. */
  | 'forbidden_character'
  /** The chunk's body inflates past the limit. */
  | 'body_too_large'
  /** The chunk holds more rows than a chunk may. */
  | 'too_many_rows'
  /** The chunk's body is not a well-formed chunk. */
  | 'invalid_chunk'
  /** The chunk request is malformed: its number, headers, gzip or UTF-8 JSON. */
  | 'malformed_chunk';

/** An import refused or failed for a reason the caller should hear about. */
export class IngestError extends Error {
  constructor(
    readonly problem: IngestProblem,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

export const importNotFound = () => new IngestError('import_not_found', 'import not found');
