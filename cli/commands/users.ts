import { parseArgs } from 'node:util';
import { commonOptions, out, UsageError } from '../args.ts';
import { connect } from '../connect.ts';

/** `sluice users add`: adds a user and prints their one-time sign-in link (admins only). */
export async function usersCommand(rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: {
    ...commonOptions, email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' },
  } });
  if (positionals[0] !== 'add' || !values.email) throw new UsageError('usage: sluice users add --email E [--role member|admin]');
  const api = await connect(values);
  const r = await api.post<{ id: number; email: string; role: string; signinCode: string }>('/api/users', {
    email: values.email, role: values.role ?? 'member', password: values.password,
  });
  out(values.json, r, `added ${r.email} (${r.role}); one-time sign-in link: ${new URL(`/signin?code=${r.signinCode}`, api.opts.server)}`);
  return 0;
}
