/**
 * A set of strings remembered as 64-bit fingerprints, each with a row number: open addressing
 * (linear probing) in 64 sub-tables of `Uint32Array` slots [hi, lo, row + 1], 12 bytes a slot.
 * Each sub-table doubles on its own, so a growth step copies 1/64 of the keys and never holds
 * two copies of the whole table.
 */

const PARTS = 64;
const FIRST_SLOTS = 64;
const MAX_LOAD = 0.8;
const STRIDE = 3;

let hi = 0;
let lo = 0;

/** Two independent 32-bit hashes of the key's UTF-16 code units (FNV-1a and a murmur-style mix), each finalized. NOTE: sets `hi` and `lo`. */
function hash(key: string): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  hi = mix(a);
  lo = mix(b);
}

/** murmur3's fmix32: every input bit reaches every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class FingerprintTable {
  private readonly slots: (Uint32Array | undefined)[] = new Array(PARTS).fill(undefined);
  private readonly used = new Int32Array(PARTS);

  /** The row remembered for `key`, if any. */
  get(key: string): number | undefined {
    hash(key);
    const table = this.slots[hi >>> 26];
    if (!table) return undefined;
    const at = this.probe(table, hi, lo);
    return table[at + 2] === 0 ? undefined : table[at + 2]! - 1;
  }

  /** The row remembered for `key`; when there is none, remembers `row` and returns undefined. NOTE: mutates the table. */
  getOrSet(key: string, row: number): number | undefined {
    hash(key);
    const part = hi >>> 26;
    let table = this.slots[part] ?? this.grow(part);
    let at = this.probe(table, hi, lo);
    if (table[at + 2] !== 0) return table[at + 2]! - 1;
    if (this.used[part]! + 1 > (table.length / STRIDE) * MAX_LOAD) {
      table = this.grow(part);
      at = this.probe(table, hi, lo);
    }
    table[at] = hi;
    table[at + 1] = lo;
    table[at + 2] = row + 1;
    this.used[part]!++;
    return undefined;
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.used.reduce((n, u) => n + u, 0);
  }

  /** Bytes held by the slots. */
  get bytes(): number {
    return this.slots.reduce((n, table) => n + (table?.byteLength ?? 0), 0);
  }

  /** The slot offset holding (h, l), or the empty slot where it would go. */
  private probe(table: Uint32Array, h: number, l: number): number {
    const mask = table.length / STRIDE - 1;
    let slot = l & mask;
    for (;;) {
      const at = slot * STRIDE;
      if (table[at + 2] === 0 || (table[at] === h && table[at + 1] === l)) return at;
      slot = (slot + 1) & mask;
    }
  }

  /** Doubles one sub-table (or creates it), moving its entries over. NOTE: mutates the table. */
  private grow(part: number): Uint32Array {
    const old = this.slots[part];
    const next = new Uint32Array((old ? (old.length / STRIDE) * 2 : FIRST_SLOTS) * STRIDE);
    if (old) {
      for (let at = 0; at < old.length; at += STRIDE) {
        if (old[at + 2] === 0) continue;
        const to = this.probe(next, old[at]!, old[at + 1]!);
        next[to] = old[at]!;
        next[to + 1] = old[at + 1]!;
        next[to + 2] = old[at + 2]!;
      }
    }
    this.slots[part] = next;
    return next;
  }
}
