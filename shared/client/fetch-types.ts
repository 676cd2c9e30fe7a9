/**
 * The slice of fetch() and AbortSignal that shared/client uses, typed here: shared/ is built
 * without the DOM library, yet browsers and Node 20 both have these globals.
 */

/** What shared/client reads off a fetch() Response. */
export interface FetchResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** An AbortSignal, as shared/client listens to it. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The request shared/client hands to fetch(). */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  credentials?: 'same-origin' | 'include' | 'omit';
  signal?: AbortSignalLike;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

interface Controller {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

/** The runtime's globals, typed (both the browser and Node have them). */
export const runtime = globalThis as unknown as {
  fetch: FetchLike;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  AbortController: new () => Controller;
};
