import { SluiceClient } from './client.ts';
import { loadCredentials } from './credentials.ts';

/**
 * The client a command talks to the server with: --server/--token, else SLUICE_SERVER and
 * SLUICE_TOKEN, else what `sluice login` saved (its token only for the server it was saved for).
 */
export async function connect(values: { server?: string; token?: string }, retryForMs?: number): Promise<SluiceClient> {
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
