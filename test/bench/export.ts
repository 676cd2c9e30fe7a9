/**
 * Export benchmark (not part of `npm test`): N leads (default 1,000,000) exported as CSV and
 * XLSX by a real `sluice serve` process, over HTTP, the body drained as fast as it comes.
 * Reports rows/s and the server process's RSS (before, peak while exporting) from /proc.
 *
 *   node --import tsx test/bench/export.ts [rows]                        # embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx test/bench/export.ts
 *
 * With DATABASE_URL it creates and drops a database of its own.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap } from '../../server/auth/bootstrap.ts';
import { openDatabase } from '../../server/db/engine.ts';
import { builtInDatasets, prepareDatabase } from '../../server/start.ts';
import { freePort, freshDatabaseUrl, startServerProcess } from '../cli/processes.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const TOKEN = 'bench-token';

function rssOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-export-'));
  const pg = await freshDatabaseUrl();
  const dataDir = join(dir, 'data');
  await mkdir(dataDir, { recursive: true });
  try {
    // fill the database before the server starts, so its memory is the export's alone
    const t0 = Date.now();
    const db = await openDatabase(pg.url ? { url: pg.url } : { dataDir: join(dataDir, 'pgdata') });
    await prepareDatabase(db, builtInDatasets().values());
    const { orgId } = await bootstrap(db.sql, { adminToken: TOKEN });
    for (let done = 0; done < ROWS; done += 100_000) {
      const n = Math.min(100_000, ROWS - done);
      await db.sql`insert into ds_leads (org_id, name, phone, email, source, status, score, notes)
        select ${orgId}, 'Lead número ' || g, '+1415' || lpad(g::text, 7, '0'), 'lead' || g || '@example.com',
               (array['web','email','phone','referral'])[1 + g % 4], 'NEW', g % 101, 'Note ' || repeat('x', g % 40)
        from generate_series(${done + 1}::int, ${done + n}::int) g`;
    }
    await db.close();
    console.log(`${db.engine}: ${ROWS.toLocaleString('en-US')} leads inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const server = await startServerProcess({ port: await freePort(), dataDir, databaseUrl: pg.url, token: TOKEN });
    try {
      const pid = server.child.pid!;
      for (const format of ['csv', 'xlsx']) {
        const before = rssOf(pid).rss;
        let peak = before;
        const sampler = setInterval(() => { peak = Math.max(peak, rssOf(pid).rss); }, 50);
        const started = Date.now();
        const res = await fetch(`${server.url}/api/datasets/leads/export?format=${format}&columns=id,name,phone,email,source,status,score,notes,created_at`,
          { headers: { authorization: `Bearer ${TOKEN}` } });
        if (!res.ok) throw new Error(`${format}: ${res.status} ${await res.text()}`);
        let bytes = 0;
        for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
        const secs = (Date.now() - started) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, rssOf(pid).rss);
        console.log(`${format.padEnd(5)} ${ROWS.toLocaleString('en-US')} rows, ${mb(bytes)} in ${secs.toFixed(1)} s = ${Math.round(ROWS / secs).toLocaleString('en-US')} rows/s; `
          + `server RSS ${mb(before)} before, peak ${mb(peak)} during (+${mb(peak - before)})`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    await pg.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
