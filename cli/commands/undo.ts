import { parseArgs } from 'node:util';
import { commonOptions, out, UsageError } from '../args.ts';
import { connect } from '../connect.ts';

/** `sluice undo <id>`: reverts a committed import (admins only). */
export async function undoCommand(rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...commonOptions, 'skip-changed': { type: 'boolean', default: false } } });
  if (!positionals[0]) throw new UsageError('undo needs an import id');
  const r = await (await connect(values)).post<{ deleted: number; restored: number; refused: number }>(
    `/api/imports/${encodeURIComponent(positionals[0])}/undo`, { skipChanged: values['skip-changed'] });
  out(values.json, r, `undone: ${r.deleted} inserted rows deleted, ${r.restored} updated rows restored, ${r.refused} changed since left as they are`);
  return 0;
}
