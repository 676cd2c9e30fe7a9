import { parseArgs } from 'node:util';
import type { ImportPage } from '../../shared/api/index.ts';
import { commonOptions, out } from '../args.ts';
import { connect } from '../connect.ts';

/** `sluice history`: the 50 newest imports, one line each. */
export async function historyCommand(rest: string[]): Promise<number> {
  const { values } = parseArgs({ args: rest, options: { ...commonOptions, dataset: { type: 'string' }, status: { type: 'string' } } });
  const q = new URLSearchParams({ pageSize: '50' });
  if (values.dataset) q.set('dataset', values.dataset);
  if (values.status) q.set('status', values.status);
  const data = await (await connect(values)).get<ImportPage>(`/api/imports?${q}`);
  const rows = data.imports.map((i) =>
    `${String(i.id).padStart(6)}  ${i.createdAt.slice(0, 19).replace('T', ' ')}  ${i.dataset.padEnd(10)} ${i.status.padEnd(17)} ${String(i.counts.total ?? '').padStart(8)}  ${i.userEmail ?? ''}  ${i.fileName}`);
  out(values.json, data, [`${'id'.padStart(6)}  ${'created (UTC)'.padEnd(19)}  ${'dataset'.padEnd(10)} ${'status'.padEnd(17)} ${'rows'.padStart(8)}  user  file`, ...rows].join('\n'));
  return 0;
}
