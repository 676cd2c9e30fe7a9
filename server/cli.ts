import { parseArgs } from 'node:util';
import { EXPORT_FORMATS } from '../shared/api/export-formats.ts';
import { MERGE_STRATEGIES, type MergeStrategy } from '../shared/schema.ts';
import { ApiCallError, SluiceClient } from './cli/client.ts';
import { loadCredentials, saveCredentials } from './cli/credentials.ts';
import { exportCommand } from './cli/export.ts';
import { FatalError, formatSummary, runImport } from './cli/import.ts';
import { serveUntilSignalled } from './start.ts';

const USAGE = `sluice: bulk import and export of record data

  sluice serve   [--port 8787] [--host 127.0.0.1] [--data-dir .sluice]
  sluice import  <file> --dataset NAME [--merge skip|update|create] [--dry-run]
                 [--batch-size 2000] [--map "header=field" ...] [--sheet NAME]
                 [--country FR] [--date-order dmy|mdy] [--again] [--json]
  sluice export  --dataset NAME [--format ${EXPORT_FORMATS.join('|')}] [--columns a,b]
                 [--where field=value ...] [--out FILE]   stdout without --out
  sluice history [--dataset NAME] [--json]
  sluice errors  <import-id>            rejected rows as CSV on stdout
  sluice undo    <import-id> [--skip-changed]
  sluice users add --email E [--role member|admin] [--password P]
  sluice token create [--name NAME]
  sluice login   <sign-in-url>           exchange the one-time sign-in link for a CLI token

Every command but serve talks to a server: --server URL (or SLUICE_SERVER, default
http://127.0.0.1:8787) with --token T (or SLUICE_TOKEN, or the token saved by login).
Exit codes: 0 success, 1 rows were rejected, 2 usage or fatal error.`;

const common = {
  server: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

class UsageError extends Error {}

async function client(values: { server?: string; token?: string }, retryForMs?: number): Promise<SluiceClient> {
  const saved = await loadCredentials();
  const server = values.server ?? process.env.SLUICE_SERVER ?? saved.server ?? 'http://127.0.0.1:8787';
  const token = values.token ?? process.env.SLUICE_TOKEN ?? (saved.server === undefined || saved.server === server ? saved.token : undefined);
  return new SluiceClient({
    server,
    token,
    retryForMs,
    onRetry: (attempt, reason, wait) => process.stderr.write(`\r\x1b[Kserver unavailable (${reason}); retry ${attempt} in ${Math.round(wait)} ms\n`),
  });
}

function out(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : text + '\n');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: {
        port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' },
      } });
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError('--port must be a port number');
      await serveUntilSignalled({ port, host: values.host, dataDir: values['data-dir'] });
      return new Promise<number>(() => {});
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: {
        ...common,
        dataset: { type: 'string' }, merge: { type: 'string' }, 'dry-run': { type: 'boolean', default: false },
        'batch-size': { type: 'string' }, map: { type: 'string', multiple: true }, sheet: { type: 'string' },
        country: { type: 'string' }, 'date-order': { type: 'string' }, concurrency: { type: 'string' },
        'retry-for': { type: 'string' }, again: { type: 'boolean', default: false },
      } });
      const file = positionals[0];
      if (!file || !values.dataset) throw new UsageError('import needs a file and --dataset NAME');
      if (values.merge && !MERGE_STRATEGIES.includes(values.merge as MergeStrategy)) throw new UsageError(`--merge must be one of ${MERGE_STRATEGIES.join(', ')}`);
      const batchSize = Number(values['batch-size'] ?? 2000);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) throw new UsageError('--batch-size must be from 1 to 50000');
      const map: Record<string, string> = Object.create(null);
      for (const m of values.map ?? []) {
        const at = m.lastIndexOf('=');
        if (at < 1) throw new UsageError(`--map takes "header=field", got ${m}`);
        map[m.slice(0, at)] = m.slice(at + 1);
      }
      const dateOrder = values['date-order'];
      if (dateOrder && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new UsageError('--date-order must be dmy or mdy');
      const country = values.country?.toUpperCase();
      if (country && !/^[A-Z]{2}$/.test(country)) throw new UsageError('--country takes a 2-letter country code like FR');
      const api = await client(values, Number(values['retry-for'] ?? 300) * 1000);
      const summary = await runImport(api, {
        file, dataset: values.dataset, merge: values.merge as MergeStrategy | undefined, dryRun: values['dry-run'],
        batchSize, map, sheet: values.sheet,
        options: { ...(country ? { defaultCountry: country } : {}), ...(dateOrder ? { dateOrder: dateOrder as 'dmy' | 'mdy' } : {}) },
        concurrency: Math.max(1, Math.min(8, Number(values.concurrency ?? 3) || 3)),
        again: values.again,
      }, (line) => { if (!values.json) process.stderr.write(line + '\n'); });
      out(values.json, summary, formatSummary(summary));
      return summary.invalid + summary.conflicts > 0 ? 1 : 0;
    }
    case 'export': {
      const { values } = parseArgs({ args: rest, options: {
        ...common, dataset: { type: 'string' }, format: { type: 'string' }, columns: { type: 'string' },
        where: { type: 'string', multiple: true }, out: { type: 'string' },
      } });
      return exportCommand(await client(values), values);
    }
    case 'history': {
      const { values } = parseArgs({ args: rest, options: { ...common, dataset: { type: 'string' }, status: { type: 'string' } } });
      const q = new URLSearchParams({ pageSize: '50' });
      if (values.dataset) q.set('dataset', values.dataset);
      if (values.status) q.set('status', values.status);
      const data = await (await client(values)).get<{ imports: { id: number; dataset: string; fileName: string; status: string; userEmail: string; createdAt: string; counts: Record<string, number> }[] }>(`/api/imports?${q}`);
      const rows = data.imports.map((i) =>
        `${String(i.id).padStart(6)}  ${i.createdAt.slice(0, 19).replace('T', ' ')}  ${i.dataset.padEnd(10)} ${i.status.padEnd(17)} ${String(i.counts.total ?? '').padStart(8)}  ${i.userEmail}  ${i.fileName}`);
      out(values.json, data, [`${'id'.padStart(6)}  ${'created (UTC)'.padEnd(19)}  ${'dataset'.padEnd(10)} ${'status'.padEnd(17)} ${'rows'.padStart(8)}  user  file`, ...rows].join('\n'));
      return 0;
    }
    case 'errors': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: common });
      if (!positionals[0]) throw new UsageError('errors needs an import id');
      const res = await (await client(values)).request<string>('GET', `/api/imports/${encodeURIComponent(positionals[0])}/errors.csv`, { retry: true });
      process.stdout.write(res.text);
      return 0;
    }
    case 'undo': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...common, 'skip-changed': { type: 'boolean', default: false } } });
      if (!positionals[0]) throw new UsageError('undo needs an import id');
      const r = await (await client(values)).post<{ deleted: number; restored: number; refused: number }>(
        `/api/imports/${encodeURIComponent(positionals[0])}/undo`, { skipChanged: values['skip-changed'] });
      out(values.json, r, `undone: ${r.deleted} inserted rows deleted, ${r.restored} updated rows restored, ${r.refused} changed since left as they are`);
      return 0;
    }
    case 'users': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: {
        ...common, email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' },
      } });
      if (positionals[0] !== 'add' || !values.email) throw new UsageError('usage: sluice users add --email E [--role member|admin]');
      const api = await client(values);
      const r = await api.post<{ id: number; email: string; role: string; signinCode: string }>('/api/users', {
        email: values.email, role: values.role ?? 'member', password: values.password,
      });
      out(values.json, r, `added ${r.email} (${r.role}); one-time sign-in link: ${new URL(`/signin?code=${r.signinCode}`, api.opts.server)}`);
      return 0;
    }
    case 'token': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...common, name: { type: 'string' } } });
      if (positionals[0] !== 'create') throw new UsageError('usage: sluice token create [--name NAME]');
      const r = await (await client(values)).post<{ token: string }>('/api/tokens', { name: values.name ?? 'cli' });
      out(values.json, r, r.token);
      return 0;
    }
    case 'login': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: common });
      const link = positionals[0];
      if (!link) throw new UsageError('login needs the sign-in URL printed by the server');
      const url = new URL(link);
      const code = url.searchParams.get('code');
      if (!code) throw new UsageError('that URL has no sign-in code');
      const api = new SluiceClient({ server: url.origin });
      const r = await api.post<{ token: string }>('/api/auth/signin-token', { code });
      const path = await saveCredentials(url.origin, r.token);
      out(values.json, { server: url.origin, saved: path }, `signed in to ${url.origin}; token saved in ${path}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`sluice: ${(err as Error).message}\n\n${USAGE}\n`);
    } else if (err instanceof FatalError || err instanceof ApiCallError) {
      process.stderr.write(`sluice: ${(err as Error).message}\n`);
    } else if (err instanceof Error && ['ParseError', 'HeaderError', 'FileError'].includes(err.name)) {
      process.stderr.write(`sluice: ${err.message}\n`);
    } else {
      process.stderr.write(`sluice: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    }
    process.exit(2);
  },
);
