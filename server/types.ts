import type { DatasetSchema } from '../shared/schema.ts';
import type { Sql } from './db/engine.ts';
import type { Owners } from './db/target.ts';

export type Role = 'admin' | 'member';

/** Who is calling. org_id only ever comes from here, never from a request body. */
export interface Caller {
  orgId: number;
  userId: number;
  email: string;
  role: Role;
  via: 'session' | 'token';
}

export interface AppDeps {
  sql: Sql;
  /** Datasets that can be imported into, by name. */
  datasets: Map<string, DatasetSchema>;
  /** The organisation owning each dataset whose table has no org column (prepareDatabase resolves them); every other organisation does not see it. */
  owners?: Owners;
  /** Largest accepted chunk body, compressed, in bytes. */
  maxChunkBytes?: number;
  /** Largest accepted chunk body after gunzip, in bytes. */
  maxChunkInflatedBytes?: number;
  /**
   * Mark session cookies Secure on every request (the public address is https). Without it a
   * cookie is Secure when its request came over HTTPS, directly or through a proxy that says so.
   */
  secureCookies?: boolean;
  /** Stage uploaded rows with `COPY … FROM STDIN`: the database's `copyIn`, stated so no caller loses it by leaving it out. */
  copyIn: boolean;
  /** How often the events stream polls the database, ms. */
  eventsPollMs?: number;
}

export interface AppEnv {
  Variables: {
    caller: Caller;
    /** The dataset a `/api/datasets/:name/...` route is about (server/http/dataset-param.ts). */
    dataset: DatasetSchema;
  };
}
