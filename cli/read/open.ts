import { basename } from 'node:path';
import { HEAD_BYTES, ParseError, openRecords, type RawRecord } from '../../shared/parse/index.ts';
import { FileBytes, PIECE_BYTES } from './file-bytes.ts';
import type { OpenOptions, RecordSource } from './record-source.ts';
import { inflatedSize } from './zip-inflation.ts';

/** Formats read whole when opened: nothing of the file is read after. */
const READ_WHOLE = new Set(['json', 'xlsx', 'xls', 'ods']);

/**
 * Opens a file of records for the CLI (shared/parse/open.ts over a Node file handle): picks the
 * format by extension, then by content; detects encoding, delimiter, sheet and header row
 * unless told; streams text formats from disk in 64 KiB pieces (memory stays flat), reads
 * workbooks and JSON whole behind size guards.
 * Errors are ParseErrors naming the file, and the row and column where known.
 */
export async function openRecordSource(filePath: string, opts: OpenOptions = {}): Promise<RecordSource> {
  const { bytes, head } = await openFile(filePath);
  try {
    const opened = await openRecords(bytes, { ...opts, head, pieceBytes: PIECE_BYTES, inflate: inflatedSize });
    const { head: _preview, bytesRead: _progress, records, ...found } = opened;
    if (READ_WHOLE.has(found.format)) await bytes.close();
    return { file: filePath, ...found, records: releasing(records, bytes), close: () => bytes.close() };
  } catch (err) {
    await bytes.close();
    throw err;
  }
}

async function openFile(filePath: string): Promise<{ bytes: FileBytes; head: Uint8Array }> {
  const name = basename(filePath);
  let bytes: FileBytes | undefined;
  try {
    bytes = await FileBytes.open(filePath, name);
    return { bytes, head: await bytes.read(0, HEAD_BYTES) };
  } catch (err) {
    await bytes?.close();
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ParseError({ code: 'UNREADABLE_FILE', detail: `cannot open this file (${reason})`, file: name, cause: err });
  }
}

/** The records; the file is released once they end, fail, or are left (no handle outlives them). */
async function* releasing(records: AsyncIterable<RawRecord>, bytes: FileBytes): AsyncGenerator<RawRecord> {
  try {
    yield* records;
  } finally {
    await bytes.close();
  }
}
