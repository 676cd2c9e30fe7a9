/**
 * Same-origin JSON calls to the Sluice API from the worker (the session cookie rides along),
 * with retries for what a flaky link or a restarting server throws at us: network errors,
 * 5xx, 429 and 409 `in_flight`, with jittered exponential backoff; while the browser says it is
 * offline, it waits for the 'online' event instead of counting attempts.
 */

/** An answer the server gave on purpose (4xx): retrying will not help. */
export class ApiCallError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export interface RetryHooks {
  /** Called when a request failed and will be retried, or when waiting for the network. */
  onWait?: (state: 'offline' | 'retrying', message: string) => void;
  /** Called once a request goes through after waiting. */
  onResume?: () => void;
}

/** Give up after failing this long with the network up (the server is really gone). */
const GIVE_UP_MS = 5 * 60 * 1000;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 8_000;

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Resolves when the browser reports the network back ('online' event, or a poll as a fallback). */
export function waitForOnline(): Promise<void> {
  if (!isOffline()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearInterval(poll);
      self.removeEventListener('online', done);
      resolve();
    };
    const poll = setInterval(() => { if (!isOffline()) done(); }, 1000);
    self.addEventListener('online', done);
  });
}

/** Jittered exponential backoff: a random delay in [d/2, d], d doubling up to the cap. */
export function backoffMs(attempt: number): number {
  const d = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return d / 2 + Math.random() * (d / 2);
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return { code: body.error?.code ?? `http_${res.status}`, message: body.error?.message ?? text };
  } catch {
    return { code: `http_${res.status}`, message: text || res.statusText };
  }
}

/** fetch() with retries; resolves with a 2xx response, throws ApiCallError for a 4xx (bar 409 in_flight and 429). */
export async function fetchWithRetry(url: string, init: RequestInit, hooks: RetryHooks = {}): Promise<Response> {
  let attempt = 0;
  let failingSince: number | undefined;
  let waited = false;
  for (;;) {
    if (isOffline()) {
      hooks.onWait?.('offline', 'waiting for the network');
      waited = true;
      await waitForOnline();
      attempt = 0;
      failingSince = undefined;
    }
    let problem: string;
    try {
      const res = await fetch(url, { credentials: 'same-origin', ...init });
      if (res.ok) {
        if (waited) hooks.onResume?.();
        return res;
      }
      const err = await errorOf(res);
      const transient = res.status >= 500 || res.status === 429 || (res.status === 409 && err.code === 'in_flight');
      if (!transient) throw new ApiCallError(res.status, err.code, err.message);
      problem = `server answered ${res.status} (${err.code})`;
    } catch (err) {
      if (err instanceof ApiCallError) throw err;
      problem = `network error (${(err as Error).message})`;
    }
    failingSince ??= Date.now();
    if (!isOffline() && Date.now() - failingSince > GIVE_UP_MS) throw new Error(`gave up after 5 minutes: ${problem}`);
    hooks.onWait?.(isOffline() ? 'offline' : 'retrying', problem);
    waited = true;
    await sleep(backoffMs(attempt++));
  }
}

/** A JSON call with retries. */
export async function callJson<T>(method: string, url: string, body: unknown, hooks: RetryHooks = {}): Promise<T> {
  const res = await fetchWithRetry(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }, hooks);
  return (await res.json()) as T;
}
