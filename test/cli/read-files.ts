/** What the CLI reader tests share: files written to a folder removed after the file's tests, read whole. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { openRecordSource, type RecordSource } from '../../cli/read/index.ts';
import { ParseError, type RawRecord } from '../../shared/parse/index.ts';

/** A fresh folder, removed once the calling test file is done, and a writer of files into it. */
export function tempFiles(prefix: string): { dir: string; write(name: string, content: string | Uint8Array): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** Every record of a source, then closes it. */
export async function readAll(source: RecordSource): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of source.records) out.push(r);
  await source.close();
  return out;
}

/** The ParseError opening or reading the file ends with (fails the test when it reads fine). */
export async function openError(path: string, opts?: Parameters<typeof openRecordSource>[1]): Promise<ParseError> {
  try {
    await readAll(await openRecordSource(path, opts));
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}
