import { mkdtemp, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpooledChunk {
  offset: number;
  length: number;
  sha256: string;
  rows: number;
}

/**
 * Gzipped chunk bodies kept in one temporary file between checking and uploading: the file
 * is parsed and validated once, memory stays flat, and the spool is removed afterwards.
 */
export class ChunkSpool {
  readonly chunks: SpooledChunk[] = [];
  private size = 0;

  private constructor(private readonly dir: string, private readonly handle: FileHandle) {}

  static async open(): Promise<ChunkSpool> {
    await removeOrphans();
    const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
    return new ChunkSpool(dir, await open(join(dir, 'chunks'), 'w+', 0o600));
  }

  async add(body: Uint8Array, sha256: string, rows: number): Promise<void> {
    await this.handle.write(body, 0, body.length, this.size);
    this.chunks.push({ offset: this.size, length: body.length, sha256, rows });
    this.size += body.length;
  }

  async read(n: number): Promise<Uint8Array> {
    const c = this.chunks[n];
    if (!c) throw new Error(`no spooled chunk ${n}`);
    const buf = new Uint8Array(c.length);
    await this.handle.read(buf, 0, c.length, c.offset);
    return buf;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }
}

const PREFIX = 'sluice-spool-';

/** Spools left by a run that was killed (its process is gone) are removed by the next run. */
async function removeOrphans(): Promise<void> {
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    const pid = Number(/^sluice-spool-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
