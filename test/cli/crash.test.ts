import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, freshDatabaseUrl, runCli, startServerProcess, type ServerProcess } from './processes.ts';

const TOKEN = 'crash-test-token';
const ROWS = 10_000;
const BATCH = 200; // 50 chunks

/** A leads file whose every row is distinct and valid: the table must end with exactly ROWS rows. */
async function writeLeads(file: string, seed: number): Promise<void> {
  const lines = ['name,phone,source,score'];
  for (let i = 0; i < ROWS; i++) {
    const n = 2_000_000 + seed * ROWS + i;
    lines.push(`Lead ${i},(415) ${String(n).slice(0, 3)}-${String(n).slice(3)},web,${i % 101}`);
  }
  await writeFile(file, lines.join('\n') + '\n');
}

const engines = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

describe.each(engines)('an import survives the server being killed on %s', (engine) => {
  let dir: string;
  let db: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let port: number;
  let server: ServerProcess | undefined;
  const start = async () => {
    server = await startServerProcess({ port, dataDir: join(dir, 'data'), databaseUrl: db.url, token: TOKEN });
    return server;
  };
  const api = async <T>(path: string): Promise<T> =>
    (await (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as T;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-crash-'));
    db = engine === 'postgres' ? await freshDatabaseUrl() : { drop: async () => {} };
    port = await freePort();
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('SIGKILLed at random moments mid-upload, restarted, the CLI resumes: no row lost, none doubled', async () => {
    const file = join(dir, 'leads.csv');
    await writeLeads(file, 1);
    await start();
    const cli = runCli(['import', file, '--dataset', 'leads', '--batch-size', String(BATCH), '--json',
      '--server', `http://127.0.0.1:${port}`, '--token', TOKEN, '--retry-for', '120']);
    // kill when the server holds a random number of chunks, three times
    const targets = [1 + Math.floor(Math.random() * 15), 16 + Math.floor(Math.random() * 15), 31 + Math.floor(Math.random() * 15)];
    const kills: number[] = [];
    for (const target of targets) {
      for (let i = 0; i < 600; i++) {
        const list = await api<{ imports: { id: number }[] }>('/api/imports?pageSize=1').catch(() => ({ imports: [] }));
        const id = list.imports[0]?.id;
        const held = id ? (await api<{ chunks: number[] }>(`/api/imports/${id}`).catch(() => ({ chunks: [] }))).chunks.length : 0;
        if (held >= target) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, Math.random() * 50));
      await server!.stop('SIGKILL');
      kills.push(target);
      await start();
    }
    const result = await cli.done;
    expect(kills).toHaveLength(3);
    expect(result.code, `${result.stderr}\n--- server:\n${server!.output.join("")}`).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ total: ROWS, inserted: ROWS, invalid: 0, duplicates: 0 });
    const records = await api<{ total: number }>('/api/datasets/leads/records?pageSize=1');
    expect(records.total).toBe(ROWS);
  }, 300_000);

  it('an interrupted CLI run again on the same file resumes instead of restarting', async () => {
    const file = join(dir, 'more.csv');
    await writeLeads(file, 2);
    if (!server || server.child.exitCode !== null) await start();
    const args = ['import', file, '--dataset', 'leads', '--batch-size', String(BATCH), '--json', '--server', `http://127.0.0.1:${port}`, '--token', TOKEN];
    const first = runCli(args);
    for (let i = 0; i < 600; i++) {
      const list = await api<{ imports: { id: number; fileName: string }[] }>('/api/imports?pageSize=1');
      const imp = list.imports[0];
      if (imp?.fileName === 'more.csv' && (await api<{ chunks: number[] }>(`/api/imports/${imp.id}`)).chunks.length >= 10) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill('SIGKILL');
    await first.done;
    const second = await runCli(args).done;
    expect(second.code, second.stderr).toBe(0);
    // the killed run's spool of checked chunks was cleaned up by the next run
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`sluice-spool-${first.child.pid}-`))).toEqual([]);
    const summary = JSON.parse(second.stdout);
    expect(summary.resumed).toBe(true);
    expect(summary.chunksResumed).toBeGreaterThanOrEqual(10);
    expect(summary.chunksSent + summary.chunksResumed).toBe(ROWS / BATCH);
    expect(summary).toMatchObject({ total: ROWS, inserted: ROWS });
    const records = await api<{ total: number }>('/api/datasets/leads/records?pageSize=1');
    expect(records.total).toBe(2 * ROWS);
  }, 300_000);
});
