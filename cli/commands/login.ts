import { parseArgs } from 'node:util';
import { commonOptions, out, UsageError } from '../args.ts';
import { SluiceClient } from '../client.ts';
import { saveCredentials } from '../credentials.ts';

/** `sluice login <link>`: trades a one-time sign-in link for a CLI token and saves it. */
export async function loginCommand(rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: commonOptions });
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
