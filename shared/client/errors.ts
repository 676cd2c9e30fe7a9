import { apiErrorOf } from '../api/errors.ts';

/**
 * An error answer from the Sluice API (`status` 0 when the server could not be reached):
 * the one error class of every client, browser and CLI.
 */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** The response text as JSON, or the text itself when it is not JSON (null when empty). */
export function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The ApiCallError for an error answer, from its body in the API's error shape when it has one. */
export function errorOfAnswer(status: number, text: string, what: string): ApiCallError {
  const e = apiErrorOf(parseBody(text));
  if (e) return new ApiCallError(status, e.code, e.message, e.details);
  const said = text.trim().slice(0, 200);
  return new ApiCallError(status, `http_${status}`, `${what} answered ${status}${said ? `: ${said}` : ''}`);
}
