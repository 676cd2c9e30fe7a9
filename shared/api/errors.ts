/** Every API error answers this body, with an honest HTTP status. */
export interface ApiErrorBody {
  error: {
    /** Stable and machine-readable (`not_found`, `wrong_state`, `in_flight`…). */
    code: string;
    /** For a person. */
    message: string;
    details?: unknown;
  };
}

/** The error inside a response body, if it has the API's error shape. */
export function apiErrorOf(body: unknown): ApiErrorBody['error'] | undefined {
  const e = (body as Partial<ApiErrorBody> | null)?.error;
  return e && typeof e === 'object' && typeof e.code === 'string' ? e : undefined;
}
