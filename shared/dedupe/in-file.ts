import { FingerprintTable } from './fingerprints.ts';

/** The earlier row a row duplicates, and the key they share. */
export interface DuplicateMatch {
  row: number;
  key: string;
}

/**
 * Finds duplicates inside one file. Each distinct key is remembered as a 64-bit fingerprint
 * with the row it first appeared on, in typed arrays (about 20 bytes a key, against about 95
 * for a Map of key strings), so a 5M-row file stays in a browser worker's memory.
 *
 * Two different keys share a fingerprint with odds of about n² / 2⁶⁵ over n keys (one in
 * 370,000 for 10M keys). The cost of that is one wrong "duplicate" warning in the preview:
 * duplicate rows are still sent, and the server finds in-file duplicates by the keys themselves.
 */
export class InFileDeduper {
  private readonly table = new FingerprintTable();

  /** The earliest earlier row sharing any key with this one, without registering anything. */
  find(keys: readonly string[]): DuplicateMatch | undefined {
    let match: DuplicateMatch | undefined;
    for (const key of keys) {
      const row = this.table.get(key);
      if (row !== undefined && (match === undefined || row < match.row)) match = { row, key };
    }
    return match;
  }

  /** Registers keys not seen before for this row (first occurrence wins). NOTE: mutates the deduper. */
  register(rowNumber: number, keys: readonly string[]): void {
    for (const key of keys) this.table.getOrSet(key, rowNumber);
  }

  /** `find` then `register`, reporting the matching row and key. NOTE: mutates the deduper. */
  checkMatch(rowNumber: number, keys: readonly string[]): DuplicateMatch | undefined {
    // find + register in one probe per key: this runs on every valid row of the file
    let match: DuplicateMatch | undefined;
    for (const key of keys) {
      const row = this.table.getOrSet(key, rowNumber);
      if (row !== undefined && (match === undefined || row < match.row)) match = { row, key };
    }
    return match;
  }

  /** The row number of the earliest earlier row sharing any key; registers this row's new keys. NOTE: mutates the deduper. */
  check(rowNumber: number, keys: readonly string[]): number | undefined {
    return this.checkMatch(rowNumber, keys)?.row;
  }

  /** How many distinct keys are remembered. */
  get size(): number {
    return this.table.size;
  }

  /** Bytes held for the remembered keys. */
  get bytes(): number {
    return this.table.bytes;
  }
}
