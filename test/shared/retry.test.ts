import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError, ApiClient, fetchWithRetry, retryAfterMs, type RetryNotice } from '../../shared/client/index.ts';

type Answer = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/** A real HTTP server on 127.0.0.1 that plays a script of answers, one per request. */
describe('fetchWithRetry against a real HTTP server', () => {
  let server: Server;
  let base: string;
  let script: Answer[] = [];
  let hits: { at: number; method: string; auth?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      hits.push({ at: Date.now(), method: req.method!, auth: req.headers.authorization });
      req.resume();
      const a = script.shift() ?? { status: 200, body: { ok: true } };
      if (a.delayMs) {
        const timer = setTimeout(() => answer(res, a), a.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else answer(res, a);
    });
    const answer = (res: ServerResponse, a: Answer) => {
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body === undefined ? '' : JSON.stringify(a.body));
    };
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
  beforeEach(() => {
    script = [];
    hits = [];
  });

  const err = (code: string, message = code) => ({ error: { code, message } });

  it('retries a 503 and resolves with the 200 that follows', async () => {
    script = [{ status: 503, body: err('unavailable') }, { status: 503 }, { status: 200, body: { n: 1 } }];
    const notices: RetryNotice[] = [];
    const res = await fetchWithRetry(`${base}/x`, {}, { onRetry: (n) => notices.push(n) });
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({ n: 1 });
    expect(hits).toHaveLength(3);
    expect(notices.map((n) => [n.attempt, n.reason, n.offline])).toEqual([[1, '503 unavailable', false], [2, '503 http_503', false]]);
  });

  it('retries 409 in_flight, but throws any other 409 at once', async () => {
    script = [{ status: 409, body: err('in_flight') }, { status: 201, body: {} }];
    expect((await fetchWithRetry(`${base}/c`, { method: 'PUT' })).status).toBe(201);
    expect(hits).toHaveLength(2);
    hits = [];
    script = [{ status: 409, body: err('wrong_state', 'import is done') }];
    await expect(fetchWithRetry(`${base}/c`, { method: 'PUT' })).rejects.toMatchObject({ status: 409, code: 'wrong_state', message: 'import is done' });
    expect(hits).toHaveLength(1);
  });

  it('throws a 400 at once as ApiCallError with the body\'s code, message and details', async () => {
    script = [{ status: 400, body: { error: { code: 'bad_request', message: 'no', details: { field: 'x' } } } }];
    const e = await fetchWithRetry(`${base}/b`, {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiCallError);
    expect(e).toMatchObject({ status: 400, code: 'bad_request', message: 'no', details: { field: 'x' } });
    expect(hits).toHaveLength(1);
  });

  it('waits as long as a 429\'s Retry-After says', async () => {
    script = [{ status: 429, body: err('rate_limited'), headers: { 'retry-after': '1' } }];
    const waits: number[] = [];
    await fetchWithRetry(`${base}/r`, {}, { onRetry: (n) => waits.push(n.waitMs) });
    expect(hits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(950);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT'))).toBe(2000);
  });

  it('stops waiting at once when aborted mid-wait', async () => {
    script = [{ status: 503, body: err('unavailable'), headers: { 'retry-after': '30' } }];
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stopped by the user')), 200);
    await expect(fetchWithRetry(`${base}/a`, { signal: controller.signal })).rejects.toThrow('stopped by the user');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hits).toHaveLength(1);
  });

  it('aborts the fetch in flight at once', async () => {
    script = [{ status: 200, body: {}, delayMs: 10_000 }];
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled')), 200);
    await expect(fetchWithRetry(`${base}/slow`, { signal: controller.signal }, { attemptTimeoutMs: 60_000 })).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hits).toHaveLength(1);
  });

  it('retries a 500 twice, then throws it; commit_failed not at all', async () => {
    script = [0, 1, 2, 3].map(() => ({ status: 500, body: err('internal') }));
    await expect(fetchWithRetry(`${base}/i`, {})).rejects.toMatchObject({ status: 500, code: 'internal' });
    expect(hits).toHaveLength(3);
    hits = [];
    script = [{ status: 500, body: err('commit_failed') }, { status: 200 }];
    await expect(fetchWithRetry(`${base}/i`, { method: 'POST' })).rejects.toMatchObject({ code: 'commit_failed' });
    expect(hits).toHaveLength(1);
  });

  it('gives up on an unreachable server after the give-up window, and at once when not retrying', async () => {
    const nowhere = 'http://127.0.0.1:1/x';
    const started = Date.now();
    await expect(fetchWithRetry(nowhere, {}, { giveUpMs: 600 })).rejects.toMatchObject({ status: 0, code: 'unreachable', message: expect.stringMatching(/gave up/) });
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(fetchWithRetry(nowhere, {}, { retry: false })).rejects.toMatchObject({ status: 0, code: 'unreachable', message: expect.stringMatching(/cannot reach/) });
  });

  it('while offline, waits for the network instead of counting attempts', async () => {
    let online = false;
    const notices: RetryNotice[] = [];
    const res = await fetchWithRetry(`${base}/o`, {}, {
      isOffline: () => !online,
      waitForOnline: () => new Promise((ok) => setTimeout(() => { online = true; ok(); }, 100)),
      onRetry: (n) => notices.push(n),
    });
    expect(res.status).toBe(200);
    expect(hits).toHaveLength(1);
    expect(notices).toEqual([expect.objectContaining({ offline: true, waitMs: 0 })]);
  });

  it('ApiClient sends the bearer token and JSON, and parses the answer', async () => {
    script = [{ status: 201, body: { id: 7 } }];
    const api = new ApiClient({ server: `${base}/ignored/path`, token: 'tok' });
    expect(await api.post<{ id: number }>('/api/imports', { a: 1 })).toEqual({ id: 7 });
    expect(hits[0]).toMatchObject({ method: 'POST', auth: 'Bearer tok' });
  });
});
