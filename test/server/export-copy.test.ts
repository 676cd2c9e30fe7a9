/**
 * CSV and TSV come from PostgreSQL's COPY (server/export/copy.ts); every other format from a
 * cursor and the JS writers. A file must not depend on the path: the COPY bytes are compared
 * with what the JS writer makes of the same rows, over every column kind and hostile text.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../../shared/schema.ts';
import { requireCaller } from '../../server/auth/middleware.ts';
import { ensureDatasetTable } from '../../server/db/datasets.ts';
import { datasetColumns } from '../../server/export/columns.ts';
import { crlfLines } from '../../server/export/copy.ts';
import { exportRoutes } from '../../server/export/routes.ts';
import { delimitedWriter } from '../../server/export/formats/csv.ts';
import { errorBody, toApiError } from '../../server/http/errors.ts';
import type { AppEnv } from '../../server/types.ts';
import { engines, startTestServer, type TestServer } from './harness.ts';

const kinds: DatasetSchema = {
  name: 'kinds',
  label: 'Kinds',
  version: 1,
  fields: [
    { name: 'label', type: 'text' },
    { name: 'mail', type: 'email' },
    { name: 'tel', type: 'phone' },
    { name: 'qty', type: 'integer' },
    { name: 'price', type: 'number' },
    { name: 'day', type: 'date' },
    { name: 'seen', type: 'datetime' },
    { name: 'ok', type: 'boolean' },
  ],
  keys: [],
};

const HOSTILE = [
  '=HYPERLINK("http://evil.example","x")', '+SUM(A1)', '-2+3', '@cmd', '\tTabbed', '\rReturn', '-5', '+33612345678', '-12.5', '+1,5',
  'a,b', 'say "hi"', 'line\nbreak', 'crlf\r\ninside', '"', '""', 'ends with quote"', 'back\\slash', "it's", '', '\\.', 'Hélène 🙂',
  '  padded  ', '1e5', '=', '-', '+', "O'Brien\\'s \"quote\"",
];

describe.each(engines)('COPY export on %s', (engine) => {
  let s: TestServer;
  let app: Hono<AppEnv>;
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${s.adminToken}` } });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    s = await startTestServer(engine);
    await ensureDatasetTable(s.db.sql, kinds);
    for (const [i, text] of HOSTILE.entries()) {
      await s.db.sql`insert into ds_kinds (org_id, label, mail, tel, qty, price, day, seen, ok, created_at, updated_at)
        values (${s.orgId}, ${text}, ${i % 3 ? `${text}@x` : null}, ${i % 2 ? '+573104567890' : text},
                ${i % 4 ? i * 1000 - 2500 : null}, ${i % 5 ? `${i}.${i}0` : null}, ${i % 6 ? `2024-0${(i % 9) + 1}-1${i % 10}` : null},
                ${i % 7 ? `2024-03-01T10:00:0${i % 10}.${123456 + i}Z` : null}, ${i % 3 === 0 ? null : i % 3 === 1},
                ${`2024-01-01T00:00:00.${String(i).padStart(6, '0')}Z`}, '2024-02-02T02:02:02.999999Z')`;
    }
    await s.db.sql`insert into ds_kinds (org_id, label) values (${s.orgId + 1000}, 'another organisation')`;
    app = new Hono<AppEnv>().use(requireCaller(s.db.sql)).route('/api/datasets', exportRoutes(s.db.sql, new Map([['kinds', kinds]])));
    app.onError((err, c) => { const api = toApiError(err); return c.json(errorBody(api), api.status); });
  }, 60_000);
  afterAll(async () => { await s?.close(); });

  it.each([['csv', ','], ['tsv', '\t']] as const)('writes %s byte for byte as the JS writer, every column kind', async (format, delimiter) => {
    const columns = datasetColumns(kinds);
    const { status, bytes } = await get(`/api/datasets/kinds/export?format=${format}&columns=${columns.map((c) => c.name).join(',')}&sort=id`);
    expect(status).toBe(200);
    const rows = await s.db.sql.unsafe<Record<string, unknown>[]>(
      `select ${columns.map((c) => c.name).join(', ')} from ds_kinds where org_id = $1 order by id`, [s.orgId]);
    const writer = delimitedWriter(columns, delimiter);
    const expected = (writer.head() as string) + (writer.rows(rows) as string);
    expect(rows).toHaveLength(HOSTILE.length);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(expected);
  });

  it('applies filters whose values hold quotes and backslashes as plain text', async () => {
    const csv = async (query: string) => new TextDecoder('utf-8', { ignoreBOM: true }).decode((await get(`/api/datasets/kinds/export?columns=label&${query}`)).bytes);
    expect(await csv(`label=${encodeURIComponent("it's")}`)).toBe('\uFEFFlabel\r\nit\'s\r\n');
    expect(await csv(`label=${encodeURIComponent('back\\slash')}`)).toBe('\uFEFFlabel\r\nback\\slash\r\n');
    expect(await csv(`label_contains=${encodeURIComponent("\\'s \"")}`)).toBe('\uFEFFlabel\r\n"O\'Brien\\\'s ""quote"""\r\n');
    expect(await csv(`label=${encodeURIComponent("x' or 'a'='a")}`)).toBe('\uFEFFlabel\r\n');
    expect(await csv('qty_min=2000&qty_max=5500&sort=-qty')).toBe('\uFEFFlabel\r\n+33612345678\r\n-5\r\n"\'\rReturn"\r\n');
  });

  it('frees the connection when the client goes away mid-export', async () => {
    await s.db.sql`insert into ds_kinds (org_id, label, qty) select ${s.orgId}, 'bulk ' || g, -g from generate_series(1, 100000) g`;
    try {
      for (let i = 0; i < 3; i++) {
        const res = await app.request('/api/datasets/kinds/export?format=csv&columns=label,mail,tel,qty', { headers: { authorization: `Bearer ${s.adminToken}` } });
        const reader = res.body!.getReader();
        const first = await reader.read();
        expect(first.done).toBe(false);
        await reader.cancel();
      }
      // other requests during an export wait for their turn (one connection) or run beside it, never fail
      const res = await app.request('/api/datasets/kinds/export?format=csv&columns=label', { headers: { authorization: `Bearer ${s.adminToken}` } });
      const reader = res.body!.getReader();
      await reader.read();
      const meanwhile = get('/api/datasets/kinds/export?format=json&columns=label&label=-5');
      let pieces = 1;
      while (!(await reader.read()).done) pieces++;
      expect(pieces).toBeGreaterThan(10);
      expect((await meanwhile).status).toBe(200);
      const again = await get('/api/datasets/kinds/export?format=csv&columns=label&label=-5');
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(again.bytes)).toBe('\uFEFFlabel\r\n-5\r\n');
      // more whole exports than the pool holds connections: each gives its connection back
      for (let i = 0; i < 12; i++) {
        const all = await get('/api/datasets/kinds/export?format=csv&columns=label,qty');
        expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(all.bytes).split('\r\n').filter((l) => l.startsWith('bulk '))).toHaveLength(100000);
      }
    } finally {
      await s.db.sql`delete from ds_kinds where label like 'bulk %'`;
    }
  }, 60_000);
});

describe('crlfLines', () => {
  it('ends lines with CRLF outside quotes only, across pieces split anywhere', () => {
    const lf = 'a,"b\nc"\n"x""\n""y",z\nlast\n';
    const want = 'a,"b\nc"\r\n"x""\n""y",z\r\nlast\r\n';
    const bytes = new TextEncoder().encode(lf);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let cut2 = cut; cut2 <= bytes.length; cut2 += 3) {
        const convert = crlfLines();
        const parts = [bytes.subarray(0, cut), bytes.subarray(cut, cut2), bytes.subarray(cut2)].map(convert);
        expect(parts.map((p) => new TextDecoder().decode(p)).join('')).toBe(want);
      }
    }
  });
});
