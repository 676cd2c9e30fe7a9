import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../../shared/parse/index.ts';

/** Size of the byte pieces read from disk. */
export const PIECE_BYTES = 64 * 1024;

/**
 * A file on disk as a ByteSource: positional reads on one file handle, released by `close`
 * (which may be called more than once).
 */
export class FileBytes implements ByteSource {
  private closed = false;

  private constructor(
    readonly name: string,
    readonly size: number,
    private readonly handle: FileHandle,
  ) {}

  /** Opens `filePath`; `name` is what errors call it. */
  static async open(filePath: string, name: string): Promise<FileBytes> {
    const handle = await open(filePath, 'r');
    try {
      return new FileBytes(name, (await handle.stat()).size, handle);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
