import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Size of the byte pieces read from disk. */
export const PIECE_BYTES = 64 * 1024;

/** The first `length` bytes of a file (fewer if it is shorter). */
export async function readHead(filePath: string, length: number): Promise<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function fileSize(filePath: string): Promise<number> {
  return (await stat(filePath)).size;
}

/**
 * Opens streams of 64 KiB byte pieces over a file and closes whatever is still open on
 * `closeAll` (a consumer that stops early must not leak file handles).
 */
export class PieceStreams {
  private readonly open = new Set<ReadStream>();

  constructor(private readonly filePath: string) {}

  /** The file's bytes, piece by piece; the next piece is read only when asked for. */
  async *pieces(): AsyncGenerator<Uint8Array> {
    const stream = createReadStream(this.filePath, { highWaterMark: PIECE_BYTES });
    this.open.add(stream);
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } finally {
      this.open.delete(stream);
      stream.destroy();
    }
  }

  closeAll(): void {
    for (const stream of this.open) stream.destroy();
    this.open.clear();
  }
}
