import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where `sluice login` keeps the server URL and token (mode 0600). */
export function credentialsPath(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'sluice', 'credentials.json');
}

export async function loadCredentials(): Promise<{ server?: string; token?: string }> {
  try {
    return JSON.parse(await readFile(credentialsPath(), 'utf8')) as { server?: string; token?: string };
  } catch {
    return {};
  }
}

export async function saveCredentials(server: string, token: string): Promise<string> {
  const path = credentialsPath();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify({ server, token }, null, 2), { mode: 0o600 });
  return path;
}
