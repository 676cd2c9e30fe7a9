/**
 * Server figures (S1-S4, X1, W1 of the CLI path) against a real `sluice serve` process over
 * HTTP, with their baselines (psql \copy, a per-row postgres.js loop) in the same run.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import postgres from 'postgres';
import { canonicalChunk, chunkHash, type ChunkBody } from '../../shared/chunk/index.ts';
import { knownHeaders, mapHeaders } from '../../shared/mapping/index.ts';
import { clients } from '../../shared/presets/clients.ts';
import { RowProcessor, toWireRow } from '../../shared/pipeline.ts';
import { DEFAULT_MAX_CHUNK_INFLATED_BYTES } from '../../server/app.ts';
import { assertStorable, chunkDigest, copyText, decodeBody, stageRows } from '../../server/ingest/chunks.ts';
import { openRecordSource } from '../../cli/read/index.ts';
import { freePort, freshDatabaseUrl, startServerProcess, type ServerProcess } from '../cli/processes.ts';

const run = promisify(execFile);
export const TOKEN = 'bench-token';
const FIELDS = clients.fields.map((f) => f.name);

export interface Prepared { chunks: { body: Buffer; hash: string; rows: number }[]; rows: number; gzBytes: number; fileSize: number; file: string }

/** What the CLI sends (cli/commands/import.ts chunksOf): mapped, normalized, gzip'd canonical chunks of 2,000 rows. */
export async function prepareChunks(file: string, fileSize: number, batchSize = 2000): Promise<Prepared> {
  const source = await openRecordSource(file, { knownHeaders: knownHeaders(clients) });
  const mapped = mapHeaders(source.headers, clients);
  const columns = Object.keys(mapped.mapping);
  const processor = new RowProcessor(clients, mapped.mapping, {});
  const out: Prepared = { chunks: [], rows: 0, gzBytes: 0, fileSize, file };
  let batch: ChunkBody = { columns, rows: [], rowNumbers: [] };
  const flush = () => {
    const body = gzipSync(canonicalChunk(batch));
    out.chunks.push({ body, hash: chunkHash(batch), rows: batch.rows.length });
    out.gzBytes += body.length;
    batch = { columns, rows: [], rowNumbers: [] };
  };
  try {
    for await (const rec of source.records) {
      batch.rows.push(toWireRow(processor.process(rec.cells, rec.row), columns));
      batch.rowNumbers.push(rec.row);
      out.rows++;
      if (batch.rows.length >= batchSize) flush();
    }
    if (batch.rows.length) flush();
  } finally {
    await source.close();
  }
  return out;
}

async function api<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Create import → PUT every chunk (3 in flight, as the CLI) → plan → commit. Returns seconds and the commit counts. */
export async function ingest(url: string, p: Prepared, merge: 'skip' | 'update'): Promise<{ secs: number; counts: Record<string, number>; status: string; phases: Record<string, number> }> {
  const t0 = performance.now();
  const imp = await api<{ id: number }>(url, 'POST', '/api/imports', { dataset: 'clients', fileName: basename(p.file), fileSize: p.fileSize, merge, totalChunks: p.chunks.length });
  let next = 0;
  const worker = async () => {
    while (next < p.chunks.length) {
      const n = next++;
      const c = p.chunks[n]!;
      const res = await fetch(`${url}/api/imports/${imp.id}/chunks/${n}`, {
        method: 'PUT',
        body: new Uint8Array(c.body),
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip', 'idempotency-key': `${imp.id}:${n}`, 'content-sha256': c.hash },
      });
      if (!res.ok) throw new Error(`chunk ${n}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const t1 = performance.now();
  await api(url, 'POST', `/api/imports/${imp.id}/plan`, {});
  const t2 = performance.now();
  const done = await api<{ status: string; counts: Record<string, number> }>(url, 'POST', `/api/imports/${imp.id}/commit`, {});
  const t3 = performance.now();
  const phases = { upload: (t1 - t0) / 1000, plan: (t2 - t1) / 1000, commit: (t3 - t2) / 1000 };
  return { secs: (t3 - t0) / 1000, counts: done.counts, status: done.status, phases };
}

const phaseText = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');

async function psql(url: string, command: string): Promise<number> {
  const t0 = performance.now();
  await run('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], { maxBuffer: 1 << 20 });
  return (performance.now() - t0) / 1000;
}

/** psql \copy (select ...) to stdout csv, stdout to /dev/null. */
function psqlCopyOut(url: string, command: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const child = spawn('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.once('close', (code) => (code === 0 ? ok((performance.now() - t0) / 1000) : fail(new Error(`psql: ${err}`))));
  });
}

function rssOf(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** CSV export through the API, body drained; server RSS sampled. */
async function exportCsv(server: ServerProcess): Promise<{ secs: number; rows: number; bytes: number; rssBefore: number; rssPeak: number }> {
  const pid = server.child.pid!;
  const rssBefore = rssOf(pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, rssOf(pid)); }, 50);
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/datasets/clients/export?format=csv&columns=${FIELDS.join(',')}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!res.ok) throw new Error(`export: ${res.status} ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
  const secs = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  return { secs, rows: Number(res.headers.get('x-total-count')), bytes, rssBefore, rssPeak: Math.max(rssPeak, rssOf(pid)) };
}

/**
 * S1's floor: the server's own JS work on every chunk (gunzip, JSON, the digest, the storable
 * check, the re-check through the shared pipeline, the COPY text), through server/ingest's
 * functions in this process, with no HTTP and no database. Seconds.
 */
export function serverWorkFloor(p: Prepared): number {
  const t0 = performance.now();
  p.chunks.forEach((c, n) => {
    const body = decodeBody({ gzip: true, body: c.body, maxInflatedBytes: DEFAULT_MAX_CHUNK_INFLATED_BYTES });
    if (chunkDigest(body) !== c.hash) throw new Error(`chunk ${n}: digest differs`);
    assertStorable(body, basename(p.file));
    copyText({ org_id: 1, id: 1 }, n, body.rowNumbers, stageRows(clients, {}, body));
  });
  return (performance.now() - t0) / 1000;
}

export interface PgFigures {
  /** S1's commit phase alone, and S1's floor (serverWorkFloor), per rep. */
  s1Commit: number[]; floor: number[];
  s1: number[]; s1Rows: number; s2: number[]; s2Counts: Record<string, number>; copy: number[];
  x1: number[]; x1Rows: number; x1Bytes: number; x1Base: number[]; x1Rss: { before: number; peak: number }[];
  s4: number[]; s4Rows: number; normalizedCsv: string;
}

/** S1, S2, X1 and the \copy baselines on PostgreSQL: a fresh database and server process per rep. */
export async function postgresFigures(p: Prepared, dir: string, reps: number, naiveRows: number, log: (s: string) => void): Promise<PgFigures> {
  const f: PgFigures = { s1Commit: [], floor: [], s1: [], s1Rows: 0, s2: [], s2Counts: {}, copy: [], x1: [], x1Rows: 0, x1Bytes: 0, x1Base: [], x1Rss: [], s4: [], s4Rows: 0, normalizedCsv: join(dir, 'normalized.csv') };
  const cols = `org_id, ${FIELDS.join(', ')}`;
  for (let rep = 0; rep < reps; rep++) {
    f.floor.push(serverWorkFloor(p));
    log(`  S1 floor rep ${rep + 1}: the server's JS work alone took ${f.floor.at(-1)!.toFixed(1)} s`);
    const db = await freshDatabaseUrl();
    const dataDir = join(dir, `pg-data-${rep}`);
    await mkdir(dataDir, { recursive: true });
    const server = await startServerProcess({ port: await freePort(), dataDir, databaseUrl: db.url, token: TOKEN });
    try {
      const s1 = await ingest(server.url, p, 'skip');
      f.s1Rows = s1.counts.inserted ?? 0;
      f.s1.push(s1.secs);
      f.s1Commit.push(s1.phases.commit!);
      log(`  S1 rep ${rep + 1}: ${s1.secs.toFixed(1)} s (${phaseText(s1.phases)}), ${JSON.stringify(s1.counts)}`);
      const s2 = await ingest(server.url, p, 'update');
      f.s2.push(s2.secs);
      f.s2Counts = s2.counts;
      log(`  S2 rep ${rep + 1}: ${s2.secs.toFixed(1)} s (${phaseText(s2.phases)}), ${JSON.stringify(s2.counts)}`);
      const x = await exportCsv(server);
      f.x1.push(x.secs); f.x1Rows = x.rows; f.x1Bytes = x.bytes; f.x1Rss.push({ before: x.rssBefore, peak: x.rssPeak });
      f.x1Base.push(await psqlCopyOut(db.url!, `\\copy (select ${FIELDS.join(', ')} from ds_clients order by id) to stdout csv header`));
      log(`  X1 rep ${rep + 1}: API ${x.secs.toFixed(1)} s (${x.rows} rows, RSS ${(x.rssBefore / 1e6).toFixed(0)}→${(x.rssPeak / 1e6).toFixed(0)} MB), psql ${f.x1Base.at(-1)!.toFixed(1)} s`);
      // baseline for S1: the same normalized rows (as committed) into a same-shaped table, same indexes
      if (rep === 0) await psql(db.url!, `\\copy (select ${cols} from ds_clients) to '${f.normalizedCsv}' csv`);
      await psql(db.url!, 'create table bench_copy (like ds_clients including all)');
      f.copy.push(await psql(db.url!, `\\copy bench_copy (${cols}) from '${f.normalizedCsv}' csv`));
      log(`  copy rep ${rep + 1}: ${f.copy.at(-1)!.toFixed(1)} s`);
      const naive = await naiveImport(db.url!, f.normalizedCsv, naiveRows);
      f.s4.push(naive.secs); f.s4Rows = naive.rows;
      log(`  S4 rep ${rep + 1}: ${naive.rows} rows in ${naive.secs.toFixed(1)} s`);
    } finally {
      await server.stop();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return f;
}

type Cell = string | null;
type Cells = [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

/** S4: what hand-written importers do: per row, SELECT by the keys, then INSERT or UPDATE (autocommit). */
async function naiveImport(url: string, csv: string, limit: number): Promise<{ secs: number; rows: number }> {
  const rows = Papa.parse<string[]>(readFileSync(csv, 'utf8'), { skipEmptyLines: true }).data.slice(0, limit);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe('create table bench_naive (like ds_clients including all)');
    const t0 = performance.now();
    for (const r of rows) {
      const [org, externalId, first, last, email, phone, address, city, postal, notes, registered] = Array.from({ length: 11 }, (_, i) => r[i] || null) as Cells;
      const found = await sql`select id from bench_naive where org_id = ${org} and (email = ${email} or phone = ${phone}) limit 1`;
      if (found.length) {
        await sql`update bench_naive set external_id = ${externalId}, first_name = ${first}, last_name = ${last}, email = ${email}, phone = ${phone},
          address = ${address}, city = ${city}, postal_code = ${postal}, notes = ${notes}, registered_at = ${registered}, updated_at = now() where org_id = ${org} and id = ${found[0]!.id}`;
      } else {
        await sql`insert into bench_naive (org_id, external_id, first_name, last_name, email, phone, address, city, postal_code, notes, registered_at)
          values (${org}, ${externalId}, ${first}, ${last}, ${email}, ${phone}, ${address}, ${city}, ${postal}, ${notes}, ${registered})`;
      }
    }
    return { secs: (performance.now() - t0) / 1000, rows: rows.length };
  } finally {
    await sql.end();
  }
}

/** S3: S1 on embedded PGlite (a fresh data dir and server process per rep). */
export async function pgliteFigures(p: Prepared, dir: string, reps: number, log: (s: string) => void): Promise<number[]> {
  const out: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const dataDir = join(dir, `pglite-${rep}`);
    await mkdir(dataDir, { recursive: true });
    const server = await startServerProcess({ port: await freePort(), dataDir, token: TOKEN });
    try {
      const r = await ingest(server.url, p, 'skip');
      out.push(r.secs);
      log(`  S3 rep ${rep + 1}: ${r.secs.toFixed(1)} s (${phaseText(r.phases)}), ${JSON.stringify(r.counts)}`);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return out;
}
