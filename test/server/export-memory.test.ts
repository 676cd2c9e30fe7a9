/**
 * The XLSX writer streams: exporting 200,000 rows must not grow the heap with the row count.
 * Retained heap is sampled after a forced GC while the export streams; the file itself is tens
 * of MB of XML, so a writer that kept rows (or the sheet) would show it plainly.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const ROWS = 200_000;

describe('XLSX export memory', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await s.db.sql`insert into ds_leads (org_id, name, phone, email, source, status, score, notes)
      select ${s.orgId}, 'Lead número ' || g, '+1415' || lpad(g::text, 7, '0'), 'lead' || g || '@example.com',
             'web', 'NEW', g % 101, repeat('note ', 1 + g % 20)
      from generate_series(1, ${ROWS}) g`;
  }, 60_000);
  afterAll(async () => { await s?.close(); });

  it(`keeps the heap flat while streaming ${ROWS.toLocaleString('en-US')} rows as XLSX`, async () => {
    const res = await s.call('GET', '/api/datasets/leads/export?format=xlsx&columns=id,name,phone,email,score,notes,created_at');
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let bytes = 0;
    let chunks = 0;
    const samples: number[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (++chunks % 40 === 0) {
        gc();
        samples.push(process.memoryUsage().heapUsed);
      }
    }
    expect(chunks).toBeGreaterThan(200); // one compressed piece a batch of 1,000 rows
    expect(bytes).toBeGreaterThan(5e6);
    const baseline = samples[0]!;
    const growth = Math.max(...samples) - baseline;
    // the uncompressed sheet is ~60 MB; the retained heap must not follow it
    expect(growth, `heap grew ${(growth / 1e6).toFixed(1)} MB over ${samples.length} samples`).toBeLessThan(15e6);
    const last = samples.slice(-3).reduce((a, b) => a + b, 0) / 3;
    expect(last - baseline).toBeLessThan(10e6);
  }, 60_000);
});
