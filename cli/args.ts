/** What every command's arguments share: the common flags, usage mistakes and output. */

/** Flags every command that talks to a server takes. */
export const commonOptions = {
  server: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Prints a command's result: JSON with --json, else the human text. */
export function out(json: boolean, data: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : text + '\n');
}
