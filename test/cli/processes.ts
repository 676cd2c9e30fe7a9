import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { freePort, openDatabase } from '../../server/db/engine.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = resolve(ROOT, 'bin/sluice.mjs');

export { freePort };

/** A fresh PostgreSQL database URL when DATABASE_URL is set, else undefined (embedded PGlite). */
export async function freshDatabaseUrl(): Promise<{ url?: string; drop(): Promise<void> }> {
  if (!process.env.DATABASE_URL) return { drop: async () => {} };
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  const name = `sluice_cli_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs SQL on the database a server process will use, before it starts (the tables an office's
 * application already has): on PostgreSQL at `databaseUrl`, else on the PGlite in `dataDir`.
 */
export async function prepareServerDatabase(opts: { dataDir: string; databaseUrl?: string }, sqlText: string): Promise<void> {
  if (!opts.databaseUrl) await mkdir(opts.dataDir, { recursive: true });
  const db = await openDatabase(opts.databaseUrl ? { url: opts.databaseUrl } : { dataDir: resolve(opts.dataDir, 'pgdata') });
  try {
    await db.sql.unsafe(sqlText);
  } finally {
    await db.close();
  }
}

/** Starts `sluice serve` as a child process and waits until it listens. */
export async function startServerProcess(opts: { port: number; dataDir: string; databaseUrl?: string; token: string; args?: string[] }): Promise<ServerProcess> {
  const env = { ...process.env, SLUICE_ADMIN_TOKEN: opts.token, DATABASE_URL: opts.databaseUrl ?? '' };
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(opts.port), '--data-dir', opts.dataDir, ...(opts.args ?? [])], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${output.join('')}`)), 60_000);
    const onData = (b: Buffer) => {
      output.push(b.toString());
      if (output.join('').includes('Sluice is running')) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited with ${code}: ${output.join('')}`)); });
  });
  return {
    url: `http://127.0.0.1:${opts.port}`,
    child,
    output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `sluice` CLI to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): { done: Promise<CliResult>; child: ChildProcess } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
  const done = new Promise<CliResult>((ok) => child.once('close', (code) => ok({ code: code ?? -1, stdout, stderr })));
  return { done, child };
}

/** A server process of a describe block, as `useServerProcess` hands it to the tests. */
export interface SuiteServer {
  server: ServerProcess;
  /** The block's own folder (the server's data is in `data/` inside it). */
  dir: string;
  /** `sluice ...` against this server with its token. */
  cli(...args: string[]): Promise<CliResult>;
  /** The records of a dataset, through the API. */
  records<T = Record<string, unknown>>(dataset: string, query?: string): Promise<T[]>;
}

/**
 * A server process for a describe block, on a fresh database (PostgreSQL when DATABASE_URL is
 * set, else PGlite in a fresh folder): started before the block's tests, stopped and removed
 * after. `setup` runs first with the block's folder: SQL for the database, arguments for serve.
 */
export function useServerProcess(opts: {
  token: string;
  prefix: string;
  setup?: (dir: string) => Promise<{ sql?: string; args?: string[] }>;
}): SuiteServer {
  let db: Awaited<ReturnType<typeof freshDatabaseUrl>> | undefined;
  const suite = {
    dir: '',
    server: undefined as unknown as ServerProcess,
    cli: (...args: string[]) => runCli([...args, '--server', suite.server.url, '--token', opts.token]).done,
    async records<T>(dataset: string, query = 'pageSize=1000'): Promise<T[]> {
      const res = await fetch(`${suite.server.url}/api/datasets/${dataset}/records?${query}`, { headers: { authorization: `Bearer ${opts.token}` } });
      return ((await res.json()) as { records: T[] }).records;
    },
  };
  beforeAll(async () => {
    suite.dir = await mkdtemp(join(tmpdir(), opts.prefix));
    db = await freshDatabaseUrl();
    const where = { dataDir: join(suite.dir, 'data'), databaseUrl: db.url };
    const setup = (await opts.setup?.(suite.dir)) ?? {};
    if (setup.sql) await prepareServerDatabase(where, setup.sql);
    suite.server = await startServerProcess({ port: await freePort(), ...where, token: opts.token, args: setup.args });
  }, 120_000);
  afterAll(async () => {
    await suite.server?.stop();
    await db?.drop();
    if (suite.dir) await rm(suite.dir, { recursive: true, force: true });
  });
  return suite;
}
