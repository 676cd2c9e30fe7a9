import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { createServer, Socket } from 'node:net';

export type Sql = postgres.Sql;
/** What runs queries: the pool (`Sql`) or a transaction of it (what `sql.begin` hands its callback). */
export type Queryable = postgres.ISql;

/** A connected database: `sql` for queries, `close` to release it (and stop PGlite). */
export interface Database {
  sql: Sql;
  engine: 'postgres' | 'pglite';
  /** Whether the server takes `COPY … FROM STDIN` (PostgreSQL does; PGlite over its socket does not). */
  copyIn: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL. Without it an embedded PGlite is started. */
  url?: string;
  /** Where PGlite keeps its files; 'memory://' for a throwaway database. */
  dataDir?: string;
  /** Pool size for PostgreSQL (PGlite is always one connection: it is a single session). */
  max?: number;
}

const clientOptions = {
  onnotice: () => {},
  // int8 (ids, counts) as JS numbers: ids stay far below 2^53
  types: {
    bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    // calendar dates stay 'YYYY-MM-DD' text: a JS Date would shift them by the time zone
    date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x },
  },
} satisfies postgres.Options<Record<string, postgres.PostgresType>>;

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The driver's socket, with Nagle's algorithm off. The driver sends a COPY's closing message
 * (5 bytes) in a write of its own, which Nagle's algorithm holds until the server acknowledges
 * the data before it: about 40 ms per COPY. (The driver's own socket would try each host of a
 * URL that names several; this one connects to the first.)
 */
function noDelaySocket(o: { host: string[]; port: number[]; path?: string | false }): Socket {
  const socket = new Socket();
  socket.setNoDelay(true);
  return o.path ? socket.connect(o.path) : socket.connect(o.port[0]!, o.host[0]!);
}

/** Opens PostgreSQL when a URL is given, otherwise an embedded PGlite reached over loopback. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  if (opts.url) {
    // `socket` is a driver option its types leave out
    const sql = postgres(opts.url, { ...clientOptions, max: opts.max ?? 10, ...{ socket: noDelaySocket } });
    return { sql, engine: 'postgres', copyIn: true, close: () => sql.end({ timeout: 5 }) };
  }
  const pg = await PGlite.create(opts.dataDir ?? 'memory://');
  const port = await freePort();
  // PGlite is one Postgres session: one socket connection, and one client connection on it,
  // so transactions from different requests can never interleave.
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port, maxConnections: 1 });
  await server.start();
  const sql = postgres({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', ...clientOptions, max: 1, ssl: false });
  return {
    sql,
    engine: 'pglite',
    copyIn: false,
    async close() {
      await sql.end({ timeout: 5 });
      await server.stop();
      await pg.close();
    },
  };
}

/** The single row a query must return (aggregates, `returning` of one insert). */
export function one<T>(rows: readonly T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('query returned no row');
  return row;
}
