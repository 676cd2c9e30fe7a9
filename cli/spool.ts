import { mkdtemp, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpooledChunk {
  offset: number;
  length: number;
  sha256: string;
  rows: number;
  /** Where its rows' key hashes are in the key file (a `skip` import's key lookup). */
  keysOffset: number;
  keysLength: number;
}

/**
 * Gzipped chunk bodies kept in one temporary file between checking and uploading: the file
 * is parsed and validated once, memory stays flat, and the spool is removed afterwards.
 * Beside them, in a second file, each chunk's rows' key hashes (see row-keys.ts), so a merge
 * `skip` upload can ask which rows the database has without reading the file again.
 */
export class ChunkSpool {
  readonly chunks: SpooledChunk[] = [];
  private size = 0;
  private keysSize = 0;

  private constructor(private readonly dir: string, private readonly handle: FileHandle, private readonly keys: FileHandle) {}

  static async open(): Promise<ChunkSpool> {
    await removeOrphans();
    const dir = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
    return new ChunkSpool(dir, await open(join(dir, 'chunks'), 'w+', 0o600), await open(join(dir, 'keys'), 'w+', 0o600));
  }

  async add(body: Uint8Array, sha256: string, rows: number, keys: Uint8Array = new Uint8Array(0)): Promise<void> {
    await this.handle.write(body, 0, body.length, this.size);
    if (keys.length) await this.keys.write(keys, 0, keys.length, this.keysSize);
    this.chunks.push({ offset: this.size, length: body.length, sha256, rows, keysOffset: this.keysSize, keysLength: keys.length });
    this.size += body.length;
    this.keysSize += keys.length;
  }

  async read(n: number): Promise<Uint8Array> {
    const c = this.chunk(n);
    return readAt(this.handle, c.offset, c.length);
  }

  /** The key hashes spooled with chunk n (empty when none were). */
  async readKeys(n: number): Promise<Uint8Array> {
    const c = this.chunk(n);
    return readAt(this.keys, c.keysOffset, c.keysLength);
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => {});
    await this.keys.close().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }

  private chunk(n: number): SpooledChunk {
    const c = this.chunks[n];
    if (!c) throw new Error(`no spooled chunk ${n}`);
    return c;
  }
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  if (length) await handle.read(buf, 0, length, offset);
  return buf;
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
