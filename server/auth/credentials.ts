import type { Sql } from '../db/engine.ts';
import type { Caller, Role } from '../types.ts';
import { newSecret, secretHash } from './passwords.ts';

export type CredentialKind = 'session' | 'token' | 'signin';

const LIFETIME: Record<CredentialKind, string | null> = {
  session: '14 days',
  token: null,
  signin: '24 hours',
};

/** Issues a secret of the given kind for a user; only its hash is stored. */
export async function issueCredential(
  sql: Sql,
  kind: CredentialKind,
  orgId: number,
  userId: number,
  opts: { name?: string; secret?: string } = {},
): Promise<string> {
  const secret = opts.secret ?? newSecret(kind === 'token' ? 'slk_' : '');
  const life = LIFETIME[kind];
  await sql`
    insert into credentials (hash, kind, org_id, user_id, name, expires_at)
    values (${secretHash(secret)}, ${kind}, ${orgId}, ${userId}, ${opts.name ?? null},
            ${life ? sql`now() + ${life}::interval` : null})
    on conflict (hash) do update set kind = excluded.kind, org_id = excluded.org_id,
      user_id = excluded.user_id, expires_at = excluded.expires_at`;
  return secret;
}

/** Resolves a session id or API token to its caller, or null when unknown or expired. */
export async function findCaller(sql: Sql, secret: string, kind: 'session' | 'token'): Promise<Caller | null> {
  const rows = await sql<{ org_id: number; user_id: number; email: string; role: Role }[]>`
    update credentials c set last_used_at = now()
    from users u
    where c.hash = ${secretHash(secret)} and c.kind = ${kind}
      and (c.expires_at is null or c.expires_at > now())
      and u.org_id = c.org_id and u.id = c.user_id
    returning c.org_id, c.user_id, u.email, u.role`;
  const r = rows[0];
  return r ? { orgId: r.org_id, userId: r.user_id, email: r.email, role: r.role, via: kind } : null;
}

/** Consumes a one-time sign-in code: returns its user and deletes it. */
export async function consumeSignin(sql: Sql, code: string): Promise<{ orgId: number; userId: number } | null> {
  const rows = await sql<{ org_id: number; user_id: number }[]>`
    delete from credentials where hash = ${secretHash(code)} and kind = 'signin' and expires_at > now()
    returning org_id, user_id`;
  const r = rows[0];
  return r ? { orgId: r.org_id, userId: r.user_id } : null;
}

export async function revokeCredential(sql: Sql, secret: string): Promise<void> {
  await sql`delete from credentials where hash = ${secretHash(secret)}`;
}
