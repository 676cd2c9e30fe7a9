import { parseArgs } from 'node:util';
import { commonOptions, out, UsageError } from '../args.ts';
import { connect } from '../connect.ts';

/** `sluice token create`: a new bearer token for the caller, printed once. */
export async function tokenCommand(rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...commonOptions, name: { type: 'string' } } });
  if (positionals[0] !== 'create') throw new UsageError('usage: sluice token create [--name NAME]');
  const r = await (await connect(values)).post<{ token: string }>('/api/tokens', { name: values.name ?? 'cli' });
  out(values.json, r, r.token);
  return 0;
}
