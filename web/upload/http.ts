import { ApiClient, type RetryPolicy } from '../../shared/client/index.ts';

/**
 * The worker's client for the Sluice API: same origin (the session cookie rides along), the
 * shared retry policy, and while the browser says it is offline, a wait for the 'online'
 * event instead of counting attempts.
 */

export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Resolves when the browser reports the network back ('online' event, or a poll as a fallback); rejects when `signal` aborts. */
export function waitForOnline(signal?: AbortSignal): Promise<void> {
  if (!isOffline()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearInterval(poll);
      self.removeEventListener('online', done);
      signal?.removeEventListener('abort', aborted);
    };
    const done = () => { stop(); resolve(); };
    const aborted = () => { stop(); reject(signal!.reason); };
    const poll = setInterval(() => { if (!isOffline()) done(); }, 1000);
    self.addEventListener('online', done);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** The upload's client: retries under the shared policy, waiting for the network while offline. */
export function uploadClient(hooks: Pick<RetryPolicy, 'onRetry' | 'onResume'>): ApiClient {
  return new ApiClient({
    credentials: 'same-origin',
    isOffline,
    waitForOnline: (signal) => waitForOnline(signal as AbortSignal | undefined),
    ...hooks,
  });
}

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
