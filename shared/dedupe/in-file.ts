/** The earlier row a row duplicates, and the key they share. */
export interface DuplicateMatch {
  row: number;
  key: string;
}

/**
 * Finds duplicates inside one file. Memory grows with the number of distinct keys; the
 * rest of the pipeline stays flat.
 */
export class InFileDeduper {
  private readonly firstRow = new Map<string, number>();

  /** The earliest earlier row sharing any key with this one, without registering anything. */
  find(keys: readonly string[]): DuplicateMatch | undefined {
    let match: DuplicateMatch | undefined;
    for (const key of keys) {
      const row = this.firstRow.get(key);
      if (row !== undefined && (match === undefined || row < match.row)) match = { row, key };
    }
    return match;
  }

  /** Registers keys not seen before for this row (first occurrence wins). NOTE: mutates the deduper. */
  register(rowNumber: number, keys: readonly string[]): void {
    for (const key of keys) if (!this.firstRow.has(key)) this.firstRow.set(key, rowNumber);
  }

  /** `find` then `register`, reporting the matching row and key. NOTE: mutates the deduper. */
  checkMatch(rowNumber: number, keys: readonly string[]): DuplicateMatch | undefined {
    // find + register in one lookup per key: this runs on every valid row of the file
    let match: DuplicateMatch | undefined;
    for (const key of keys) {
      const row = this.firstRow.get(key);
      if (row === undefined) this.firstRow.set(key, rowNumber);
      else if (match === undefined || row < match.row) match = { row, key };
    }
    return match;
  }

  /** The row number of the earliest earlier row sharing any key; registers this row's new keys. NOTE: mutates the deduper. */
  check(rowNumber: number, keys: readonly string[]): number | undefined {
    return this.checkMatch(rowNumber, keys)?.row;
  }

  /** How many distinct keys are remembered. */
  get size(): number {
    return this.firstRow.size;
  }
}
