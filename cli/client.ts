/** Thin HTTP client for the Sluice API, with retries that survive a server restart. */

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

export interface ClientOptions {
  server: string;
  token?: string;
  /** Give up retrying after this many ms without a successful answer. */
  retryForMs?: number;
  onRetry?: (attempt: number, reason: string, waitMs: number) => void;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: Uint8Array;
  headers?: Record<string, string>;
  /** Retry on network errors, 5xx, 409 in_flight and 429 (safe for idempotent calls). */
  retry?: boolean;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SluiceClient {
  constructor(readonly opts: ClientOptions) {}

  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<{ status: number; data: T; text: string }> {
    const headers: Record<string, string> = { ...o.headers };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    let body: BodyInit | undefined;
    if (o.rawBody) body = o.rawBody as unknown as BodyInit;
    else if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    const deadline = Date.now() + (this.opts.retryForMs ?? 120_000);
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      try {
        const res = await fetch(new URL(path, this.opts.server), { method, headers, body, signal: AbortSignal.timeout(120_000) });
        const text = await res.text();
        let data: unknown = null;
        try { data = text ? JSON.parse(text) : null; } catch { data = text; }
        if (res.ok) return { status: res.status, data: data as T, text };
        const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
        const inFlight = res.status === 409 && err?.code === 'in_flight';
        // a 500 is most often the same answer again: retried twice, not for minutes
        const hopeless = err?.code === 'commit_failed' || (res.status === 500 && attempt >= 2);
        if (!o.retry || !(RETRYABLE_STATUS.has(res.status) || inFlight) || hopeless) {
          throw new ApiCallError(res.status, err?.code ?? 'http_error', err?.message ?? `${method} ${path} answered ${res.status}`, err?.details);
        }
        reason = `${res.status} ${err?.code ?? ''}`.trim();
      } catch (e) {
        if (e instanceof ApiCallError) throw e;
        if (!o.retry) throw new ApiCallError(0, 'unreachable', `cannot reach ${this.opts.server}: ${(e as Error).message}`);
        reason = (e as Error).message;
      }
      const wait = Math.min(10_000, 250 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random() / 2);
      if (Date.now() + wait > deadline) {
        throw new ApiCallError(0, 'unreachable', `gave up on ${method} ${path} after ${attempt + 1} attempts: ${reason}`);
      }
      this.opts.onRetry?.(attempt + 1, reason, wait);
      await sleep(wait);
    }
  }

  async get<T>(path: string, retry = true): Promise<T> {
    return (await this.request<T>('GET', path, { retry })).data;
  }

  async post<T>(path: string, body?: unknown, retry = false): Promise<T> {
    return (await this.request<T>('POST', path, { body: body ?? {}, retry })).data;
  }
}
