import { ApiClient, ApiCallError } from '../shared/client/index.ts';

/**
 * The CLI's handle on the Sluice API: the shared client (shared/client, its retry policy)
 * with a bearer token, a give-up window set by --retry-for, and a 2-minute limit per attempt.
 */

export { ApiCallError };

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
  /** Retry under the shared policy (safe for idempotent calls); otherwise one attempt. */
  retry?: boolean;
}

export class SluiceClient {
  /** The shared client, for the upload session. */
  readonly api: ApiClient;

  constructor(readonly opts: ClientOptions) {
    this.api = new ApiClient({
      server: opts.server,
      token: opts.token,
      giveUpMs: opts.retryForMs ?? 120_000,
      attemptTimeoutMs: 120_000,
      onRetry: (n) => opts.onRetry?.(n.attempt, n.reason, n.waitMs),
    });
  }

  async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<{ status: number; data: T; text: string }> {
    const { retry = false, ...call } = o;
    return this.api.request<T>(method, path, { ...call, retry });
  }

  async get<T>(path: string, retry = true): Promise<T> {
    return (await this.request<T>('GET', path, { retry })).data;
  }

  async post<T>(path: string, body?: unknown, retry = false): Promise<T> {
    return (await this.request<T>('POST', path, { body: body ?? {}, retry })).data;
  }
}
