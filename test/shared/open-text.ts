import { expect } from 'vitest';
import { openRecords, ParseError, type ByteSource, type OpenRecordsOptions, type OpenedRecords, type RawRecord } from '../../shared/parse/index.ts';

/** A file held in memory as a ByteSource. */
export function memoryFile(name: string, content: string | Uint8Array): ByteSource {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, size: bytes.length, read: async (offset, length) => bytes.slice(offset, offset + length) };
}

/** Opens an in-memory file with the shared opener, as the CLI does (64 KiB pieces). */
export function open(name: string, content: string | Uint8Array, opts: Partial<OpenRecordsOptions> = {}): Promise<OpenedRecords> {
  return openRecords(memoryFile(name, content), { pieceBytes: 64 * 1024, inflate: async () => 0, ...opts });
}

/** Every data record of an opened file. */
export function records(opened: OpenedRecords): Promise<RawRecord[]> {
  return all(opened.records);
}

/** Every item of an async iterable. */
export async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The ParseError a promise rejects with (fails the test when it resolves). */
export async function caught(promise: Promise<unknown>): Promise<ParseError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

/** The ParseError opening or reading an in-memory file ends with. */
export function openError(name: string, content: string | Uint8Array, opts: Partial<OpenRecordsOptions> = {}): Promise<ParseError> {
  return caught(open(name, content, opts).then(records));
}
