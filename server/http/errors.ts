import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

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

export function errorBody(err: ApiError) {
  return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
}

/** Maps any thrown value to an honest status: ApiError as is, Hono's own errors by status, the rest 500. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
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
