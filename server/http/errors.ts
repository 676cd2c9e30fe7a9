import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody } from '../../shared/api/index.ts';
import { IngestError, type IngestProblem } from '../ingest/errors.ts';

/** An error the client caused or should know about: becomes `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'not found') => new ApiError(404, 'not_found', what);
export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'bad_request', message, details);

export function errorBody(err: ApiError): ApiErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
}

/** The HTTP answer to each import problem: status and error code. */
const INGEST_ANSWERS: Record<IngestProblem, [ContentfulStatusCode, string]> = {
  import_not_found: [404, 'not_found'],
  wrong_state: [409, 'wrong_state'],
  definition_changed: [409, 'definition_changed'],
  upload_incomplete: [409, 'upload_incomplete'],
  changed_since: [409, 'changed_since'],
  commit_failed: [500, 'commit_failed'],
  in_flight: [409, 'in_flight'],
  idempotency_conflict: [422, 'idempotency_conflict'],
  hash_mismatch: [422, 'hash_mismatch'],
  unknown_columns: [422, 'unknown_columns'],
  chunk_out_of_range: [422, 'chunk_out_of_range'],
  forbidden_character: [422, 'forbidden_character'],
  body_too_large: [413, 'too_large'],
  too_many_rows: [413, 'chunk_too_large'],
  invalid_chunk: [400, 'invalid_chunk'],
  malformed_chunk: [400, 'bad_request'],
};

/** Maps any thrown value to an honest status: ApiError as is, import problems by kind, Hono's own errors by status, the rest 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof IngestError) {
    const [status, code] = INGEST_ANSWERS[err.problem];
    return new ApiError(status, code, err.message, err.details);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? 'too_large' : status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'bad_request';
    return new ApiError(status, code, err.message || code);
  }
  // PostgreSQL data exceptions (class 22: bad text, out-of-range numbers) come from input
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('22')) {
    return new ApiError(400, 'bad_request', `the database refused a value: ${(err as Error).message}`);
  }
  return new ApiError(500, 'internal', 'internal error');
}
