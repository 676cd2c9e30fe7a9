import { openRecords, type ByteSource, type OpenRecordsOptions, type OpenedRecords, type RawRecord } from '../../shared/parse/index.ts';

/** A file held in memory as a ByteSource. */
export function memoryFile(name: string, content: string | Uint8Array): ByteSource {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, size: bytes.length, read: async (offset, length) => bytes.slice(offset, offset + length) };
}

/** Opens an in-memory file with the shared opener, as the CLI does (64 KiB pieces). */
export function open(name: string, content: string | Uint8Array, opts: Partial<OpenRecordsOptions> = {}): Promise<OpenedRecords> {
  return openRecords(memoryFile(name, content), { pieceBytes: 64 * 1024, inflate: async () => 0, ...opts });
}

export async function records(opened: OpenedRecords): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of opened.records) out.push(r);
  return out;
}
