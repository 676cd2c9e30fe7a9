import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { chunkHash, canonicalChunk, type ChunkBody } from '../../shared/chunk/index.ts';
import { createApp } from '../../server/app.ts';
import { bootstrap } from '../../server/auth/bootstrap.ts';
import { issueCredential } from '../../server/auth/credentials.ts';
import { openDatabase, type Database, type Sql } from '../../server/db/engine.ts';
import { builtInDatasets, prepareDatabase, prepareDatasets } from '../../server/start.ts';
import type { DatasetSchema } from '../../shared/schema.ts';

export type Engine = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it). */
export const engines: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A database of its own for one test file: a fresh PGlite, or a fresh PostgreSQL database. */
export async function freshDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') return openDatabase({});
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const name = `sluice_t_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), max: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface TestServer {
  db: Database;
  app: ReturnType<typeof createApp>;
  orgId: number;
  adminToken: string;
  close(): Promise<void>;
  /** Calls the app with a bearer token (admin by default) and JSON body. */
  call(method: string, path: string, body?: unknown, token?: string, headers?: Record<string, string>): Promise<Response>;
  json<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  /** A second organisation with its own admin token. */
  newOrg(name: string): Promise<{ orgId: number; token: string }>;
  /** A member (non-admin) of the default org. */
  newMember(email: string): Promise<string>;
}

export interface TestServerOptions {
  /** Datasets beside the built-in ones (office definitions), prepared once the default org exists. */
  datasets?: DatasetSchema[];
  /** Runs before those datasets are prepared: the application's own tables are made here. */
  before?: (sql: Sql) => Promise<unknown>;
  log?: (line: string) => void;
}

export async function startTestServer(engine: Engine, opts: TestServerOptions = {}): Promise<TestServer> {
  const db = await freshDatabase(engine);
  const datasets = builtInDatasets(opts.datasets);
  await prepareDatabase(db, builtInDatasets().values());
  const adminToken = `test_${randomBytes(8).toString('hex')}`;
  const boot = await bootstrap(db.sql, { adminToken });
  await opts.before?.(db.sql);
  const owners = opts.datasets ? await prepareDatasets(db, datasets.values(), opts.log ?? (() => {})) : undefined;
  const app = createApp({ sql: db.sql, copyIn: db.copyIn, datasets, owners, eventsPollMs: 50, maxChunkBytes: 4 * 1024 * 1024, maxChunkInflatedBytes: 16 * 1024 * 1024 });
  const call = async (method: string, path: string, body?: unknown, token = adminToken, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    });
  return {
    db,
    app,
    orgId: boot.orgId,
    adminToken,
    close: () => db.close(),
    call,
    async json(method, path, body, token) {
      const res = await call(method, path, body, token);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async newOrg(name) {
      const [org] = await db.sql<{ id: number }[]>`insert into orgs (name) values (${name}) returning id`;
      const [user] = await db.sql<{ id: number }[]>`insert into users (org_id, email, role) values (${org!.id}, ${`admin@${name}.example`}, 'admin') returning id`;
      return { orgId: org!.id, token: await issueCredential(db.sql, 'token', org!.id, user!.id) };
    },
    async newMember(email) {
      const [user] = await db.sql<{ id: number }[]>`insert into users (org_id, email, role) values (${boot.orgId}, ${email}, 'member') returning id`;
      return issueCredential(db.sql, 'token', boot.orgId, user!.id);
    },
  };
}

/** Headers and body for uploading a chunk. */
export function chunkRequest(body: ChunkBody, key = 'k') {
  return {
    body: canonicalChunk(body),
    headers: { 'idempotency-key': key, 'content-sha256': chunkHash(body), 'content-type': 'application/json' },
  };
}

/** Uploads a chunk, returning status and the exact response text. */
export async function putChunk(s: TestServer, importId: number, n: number, body: ChunkBody, opts: { key?: string; token?: string } = {}) {
  const req = chunkRequest(body, opts.key ?? `${importId}:${n}`);
  const res = await s.call('PUT', `/api/imports/${importId}/chunks/${n}`, req.body, opts.token, req.headers);
  return { status: res.status, text: await res.text() };
}

/** Creates an import and returns its id. */
export async function createImport(s: TestServer, fields: Record<string, unknown> = {}, token?: string): Promise<number> {
  const res = await s.json('POST', '/api/imports', { dataset: 'leads', fileName: 'leads.csv', ...fields }, token);
  if (res.status !== 201) throw new Error(`create import: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
