import { parseArgs } from 'node:util';
import { commonOptions, UsageError } from '../args.ts';
import { connect } from '../connect.ts';

/** `sluice errors <id>`: the import's rejected rows as CSV on stdout. */
export async function errorsCommand(rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: commonOptions });
  if (!positionals[0]) throw new UsageError('errors needs an import id');
  const res = await (await connect(values)).request<string>('GET', `/api/imports/${encodeURIComponent(positionals[0])}/errors.csv`, { retry: true });
  process.stdout.write(res.text);
  return 0;
}
