import { createHash } from 'node:crypto';

/**
 * A chunk's rows' dedupe-key hashes as spooled for a merge `skip` import: per valid row its
 * index in the chunk (u16, a chunk has at most 50,000 rows), a flag byte (1: it repeats an
 * earlier row of the file), its key count, then each key's 32-byte SHA-256. Binary, so a
 * million rows of keys cost about 35 MB of temporary file, not 70 as hex text.
 */

export interface SpooledRowKeys {
  index: number;
  /** The row repeats an earlier row of the file (its verdict would be `duplicate`). */
  duplicate: boolean;
  hashes: string[];
}

/** Collects one chunk's rows' key hashes. */
export class RowKeysWriter {
  private parts: Uint8Array[] = [];

  add(index: number, duplicate: boolean, keys: readonly string[]): void {
    if (keys.length === 0) return;
    const head = new Uint8Array(4);
    new DataView(head.buffer).setUint16(0, index, true);
    head[2] = duplicate ? 1 : 0;
    head[3] = keys.length;
    this.parts.push(head);
    for (const key of keys) this.parts.push(createHash('sha256').update(key, 'utf8').digest());
  }

  /** The bytes to spool; starts the next chunk empty. */
  take(): Uint8Array {
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    return bytes;
  }
}

/** Reads back what RowKeysWriter spooled. */
export function readRowKeys(bytes: Uint8Array): SpooledRowKeys[] {
  const rows: SpooledRowKeys[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.length;) {
    const index = view.getUint16(at, true);
    const duplicate = bytes[at + 2] === 1;
    const count = bytes[at + 3]!;
    at += 4;
    const hashes: string[] = [];
    for (let k = 0; k < count; k++, at += 32) hashes.push(hex.toString('hex', at, at + 32));
    rows.push({ index, duplicate, hashes });
  }
  return rows;
}
