import { parseBody } from './errors.ts';
import type { AbortSignalLike } from './fetch-types.ts';
import { fetchWithRetry, type RetryPolicy } from './retry.ts';

export interface ApiClientOptions extends RetryPolicy {
  /** The server's origin (`http://127.0.0.1:8787`); empty for the page's own origin. */
  server?: string;
  /** Sent as `Authorization: Bearer …` (the CLI); the browser's session cookie needs none. */
  token?: string;
  /** `same-origin` in the browser, so the session cookie rides along. */
  credentials?: 'same-origin' | 'include' | 'omit';
}

export interface CallOptions extends RetryPolicy {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (a gzipped chunk). */
  rawBody?: Uint8Array;
  headers?: Record<string, string>;
  signal?: AbortSignalLike;
}

export interface Answer<T> {
  status: number;
  data: T;
  text: string;
}

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** JSON calls to the Sluice API under the retry policy of retry.ts (see there); per-call options override the client's. */
export class ApiClient {
  constructor(readonly options: ApiClientOptions = {}) {}

  /** The absolute URL of an API path (`/api/...`), or the path itself for the page's own origin. */
  url(path: string): string {
    const origin = ORIGIN.exec(this.options.server ?? '')?.[0];
    return origin ? origin + path : path;
  }

  /** One call: the parsed answer of a 2xx, else ApiCallError. */
  async request<T>(method: string, path: string, o: CallOptions = {}): Promise<Answer<T>> {
    const { server: _server, token, credentials, ...policy } = this.options;
    const { body: json, rawBody, headers: extra, signal, ...callPolicy } = o;
    const headers: Record<string, string> = { ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array | undefined;
    if (rawBody) body = rawBody;
    else if (json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(json);
    }
    const res = await fetchWithRetry(this.url(path), {
      method, headers, body, signal, ...(credentials ? { credentials } : {}),
    }, { ...policy, ...callPolicy });
    const text = await res.text();
    return { status: res.status, data: parseBody(text) as T, text };
  }

  async get<T>(path: string, o: CallOptions = {}): Promise<T> {
    return (await this.request<T>('GET', path, o)).data;
  }

  async post<T>(path: string, body: unknown = {}, o: CallOptions = {}): Promise<T> {
    return (await this.request<T>('POST', path, { ...o, body })).data;
  }

  async put<T>(path: string, body: unknown, o: CallOptions = {}): Promise<T> {
    return (await this.request<T>('PUT', path, { ...o, body })).data;
  }
}
