/**
 * The benchmark runner (issue 5): every figure beside its baseline, measured in the same run on
 * the same machine; medians of 3 runs with the spread. Prints one table and writes
 * test/bench/results/latest.json.
 *
 *   npm run bench                 # full: 1M-row CSV, 200k-row XLSX, B2 again at 5M (long)
 *   npm run bench -- --quick      # 10k rows, 5k-row XLSX, under two minutes
 *   npm run bench -- --only S,X   # only some groups: S (server), X (export), B (browser), E (end to end)
 *   npm run bench -- --rows 100000 --reps 3
 *
 * Uses PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; a fresh
 * database per run, dropped after) and Chromium at CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startBenchBrowser, type HeapPeak } from './browser.ts';
import { browserE2e } from './e2e.ts';
import { writeCsv, writeXlsx } from './gen.ts';
import { pgliteFigures, postgresFigures, prepareChunks } from './server.ts';
import { runs, table, type Result } from './stats.ts';

const argv = process.argv.slice(2);
const opt = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
const QUICK = argv.includes('--quick');
const ROWS = Number(opt('rows') ?? (QUICK ? 10_000 : 1_000_000));
const XLSX_ROWS = Number(opt('xlsx-rows') ?? (QUICK ? 5_000 : 200_000));
const REPS = Number(opt('reps') ?? 3);
const NAIVE_ROWS = Number(opt('naive-rows') ?? (QUICK ? 500 : 10_000)); // the loop runs at a few hundred rows/s
/** B2's second size (5M in a full run): staged once, after everything else, for the heap only. 0 skips it. */
const BIG_ROWS = Number(opt('big-rows') ?? (QUICK ? 0 : 5_000_000));
const ONLY = new Set((opt('only') ?? 'S,X,B,B4,E').split(','));
process.env.DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';

const log = (s: string) => console.log(s);
const MB = 1e6;
const rate = (rows: number, secs: number[]) => runs(secs.map((s) => rows / s));
const ratio = (a: number, b: number) => a / b;

function sh(cmd: string, args: string[]): string {
  try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return 'unknown'; }
}

/** What a heap peak was made of: page and worker, and at the peak the worker's heap and its array buffers. */
function heapSplit(h: HeapPeak<unknown>): string {
  return `page ${(h.peakPage / MB).toFixed(0)} + worker ${(h.peakWorker / MB).toFixed(0)}, at the peak the worker's heap ${(h.atPeak.workerUsed / MB).toFixed(0)} + array buffers ${(h.atPeak.workerBuffers / MB).toFixed(0)}`;
}

async function main() {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
  const results: Result[] = [];
  const notes: string[] = [];
  try {
    const csv = join(dir, 'contacts.csv');
    const gen = await writeCsv(csv, ROWS);
    log(`generated ${ROWS.toLocaleString('en-US')} rows, ${(gen.bytes / MB).toFixed(1)} MB (${(gen.bytes / ROWS).toFixed(0)} B/row; ${gen.invalid} invalid, ${gen.duplicates} duplicates)`);

    if (ONLY.has('S') || ONLY.has('X')) {
      const t0 = performance.now();
      const p = await prepareChunks(csv, gen.bytes);
      log(`prepared ${p.chunks.length} chunks (as the CLI would send them) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${(p.gzBytes / MB).toFixed(1)} MB gzip'd`);
      const pg = await postgresFigures(p, dir, REPS, Math.min(NAIVE_ROWS, ROWS), log);
      const s1 = rate(pg.s1Rows, pg.s1);
      const copy = rate(pg.s1Rows, pg.copy);
      const s2Rows = (pg.s2Counts.updated ?? 0) + (pg.s2Counts.unchanged ?? 0);
      const s2 = rate(s2Rows, pg.s2);
      const s4 = rate(pg.s4Rows, pg.s4);
      results.push({ id: 'S1', what: `server ingest (upload+plan+commit over HTTP, PostgreSQL), ${pg.s1Rows.toLocaleString('en-US')} rows inserted`, unit: 'rows/s', figure: s1, baselineWhat: 'psql \\copy', baseline: copy, ratio: ratio(s1.median, copy.median), goal: '≥ 0.5', met: s1.median / copy.median >= 0.5 });
      const floor = rate(pg.s1Rows, pg.floor), commit = runs(pg.s1Commit), copySecs = runs(pg.copy);
      const best = copySecs.median / (runs(pg.floor).median + commit.median);
      results.push({ id: 'S1f', what: `S1's floor: the server's own JS work on the chunks (gunzip, JSON, digest, re-check, COPY text), one process, no HTTP, no database; S1's commit alone took ${commit.median.toFixed(1)} s (${commit.min.toFixed(1)}–${commit.max.toFixed(1)}), ${(commit.median / copySecs.median).toFixed(2)}× \\copy, so even with a free upload transport, staging and plan S1 could reach at most ${best.toFixed(2)} of \\copy`, unit: 'rows/s', figure: floor, baselineWhat: 'psql \\copy', baseline: copy, ratio: ratio(floor.median, copy.median), goal: 'bounds S1', met: null });
      results.push({ id: 'S2', what: `re-import, merge update (${JSON.stringify(pg.s2Counts)})`, unit: 'rows/s', figure: s2, baselineWhat: 'S1', baseline: s1, ratio: ratio(s2.median, s1.median), goal: '≥ 0.5', met: s2.median / s1.median >= 0.5 });
      results.push({ id: 'S4', what: `naive per-row SELECT + INSERT/UPDATE (postgres.js, ${pg.s4Rows.toLocaleString('en-US')} rows)`, unit: 'rows/s', figure: s4, baselineWhat: 'S1', baseline: s1, ratio: ratio(s1.median, s4.median), goal: 'report S1 ÷ naive', met: null, note: 'ratio is S1 / naive' });
      results.push({ id: 'W1', what: 'bytes sent, fresh import (CLI chunks: gzip canonical JSON, 2,000 rows)', unit: 'MB', figure: runs([p.gzBytes / MB]), baselineWhat: 'file', baseline: runs([gen.bytes / MB]), ratio: p.gzBytes / gen.bytes, goal: '≤ 0.35', met: p.gzBytes / gen.bytes <= 0.35 });
      const x1 = rate(pg.x1Rows, pg.x1);
      const x1b = rate(pg.x1Rows, pg.x1Base);
      const growth = Math.max(...pg.x1Rss.map((r) => r.peak - r.before)) / MB;
      results.push({ id: 'X1', what: `CSV export through the API, ${pg.x1Rows.toLocaleString('en-US')} rows (server RSS +${growth.toFixed(0)} MB at most)`, unit: 'rows/s', figure: x1, baselineWhat: 'psql \\copy to stdout', baseline: x1b, ratio: ratio(x1.median, x1b.median), goal: '≥ 0.5; memory flat', met: x1.median / x1b.median >= 0.5 });
      if (ONLY.has('S')) {
        const s3secs = await pgliteFigures(p, dir, REPS, log);
        const s3 = rate(pg.s1Rows, s3secs);
        results.push({ id: 'S3', what: 'S1 on embedded PGlite', unit: 'rows/s', figure: s3, baselineWhat: 'S1', baseline: s1, ratio: ratio(s3.median, s1.median), goal: '≥ 0.3', met: s3.median / s1.median >= 0.3 });
      }
    }

    if (ONLY.has('B') || ONLY.has('B4')) {
      const bb = await startBenchBrowser(dir);
      try {
        if (ONLY.has('B')) {
        const stageSecs: number[] = [], papaSecs: number[] = [], floorSecs: number[] = [], heaps: number[] = [], longest: number[] = [];
        let stagedRows = 0;
        const heapParts: string[] = [];
        const storageUsed = () => bb.page.evaluate(() => navigator.storage.estimate().then((e) => e.usage ?? 0));
        let stagedBytes = 0;
        for (let rep = 0; rep < REPS; rep++) {
          const usedBefore = rep === 0 ? await storageUsed() : 0;
          const papa = await bb.call<{ rows: number; ms: number }>('bench', 'papaparse', 'bench-files/contacts.csv');
          papaSecs.push(papa.ms / 1000);
          const h = await bb.withHeap(() => bb.call<any>('harness', 'stage', 'bench-files/contacts.csv', 'clients', { merge: 'skip', listFlags: false }));
          const st = h.result;
          stagedRows = st.counts.total;
          const floor = await bb.call<{ rows: number; invalid: number; flaggedInvalid: number; ms: number }>('bench', 'stagingFloor', 'bench-files/contacts.csv');
          if (floor.rows !== stagedRows || floor.invalid !== st.counts.invalid || floor.flaggedInvalid !== st.counts.invalid) {
            throw new Error(`B1's floor read the file differently: ${JSON.stringify(floor)} against ${JSON.stringify(st.counts)}`);
          }
          floorSecs.push(floor.ms / 1000);
          stageSecs.push(st.ms / 1000); heaps.push(h.peakSum / MB); longest.push(st.longestTask);
          heapParts.push(heapSplit(h));
          log(`  B1 rep ${rep + 1}: staged ${stagedRows} rows in ${(st.ms / 1000).toFixed(1)} s; papaparse ${papa.rows} rows in ${(papa.ms / 1000).toFixed(1)} s; without IndexedDB ${(floorSecs.at(-1)!).toFixed(1)} s; heap peak ${(h.peakSum / MB).toFixed(0)} MB (${heapParts.at(-1)}); longest task ${st.longestTask.toFixed(0)} ms`);
          if (rep === 0) {
            stagedBytes = (await storageUsed()) - usedBefore;
            log(`  B1: the staged rows take ${(stagedBytes / MB).toFixed(0)} MB of the browser's storage (${(stagedBytes / stagedRows).toFixed(0)} B a row)`);
            const up = await bb.call<any>('harness', 'upload', st.importId);
            if (up.error) throw new Error(`upload: ${up.error}`);
            const fresh = up.result.bytesSent;
            await bb.call('harness', 'commit', up.result.serverId);
            const again = await bb.call<any>('harness', 'stage', 'bench-files/contacts.csv', 'clients', { merge: 'skip' });
            const up2 = await bb.call<any>('harness', 'upload', again.importId);
            if (up2.error) throw new Error(`upload (skip): ${up2.error}`);
            log(`  W1/W2 (browser): fresh upload ${fresh} bytes, skip re-import ${up2.result.bytesSent} bytes, file ${gen.bytes}`);
            results.push({ id: 'W1b', what: 'bytes sent, fresh import (browser worker, gzip CompressionStream)', unit: 'MB', figure: runs([fresh / MB]), baselineWhat: 'file', baseline: runs([gen.bytes / MB]), ratio: fresh / gen.bytes, goal: '≤ 0.35', met: fresh / gen.bytes <= 0.35 });
            results.push({ id: 'W2', what: 'bytes sent, re-import with merge skip (browser: key hashes, then only new rows)', unit: 'MB', figure: runs([up2.result.bytesSent / MB]), baselineWhat: 'file', baseline: runs([gen.bytes / MB]), ratio: up2.result.bytesSent / gen.bytes, goal: '≤ 0.05', met: up2.result.bytesSent / gen.bytes <= 0.05 });
          }
        }
        const b1 = rate(stagedRows, stageSecs), papa = rate(stagedRows, papaSecs);
        results.push({ id: 'B1', what: 'browser staging (parse, normalize, validate, dedupe, IndexedDB)', unit: 'rows/s', figure: b1, baselineWhat: 'papaparse alone in a worker', baseline: papa, ratio: ratio(b1.median, papa.median), goal: '≥ 0.5', met: b1.median / papa.median >= 0.5, note: `the staged rows take ${(stagedBytes / MB).toFixed(0)} MB of IndexedDB (${(stagedBytes / stagedRows).toFixed(0)} B a row; navigator.storage.estimate)` });
        const b1f = rate(stagedRows, floorSecs);
        results.push({ id: 'B1f', what: "B1's floor: staging's own code in a worker with IndexedDB left out (reads, parse, pipeline, blocks packed and dropped)", unit: 'rows/s', figure: b1f, baselineWhat: 'papaparse alone in a worker', baseline: papa, ratio: ratio(b1f.median, papa.median), goal: 'bounds B1', met: null });
        const b2 = runs(heaps);
        results.push({ id: 'B2', what: `peak JS heap + array buffers, page + worker, while staging ${ROWS.toLocaleString('en-US')} rows (${heapParts.join('; ')})`, unit: 'MB', figure: b2, baselineWhat: '—', baseline: null, ratio: null, goal: '≤ 300 MB at 1M', met: b2.median <= 300 });
        const b3 = runs(longest);
        results.push({ id: 'B3', what: 'longest main-thread task started during staging', unit: 'ms', figure: b3, baselineWhat: '—', baseline: null, ratio: null, goal: '< 50 ms', met: b3.max < 50, note: '0 means no long task (≥ 50 ms) at all' });

        }
        // the worker reads at most 2,000,000 cells of a workbook at once (12 columns: 166k rows)
        const xlsx = join(dir, 'contacts.xlsx');
        await writeXlsx(xlsx, XLSX_ROWS);
        const xs: number[] = [], xb: number[] = [];
        let xRows = 0;
        for (let rep = 0; rep < REPS; rep++) {
          const base = await bb.call<{ rows: number; ms: number }>('bench', 'sheetjs', 'bench-files/contacts.xlsx');
          const st = await bb.call<any>('harness', 'stage', 'bench-files/contacts.xlsx', 'clients', {});
          xRows = st.counts.total; xs.push(st.ms / 1000); xb.push(base.ms / 1000);
          log(`  B4 rep ${rep + 1}: staged ${xRows} rows in ${(st.ms / 1000).toFixed(1)} s; SheetJS alone ${(base.ms / 1000).toFixed(1)} s`);
        }
        const b4 = rate(xRows, xs), b4b = rate(xRows, xb);
        results.push({ id: 'B4', what: `XLSX staging, ${XLSX_ROWS.toLocaleString('en-US')} rows`, unit: 'rows/s', figure: b4, baselineWhat: 'SheetJS read(dense)+sheet_to_json', baseline: b4b, ratio: ratio(b4.median, b4b.median), goal: '≥ 0.6', met: b4.median / b4b.median >= 0.6 });
      } finally {
        await bb.close();
      }
    }

    if (ONLY.has('B') && BIG_ROWS > 0) {
      // B2 at the big size: does the heap stay near the 1M figure? One run (it takes minutes).
      const big = join(dir, 'contacts-big.csv');
      const genBig = await writeCsv(big, BIG_ROWS);
      log(`generated ${BIG_ROWS.toLocaleString('en-US')} rows, ${(genBig.bytes / MB).toFixed(0)} MB`);
      const bb = await startBenchBrowser(dir);
      try {
        const h = await bb.withHeap(() => bb.call<any>('harness', 'stage', 'bench-files/contacts-big.csv', 'clients', { merge: 'skip', listFlags: false }));
        const st = h.result;
        const parts = heapSplit(h);
        log(`  B2 at ${BIG_ROWS.toLocaleString('en-US')} rows: staged ${st.counts.total} rows in ${(st.ms / 1000).toFixed(0)} s; heap peak ${(h.peakSum / MB).toFixed(0)} MB (${parts}); longest task ${st.longestTask.toFixed(0)} ms`);
        const b2 = results.find((r) => r.id === 'B2');
        const ratioTo1M = b2?.figure ? h.peakSum / MB / b2.figure.median : null;
        results.push({ id: 'B2b', what: `peak JS heap + array buffers while staging ${BIG_ROWS.toLocaleString('en-US')} rows, n=1 (${parts}; staged in ${(st.ms / 1000).toFixed(0)} s, ${Math.round(st.counts.total / (st.ms / 1000))} rows/s)`, unit: 'MB', figure: runs([h.peakSum / MB]), baselineWhat: `B2 at ${ROWS.toLocaleString('en-US')}`, baseline: b2?.figure ?? null, ratio: ratioTo1M, goal: '≤ 1.5 × B2', met: ratioTo1M === null ? null : ratioTo1M <= 1.5 });
      } catch (err) {
        notes.push(`B2 at ${BIG_ROWS} rows failed: ${(err as Error).message}`);
        log(`  B2 at ${BIG_ROWS} rows failed: ${(err as Error).message}`);
      } finally {
        await bb.close();
        await rm(big, { force: true });
      }
    }

    if (ONLY.has('E')) {
      const e2eReps = Number(opt('e2e-reps') ?? REPS);
      const secs = await browserE2e(csv, e2eReps, log);
      results.push({ id: 'E2E', what: `file chosen in the app → committed in PostgreSQL, ${ROWS.toLocaleString('en-US')} rows`, unit: 's', figure: runs(secs), baselineWhat: '—', baseline: null, ratio: null, goal: 'reported', met: null });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const order = ['B1', 'B1f', 'B2', 'B2b', 'B3', 'B4', 'S1', 'S1f', 'S2', 'S3', 'S4', 'W1', 'W1b', 'W2', 'X1', 'E2E'];
  results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const machine = {
    nproc: cpus().length, cpu: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 1e9), node: process.version,
    chromium: sh('/usr/bin/chromium', ['--version']).split('\n').at(-1), postgres: sh('psql', [process.env.DATABASE_URL!, '-XAtc', 'show server_version']),
  };
  console.log(`\n${table(results)}\n`);
  console.log(`machine: ${JSON.stringify(machine)}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  // a full run goes to results/latest.json (committed); a run of some groups (--only) replaces
  // only their figures there; a quick run goes to the temp dir
  const out = QUICK ? tmpdir() : resolve(import.meta.dirname, 'results');
  await mkdir(out, { recursive: true });
  const file = join(out, QUICK ? 'sluice-bench-quick.json' : 'latest.json');
  const previous = ONLY.size < 5 && existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) as { results: (Result & { date?: string })[] } : { results: [] };
  const now = new Date().toISOString();
  const ids = new Set(results.map((r) => r.id));
  const merged = [...previous.results.filter((r) => !ids.has(r.id)), ...results.map((r) => ({ ...r, date: now, rows: ROWS }))];
  merged.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  await writeFile(file, `${JSON.stringify({
    date: now, mode: QUICK ? 'quick' : 'full', rows: ROWS, xlsxRows: XLSX_ROWS, reps: REPS, groups: [...ONLY], machine, results: merged, notes,
    seconds: Math.round((Date.now() - started) / 1000),
  }, null, 2)}\n`);
  console.log(`written to ${file}`);
}

await main();
