import { proxy, wrap, type Remote } from 'comlink';
import type { WorkerApi } from './api.ts';

/**
 * The only door to the worker. The bridge owns the worker's life: it starts one on the first
 * call, passes callbacks as comlink proxies, and stops it when idle. Every call takes an
 * AbortSignal: aborting terminates the worker (the only way to stop a parse or an upload
 * mid-flight) and rejects every pending call with an AbortError; the next call starts a fresh
 * worker. A staging cut short leaves its import in status 'staging'; staging it again starts
 * clean.
 *
 * @example
 *   const bridge = new WorkerBridge();
 *   const ctrl = new AbortController();
 *   const sniffed = await bridge.call('sniff', ctrl.signal, file, {});
 *   const counts = await bridge.call('stage', ctrl.signal, request, (p) => (progress.value = p));
 *   ctrl.abort(); // cancel: the worker is terminated
 *
 * Callbacks (progress) may be plain functions: the bridge wraps them with `comlink.proxy`.
 * The UI imports the WorkerApi type only; no row crosses postMessage in bulk.
 */

type Method = keyof WorkerApi;
type Result<K extends Method> = Awaited<ReturnType<WorkerApi[K]>>;

export interface BridgeOptions {
  /** Terminate the worker after this long without a pending call (ms; 0 keeps it). Default 60 s. */
  idleMs?: number;
  /** Makes the worker (tests may pass their own). */
  create?: () => Worker;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}

export class WorkerBridge {
  private worker: Worker | undefined;
  private api: Remote<WorkerApi> | undefined;
  private pending = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rejects the calls pending on the current worker when it is terminated. */
  private readonly cancels = new Set<(reason: unknown) => void>();
  private readonly idleMs: number;
  private readonly create: () => Worker;

  constructor(opts: BridgeOptions = {}) {
    this.idleMs = opts.idleMs ?? 60_000;
    this.create = opts.create ?? (() => new Worker(new URL('./index.ts', import.meta.url), { type: 'module', name: 'sluice-worker' }));
  }

  /** Calls one method of the worker API; `signal` aborts it (and terminates the worker). */
  async call<K extends Method>(method: K, signal: AbortSignal | undefined, ...args: Parameters<WorkerApi[K]>): Promise<Result<K>> {
    if (signal?.aborted) throw abortError(signal);
    const api = this.ensure();
    this.pending++;
    clearTimeout(this.idleTimer);
    const wired = args.map((a) => (typeof a === 'function' ? proxy(a) : a));
    let cancel!: (reason: unknown) => void;
    const cancelled = new Promise<never>((_, reject) => (cancel = reject));
    this.cancels.add(cancel);
    const onAbort = () => this.terminate(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const fn = api[method] as unknown as (...a: unknown[]) => Promise<Result<K>>;
      return await Promise.race([fn(...wired), cancelled]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.cancels.delete(cancel);
      this.pending--;
      this.scheduleIdle();
    }
  }

  /** Stops the worker now; pending calls reject with `reason`. */
  terminate(reason: unknown = new DOMException('The worker was stopped.', 'AbortError')): void {
    clearTimeout(this.idleTimer);
    this.worker?.terminate();
    this.worker = undefined;
    this.api = undefined;
    for (const cancel of this.cancels) cancel(reason);
    this.cancels.clear();
  }

  private ensure(): Remote<WorkerApi> {
    if (!this.api) {
      this.worker = this.create();
      // comlink never rejects when its worker dies (out of memory, a module that fails to
      // load): fail the pending calls instead of leaving them waiting for ever
      const died = (e: Event) => this.terminate(new Error(`the worker stopped: ${(e as ErrorEvent).message || e.type}`));
      this.worker.addEventListener('error', died);
      this.worker.addEventListener('messageerror', died);
      this.api = wrap<WorkerApi>(this.worker);
    }
    return this.api;
  }

  private scheduleIdle(): void {
    if (this.pending > 0 || this.idleMs <= 0 || !this.worker) return;
    this.idleTimer = setTimeout(() => { if (this.pending === 0) this.terminate(); }, this.idleMs);
  }
}
