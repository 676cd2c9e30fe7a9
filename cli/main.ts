import { EXPORT_FORMATS } from '../shared/api/index.ts';
import { UsageError } from './args.ts';
import { ApiCallError } from './client.ts';
import { datasetsCommand } from './commands/datasets.ts';
import { errorsCommand } from './commands/errors.ts';
import { exportCommand } from './commands/export.ts';
import { historyCommand } from './commands/history.ts';
import { importCommand } from './commands/import.ts';
import { loginCommand } from './commands/login.ts';
import { serveCommand } from './commands/serve.ts';
import { tokenCommand } from './commands/token.ts';
import { undoCommand } from './commands/undo.ts';
import { usersCommand } from './commands/users.ts';
import { FatalError } from './import/run.ts';

const USAGE = `sluice: bulk import and export of record data

  sluice serve   [--port 8787] [--host 127.0.0.1] [--data-dir .sluice] [--datasets DIR] [--migrate]
  sluice import  <file> --dataset NAME [--merge skip|update|create] [--dry-run]
                 [--batch-size 2000] [--map "header=field" ...] [--set field=value ...] [--sheet NAME]
                 [--country FR] [--date-order dmy|mdy] [--again] [--json]
                 [--encoding windows-1251] [--header-row N | --no-header]
  sluice export  --dataset NAME [--format ${EXPORT_FORMATS.join('|')}] [--columns a,b]
                 [--where field=value ...] [--out FILE]   stdout without --out
  sluice datasets list | show NAME | check DIR   check: no server, exit 0 or 2
  sluice history [--dataset NAME] [--json]
  sluice errors  <import-id>            rejected rows as CSV on stdout
  sluice undo    <import-id> [--skip-changed]
  sluice users add --email E [--role member|admin] [--password P]
  sluice token create [--name NAME]
  sluice login   <sign-in-url>           exchange the one-time sign-in link for a CLI token

Every command but serve talks to a server: --server URL (or SLUICE_SERVER, default
http://127.0.0.1:8787) with --token T (or SLUICE_TOKEN, or the token saved by login).
Exit codes: 0 success, 1 rows were rejected, 2 usage or fatal error.`;

/** Each command takes the arguments after its name and resolves with the exit code. */
const COMMANDS: Record<string, (rest: string[]) => Promise<number>> = {
  serve: serveCommand,
  import: importCommand,
  export: exportCommand,
  datasets: datasetsCommand,
  history: historyCommand,
  errors: errorsCommand,
  undo: undoCommand,
  users: usersCommand,
  token: tokenCommand,
  login: loginCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) throw new UsageError(`unknown command ${command}`);
  return run(rest);
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
