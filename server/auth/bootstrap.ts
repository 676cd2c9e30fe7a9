import type { Sql } from '../db/engine.ts';
import { issueCredential } from './credentials.ts';

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

export interface Bootstrap {
  orgId: number;
  adminId: number;
  /** One-time sign-in code, set while the admin has no password yet. */
  signinCode?: string;
}

/**
 * First start: creates the default org and its admin. While that admin has no password, every
 * start issues a fresh one-time sign-in code. With `adminToken`, ensures a CLI token of that value.
 */
export async function bootstrap(sql: Sql, opts: { adminToken?: string } = {}): Promise<Bootstrap> {
  const { orgId, adminId, hasPassword } = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(7391003)`;
    let [org] = await tx<{ id: number }[]>`select id from orgs order by id limit 1`;
    if (!org) [org] = await tx<{ id: number }[]>`insert into orgs (name) values ('Default') returning id`;
    let [admin] = await tx<{ id: number; password_hash: string | null }[]>`
      select id, password_hash from users where org_id = ${org!.id} and role = 'admin' order by id limit 1`;
    if (!admin) {
      [admin] = await tx<{ id: number; password_hash: string | null }[]>`
        insert into users (org_id, email, role) values (${org!.id}, ${DEFAULT_ADMIN_EMAIL}, 'admin') returning id, password_hash`;
    }
    return { orgId: org!.id, adminId: admin!.id, hasPassword: admin!.password_hash !== null };
  });
  if (opts.adminToken) await issueCredential(sql, 'token', orgId, adminId, { name: 'SLUICE_ADMIN_TOKEN', secret: opts.adminToken });
  const signinCode = hasPassword ? undefined : await issueCredential(sql, 'signin', orgId, adminId);
  return { orgId, adminId, signinCode };
}
