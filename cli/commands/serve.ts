import { parseArgs } from 'node:util';
import { checkDefinitionFiles, problemText } from '../../shared/definitions/index.ts';
import { presets } from '../../shared/presets/index.ts';
import type { DatasetSchema } from '../../shared/schema.ts';
import { UsageError } from '../args.ts';
import { readDefinitionFiles } from '../definitions.ts';
import { FatalError } from '../import/run.ts';

/** The datasets defined in `dir`; any mistake stops the start, each one named by file and path. */
async function ownDatasets(dir: string): Promise<DatasetSchema[]> {
  const files = await readDefinitionFiles(dir).catch((e: Error) => { throw new FatalError(`cannot read the datasets folder ${dir}: ${e.message}`); });
  const { datasets, problems } = checkDefinitionFiles(files, Object.values(presets));
  if (problems.length) {
    throw new FatalError(`not started: ${problems.length} mistake(s) in the dataset definitions of ${dir}\n${problems.map(problemText).join('\n')}`);
  }
  return datasets;
}

/** `sluice serve`: the only command that loads the server; it runs until a signal stops it. */
export async function serveCommand(rest: string[]): Promise<number> {
  const { values } = parseArgs({ args: rest, options: {
    port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, datasets: { type: 'string' }, migrate: { type: 'boolean', default: false },
  } });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError('--port must be a port number');
  const dir = values.datasets ?? (process.env.SLUICE_DATASETS || undefined);
  const datasets = dir ? await ownDatasets(dir) : [];
  const { serveUntilSignalled } = await import('../../server/start.ts');
  await serveUntilSignalled({ port, host: values.host, dataDir: values['data-dir'], datasets, migrate: values.migrate }).catch((err: unknown) => {
    // a definition's table that does not fit: every problem, without a stack
    if (err instanceof Error && err.name === 'DatasetTablesError') throw new FatalError(err.message);
    throw err;
  });
  return new Promise<number>(() => {});
}
