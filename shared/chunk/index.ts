import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The chunk wire format: one block of rows, as the browser stages it and the server stores it.
 * `columns` are dataset field names; `rows[i][j]` is the canonical text of column j (or the raw
 * text when the cell failed normalization, so the server reaches the same verdict);
 * `rowNumbers[i]` is the row's number in the user's file.
 */
export interface ChunkBody {
  columns: string[];
  rows: (string | null)[][];
  rowNumbers: number[];
}

/** Upper bound of rows in one chunk; bigger batches are refused with 413. */
export const MAX_CHUNK_ROWS = 50_000;

/** Row numbers are 32-bit in storage. */
export const MAX_ROW_NUMBER = 2 ** 31 - 1;

export class ChunkFormatError extends Error {
  constructor(
    message: string,
    readonly code: string = 'invalid_chunk',
  ) {
    super(message);
    this.name = 'ChunkFormatError';
  }
}

/** Canonical JSON text of a chunk: fixed key order, no whitespace. Hash and storage use it. */
export function canonicalChunk(body: ChunkBody): string {
  return JSON.stringify({ columns: body.columns, rows: body.rows, rowNumbers: body.rowNumbers });
}

/** Lowercase hex SHA-256 of the canonical chunk text (the `Content-SHA256` header). */
export function chunkHash(body: ChunkBody): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalChunk(body))));
}

/** Checks an untrusted parsed body is a well-formed chunk; throws ChunkFormatError naming what is wrong. */
export function parseChunk(input: unknown): ChunkBody {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ChunkFormatError('chunk body must be a JSON object with columns, rows and rowNumbers');
  }
  const { columns, rows, rowNumbers } = input as Record<string, unknown>;
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string')) {
    throw new ChunkFormatError('columns must be a non-empty array of field names');
  }
  if (new Set(columns).size !== columns.length) throw new ChunkFormatError('columns must not repeat');
  if (!Array.isArray(rows) || !Array.isArray(rowNumbers)) {
    throw new ChunkFormatError('rows and rowNumbers must be arrays');
  }
  if (rows.length !== rowNumbers.length) {
    throw new ChunkFormatError(`rows has ${rows.length} entries but rowNumbers has ${rowNumbers.length}`);
  }
  if (rows.length > MAX_CHUNK_ROWS) {
    throw new ChunkFormatError(`a chunk holds at most ${MAX_CHUNK_ROWS} rows, this one has ${rows.length}`, 'chunk_too_large');
  }
  rowNumbers.forEach((n, i) => {
    if (!Number.isSafeInteger(n) || (n as number) < 1 || (n as number) > MAX_ROW_NUMBER) {
      throw new ChunkFormatError(`rowNumbers[${i}] must be an integer from 1 to ${MAX_ROW_NUMBER}`);
    }
  });
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== columns.length) {
      throw new ChunkFormatError(`row ${rowNumbers[i]} must be an array of ${columns.length} cells`);
    }
    for (const cell of row) {
      if (cell !== null && typeof cell !== 'string') {
        throw new ChunkFormatError(`row ${rowNumbers[i]}: every cell must be a string or null`);
      }
    }
  });
  return { columns: columns as string[], rows: rows as (string | null)[][], rowNumbers: rowNumbers as number[] };
}
