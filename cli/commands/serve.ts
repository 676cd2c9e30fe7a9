import { parseArgs } from 'node:util';
import { UsageError } from '../args.ts';

/** `sluice serve`: the only command that loads the server; it runs until a signal stops it. */
export async function serveCommand(rest: string[]): Promise<number> {
  const { values } = parseArgs({ args: rest, options: {
    port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' },
  } });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError('--port must be a port number');
  const { serveUntilSignalled } = await import('../../server/start.ts');
  await serveUntilSignalled({ port, host: values.host, dataDir: values['data-dir'] });
  return new Promise<number>(() => {});
}
