import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedupeKeys } from '../../shared/dedupe/index.ts';
import { presets } from '../../shared/presets/index.ts';
import { createImport, engines, putChunk, startTestServer, type TestServer } from './harness.ts';

const hash = (key: string) => bytesToHex(sha256(utf8ToBytes(key)));
const leadKey = (phone: string) => hash(dedupeKeys(presets.leads!, { phone })[0]!);
const clientKeys = (values: Record<string, string>) => dedupeKeys(presets.clients!, values).map(hash);

/** Imports rows into a dataset and commits them. */
async function importRows(s: TestServer, dataset: string, columns: string[], rows: (string | null)[][], token?: string) {
  const id = await createImport(s, { dataset, totalChunks: 1 }, token);
  const res = await putChunk(s, id, 0, { columns, rows, rowNumbers: rows.map((_, i) => i + 2) }, { token });
  expect(res.status).toBe(201);
  const commit = await s.json('POST', `/api/imports/${id}/commit`, undefined, token);
  expect(commit.status).toBe(200);
}

const lookup = (s: TestServer, dataset: string, hashes: unknown, token?: string) =>
  s.json<{ existing: string[] }>('POST', `/api/datasets/${dataset}/keys/lookup`, { hashes }, token);

describe.each(engines)('key lookup on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(engine);
    await importRows(s, 'leads', ['name', 'phone', 'source', 'status'], [
      ['Ana Ruiz', '+14152014567', 'web', 'NEW'],
      ['Marc Vidal', '+14152014568', 'web', 'WON'],
    ]);
    await importRows(s, 'clients', ['first_name', 'last_name', 'email', 'phone'], [
      ['Luz', 'Gómez', 'Luz.Gomez@Example.com', null],
    ]);
  });
  afterAll(async () => { await s?.close(); });

  it('answers the hashes of keys the dataset already has', async () => {
    const res = await lookup(s, 'leads', [leadKey('+14152014567'), leadKey('+14152019999')]);
    expect(res.status).toBe(200);
    expect(res.body.existing).toEqual([leadKey('+14152014567')]);
  });

  it('leaves out records outside the scope rules (leads WON or LOST)', async () => {
    const res = await lookup(s, 'leads', [leadKey('+14152014568')]);
    expect(res.body.existing).toEqual([]);
  });

  it('matches emails case-insensitively, like dedupeKeys', async () => {
    const [emailKey] = clientKeys({ email: 'luz.gomez@example.com' });
    const res = await lookup(s, 'clients', [emailKey!.toUpperCase()]);
    expect(res.body.existing).toEqual([emailKey]);
  });

  it("never answers another organisation's keys", async () => {
    const other = await s.newOrg('keys-other');
    const res = await lookup(s, 'leads', [leadKey('+14152014567')], other.token);
    expect(res.status).toBe(200);
    expect(res.body.existing).toEqual([]);
  });

  it('refuses more than 50,000 hashes with 413', async () => {
    const many = Array.from({ length: 50_001 }, (_, i) => hash(String(i)));
    const res = await lookup(s, 'leads', many);
    expect(res.status).toBe(413);
  });

  it('accepts exactly 50,000 hashes', async () => {
    const many = Array.from({ length: 50_000 }, (_, i) => hash(String(i)));
    many[49_999] = leadKey('+14152014567');
    const res = await lookup(s, 'leads', many);
    expect(res.status).toBe(200);
    expect(res.body.existing).toEqual([leadKey('+14152014567')]);
  });

  it('answers 422 to something that is not a hash and 400 to a malformed body', async () => {
    expect((await lookup(s, 'leads', ['nope'])).status).toBe(422);
    expect((await lookup(s, 'leads', 'nope')).status).toBe(400);
    const res = await s.call('POST', '/api/datasets/leads/keys/lookup', '{"hashes": [', undefined, { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
  });

  it('answers 404 for an unknown dataset and 401 without credentials', async () => {
    expect((await lookup(s, 'nope', [])).status).toBe(404);
    expect((await lookup(s, 'leads', [], '')).status).toBe(401);
  });
});
