import { ApiCallError, errorOfAnswer } from './errors.ts';
import { runtime, type AbortSignalLike, type FetchInit, type FetchLike, type FetchResponse } from './fetch-types.ts';

/**
 * fetch() with the one retry policy of every Sluice client (the upload worker, the CLI):
 *
 * - A 4xx is the server's answer on purpose: thrown at once as ApiCallError. Except 408, 429
 *   and 409 `in_flight` (another request is storing that chunk): those pass, so they are retried.
 * - Network errors, 502, 503, 504 and those transient 4xx are retried with jittered
 *   exponential backoff (Retry-After honoured when the server sends it) until `giveUpMs`
 *   (5 minutes by default) have passed since the first failure: a restarting server or a
 *   flaky link is waited out, and every call that is retried is idempotent on the server.
 * - Any other 5xx (a 500 `internal`…) is most often the same answer again: retried twice,
 *   then thrown; and an answer `isFinal` accepts is thrown at once (by default `commit_failed`:
 *   the commit was rolled back and would fail the same way).
 * - While `isOffline()` says the device is offline, it waits for `waitForOnline()` instead
 *   of counting attempts or time (the browser passes navigator.onLine and the 'online' event).
 * - `signal` stops the wait and the fetch in flight at once, rejecting with its reason.
 */

export interface RetryPolicy {
  /** False: one attempt, any failure thrown at once (calls that are not safe to repeat). */
  retry?: boolean;
  /** Give up after failing this long (with the network up). */
  giveUpMs?: number;
  /** Retries of a 500-like answer before it is thrown. */
  serverErrorRetries?: number;
  /** Answers that no retry can change. */
  isFinal?: (error: ApiCallError) => boolean;
  /** Abort one attempt that has no answer after this long (retried like a network error). */
  attemptTimeoutMs?: number;
  isOffline?: () => boolean;
  /** Resolves when the network is back (or `signal` aborts). */
  waitForOnline?: (signal?: AbortSignalLike) => Promise<void>;
  /** A request failed and will be tried again after `waitMs` (or once online again). */
  onRetry?: (notice: RetryNotice) => void;
  /** A request went through after waiting. */
  onResume?: () => void;
  fetch?: FetchLike;
}

export interface RetryNotice {
  attempt: number;
  reason: string;
  /** Milliseconds until the next attempt; 0 while waiting for the network. */
  waitMs: number;
  offline: boolean;
}

export const GIVE_UP_MS = 5 * 60 * 1000;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 8_000;
const TRANSIENT_STATUS = new Set([408, 429, 502, 503, 504]);

/** Jittered exponential backoff: a random delay in [d/2, d], d doubling from 250 ms up to 8 s. */
export function backoffMs(attempt: number): number {
  const d = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 10));
  return d / 2 + Math.random() * (d / 2);
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds, if there is one. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      runtime.clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = runtime.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One attempt: the caller's signal, plus a timeout of its own when asked for. */
async function attempt(fetch: FetchLike, url: string, init: FetchInit, timeoutMs: number | undefined): Promise<FetchResponse> {
  if (!timeoutMs) return fetch(url, init);
  const controller = new runtime.AbortController();
  const outer = init.signal;
  const onAbort = () => controller.abort(outer!.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  const timer = runtime.setTimeout(() => controller.abort(new Error(`no answer in ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } finally {
    runtime.clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

const isFinalByDefault = (e: ApiCallError) => e.code === 'commit_failed';

/** fetch() under the policy above: resolves with a 2xx response, else throws ApiCallError (or the abort reason). */
export async function fetchWithRetry(url: string, init: FetchInit, policy: RetryPolicy = {}): Promise<FetchResponse> {
  const fetch = policy.fetch ?? runtime.fetch;
  const what = `${init.method ?? 'GET'} ${url}`;
  const signal = init.signal;
  const retry = policy.retry ?? true;
  const giveUpMs = policy.giveUpMs ?? GIVE_UP_MS;
  const isFinal = policy.isFinal ?? isFinalByDefault;
  const offline = () => policy.isOffline?.() === true;
  let tries = 0;
  let serverErrors = 0;
  let failingSince: number | undefined;
  let waited = false;
  for (let n = 1; ; n++) {
    if (retry && offline()) {
      policy.onRetry?.({ attempt: n, reason: 'waiting for the network', waitMs: 0, offline: true });
      waited = true;
      await (policy.waitForOnline?.(signal) ?? sleep(1000, signal));
      tries = 0;
      failingSince = undefined;
    }
    let reason: string;
    let after: number | undefined;
    try {
      const res = await attempt(fetch, url, init, policy.attemptTimeoutMs);
      if (res.ok) {
        if (waited) policy.onResume?.();
        return res;
      }
      const err = errorOfAnswer(res.status, await res.text().catch(() => ''), what);
      const transient = TRANSIENT_STATUS.has(res.status) || (res.status === 409 && err.code === 'in_flight');
      const serverError = !transient && res.status >= 500;
      if (!retry || isFinal(err) || (!transient && !serverError) || (serverError && serverErrors++ >= (policy.serverErrorRetries ?? 2))) throw err;
      reason = `${res.status} ${err.code}`;
      after = retryAfterMs(res.headers.get('retry-after'));
    } catch (e) {
      if (e instanceof ApiCallError) throw e;
      if (signal?.aborted) throw signal.reason;
      const cause = (e as Error).message;
      if (!retry) throw new ApiCallError(0, 'unreachable', `cannot reach the server for ${what}: ${cause}`);
      reason = `network error (${cause})`;
    }
    const now = Date.now();
    failingSince ??= now;
    const wait = Math.max(backoffMs(tries++), after ?? 0);
    if (!offline() && now + wait - failingSince > giveUpMs) {
      throw new ApiCallError(0, 'unreachable', `gave up on ${what} after ${n} attempts in ${Math.round((now - failingSince) / 1000)} s: ${reason}`);
    }
    policy.onRetry?.({ attempt: n, reason, waitMs: wait, offline: offline() });
    waited = true;
    await sleep(wait, signal);
  }
}
