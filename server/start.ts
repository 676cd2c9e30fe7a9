import { serve, type ServerType } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { presets } from '../shared/presets/index.ts';
import type { DatasetSchema } from '../shared/schema.ts';
import { createApp } from './app.ts';
import { bootstrap } from './auth/bootstrap.ts';
import { ensureDatasetTable } from './db/datasets.ts';
import { checkExistingTables } from './db/existing-tables.ts';
import { openDatabase, type Database } from './db/engine.ts';
import { evolveDatasetTables } from './db/evolve.ts';
import { migrate } from './db/migrations.ts';
import { isExistingTable, type Owners } from './db/target.ts';
import { mountWeb } from './web.ts';

export interface ServeOptions {
  port?: number;
  host?: string;
  /** PostgreSQL URL; without it an embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  adminToken?: string;
  /** The address users reach Sluice at (`SLUICE_PUBLIC_URL`); when https, every session cookie is Secure. */
  publicUrl?: string;
  /** Datasets defined by the office (checked definition files), beside the built-in ones. */
  datasets?: readonly DatasetSchema[];
  /** Drop the columns of removed fields and convert retyped ones (else the start is refused). */
  migrate?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  db: Database;
  signinUrl?: string;
  close(): Promise<void>;
}

/**
 * Makes sure Sluice's own dataset tables exist, and checks the existing tables definitions
 * target (throwing DatasetTablesError with every problem). Returns the organisation owning
 * each dataset whose table has no org column.
 */
export async function prepareDatasets(
  db: Database, datasets: Iterable<DatasetSchema>, log: (line: string) => void = (l) => console.log(l), migrate = false,
): Promise<Owners> {
  const existing: DatasetSchema[] = [];
  const managed: DatasetSchema[] = [];
  for (const schema of datasets) (isExistingTable(schema) ? existing : managed).push(schema);
  await evolveDatasetTables(db.sql, managed, migrate, log);
  for (const schema of managed) await ensureDatasetTable(db.sql, schema);
  return checkExistingTables(db.sql, existing, log);
}

/** Migrates the database and prepares the datasets' tables (prepareDatasets). */
export async function prepareDatabase(db: Database, datasets: Iterable<DatasetSchema>, log?: (line: string) => void, migrateTables = false): Promise<Owners> {
  await migrate(db.sql);
  return prepareDatasets(db, datasets, log, migrateTables);
}

/** The built-in datasets, then the office's own (whose names the definition check kept apart). */
export function builtInDatasets(own: readonly DatasetSchema[] = []): Map<string, DatasetSchema> {
  return new Map([...Object.values(presets), ...own].map((s) => [s.name, s]));
}

/** Starts Sluice: database (PostgreSQL or embedded PGlite), migrations, first-start admin, HTTP. */
export async function startServer(opts: ServeOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 8787;
  let db: Database;
  if (opts.databaseUrl) {
    db = await openDatabase({ url: opts.databaseUrl });
  } else {
    const dir = resolve(opts.dataDir ?? '.sluice');
    await mkdir(dir, { recursive: true });
    db = await openDatabase({ dataDir: resolve(dir, 'pgdata') });
  }
  const datasets = builtInDatasets(opts.datasets);
  let owners: Owners;
  let boot: Awaited<ReturnType<typeof bootstrap>>;
  try {
    // the first organisation exists before a definition can name it as a table's owner
    await migrate(db.sql);
    boot = await bootstrap(db.sql, { adminToken: opts.adminToken });
    owners = await prepareDatasets(db, datasets.values(), log, opts.migrate);
  } catch (err) {
    await db.close();
    throw err;
  }
  const app = createApp({ sql: db.sql, copyIn: db.copyIn, datasets, owners, secureCookies: /^https:\/\//i.test(opts.publicUrl ?? '') });
  const webRoot = resolve(import.meta.dirname, '../dist/web');
  mountWeb(app, existsSync(webRoot) ? webRoot : undefined);
  const server: ServerType = await new Promise((ok) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => ok(s));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${shownHost}:${actualPort}`;
  const signinUrl = boot.signinCode ? `${url}/signin?code=${boot.signinCode}` : undefined;
  // one write, so whoever waits for the first line sees the sign-in link too
  log([
    `Sluice is running on ${url} (${db.engine === 'pglite' ? `embedded database in ${resolve(opts.dataDir ?? '.sluice')}` : 'PostgreSQL'})`,
    ...(signinUrl ? [`Sign in once as the admin: ${signinUrl}`, `Or get a CLI token with:    npx sluice login ${signinUrl}`] : []),
  ].join('\n'));
  return {
    url,
    db,
    signinUrl,
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await db.close();
    },
  };
}

/** Starts the server from the environment (PORT, HOST, DATABASE_URL, SLUICE_DATA_DIR, SLUICE_ADMIN_TOKEN, SLUICE_PUBLIC_URL), flags winning, and stops it cleanly on SIGINT/SIGTERM. */
export async function serveUntilSignalled(
  flags: { port?: number; host?: string; dataDir?: string; datasets?: readonly DatasetSchema[]; migrate?: boolean } = {},
): Promise<RunningServer> {
  const server = await startServer({
    port: flags.port ?? Number(process.env.PORT ?? 8787),
    host: flags.host ?? process.env.HOST ?? '127.0.0.1',
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: flags.dataDir ?? process.env.SLUICE_DATA_DIR ?? '.sluice',
    adminToken: process.env.SLUICE_ADMIN_TOKEN || undefined,
    publicUrl: process.env.SLUICE_PUBLIC_URL || undefined,
    datasets: flags.datasets,
    migrate: flags.migrate,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
  return server;
}
