import { openRecords, type ByteSource, type OpenedRecords } from '../../shared/parse/index.ts';
import type { FileFormat } from '../../shared/sniff/index.ts';
import type { ReaderSettings } from '../staging/types.ts';
import { inflatedSize } from './zip-inflation.ts';

/**
 * Opens a browser `File` as a stream of records: shared/parse/open.ts over `File` slices (the
 * CLI reads from disk with Node through the same code, cli/read/open.ts). Text formats are
 * read in 1 MiB slices through one streaming TextDecoder, and the next slice is read only when
 * the parser asks for more text (backpressure reaches all the way down to the file). Workbooks
 * and JSON arrays are read whole, behind size guards (a zip bomb is refused before SheetJS
 * unpacks it).
 */

/** Bytes read from the File at a time. */
export const SLICE_BYTES = 1024 * 1024;

/** An opened file; `head` holds the first records for a preview. */
export type FileSource = OpenedRecords;

export interface OpenSettings extends ReaderSettings {
  /** Field names and aliases of the target dataset: they help find the header row. */
  knownHeaders?: string[];
}

/** Opens `file` with the settings the user confirmed; what is not given is detected. */
export async function openFileSource(file: File, opts: OpenSettings = {}): Promise<FileSource> {
  const { format, ...settings } = opts;
  return openRecords(fileBytes(file), {
    ...settings,
    format: format as FileFormat | undefined,
    pieceBytes: SLICE_BYTES,
    inflate: inflatedSize,
    preview: true,
  });
}

function fileBytes(file: File): ByteSource {
  return {
    name: file.name,
    size: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, Math.min(file.size, offset + length)).arrayBuffer()),
  };
}
