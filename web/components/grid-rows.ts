import { readBlock, readFlags, readValidCount } from '../staging/read.ts';
import type { Block, BlockFlags, RowState } from '../staging/types.ts';

export type GridFilter = 'all' | 'errors' | 'warnings' | 'duplicates' | 'valid';

export interface GridRow {
  block: number;
  index: number;
  row: number;
  cells: (string | null)[];
  state: RowState;
}

const KIND = { errors: 'error', warnings: 'warning', duplicates: 'duplicate' } as const;

/**
 * Reads pages of staged rows straight from IndexedDB for the virtual grid, so reactive state
 * only ever holds the rows on screen. Blocks are cached a few at a time.
 */
export class GridSource {
  private cache = new Map<number, Block>();
  private blockSize = 0;
  private validPerBlock: number[] = [];
  private flags: BlockFlags[] | undefined;

  /** The import's flags records (small: row indexes per kind), read once until invalidated. */
  private async allFlags(): Promise<BlockFlags[]> {
    this.flags ??= await readFlags(this.importId);
    return this.flags;
  }

  constructor(readonly importId: string) {}

  private async block(no: number): Promise<Block | undefined> {
    const hit = this.cache.get(no);
    if (hit) return hit;
    const b = await readBlock(this.importId, no);
    if (b) {
      if (this.cache.size > 8) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(no, b);
    }
    return b;
  }

  /** Forget cached blocks (after an edit). */
  invalidate(block?: number): void {
    if (block === undefined) this.cache.clear();
    else this.cache.delete(block);
    this.validPerBlock = [];
    this.flags = undefined;
  }

  async count(filter: GridFilter, total: number): Promise<number> {
    if (filter === 'all') return total;
    if (filter === 'valid') {
      // the same rows the 'valid' page lists: valid and not excluded (duplicates included)
      return readValidCount(this.importId);
    }
    return (await this.allFlags()).reduce((n, f) => n + f[KIND[filter]].length, 0);
  }

  private toRow(b: Block, index: number): GridRow {
    return { block: b.no, index, row: b.rowNumbers[index]!, cells: b.rows[index]!, state: b.state[index]! };
  }

  async page(filter: GridFilter, start: number, size: number): Promise<GridRow[]> {
    if (filter === 'all') {
      if (!this.blockSize) this.blockSize = (await this.block(0))?.rows.length ?? 1;
      const out: GridRow[] = [];
      for (let i = start; i < start + size; i++) {
        const b = await this.block(Math.floor(i / this.blockSize));
        const idx = i % this.blockSize;
        if (!b || idx >= b.rows.length) break;
        out.push(this.toRow(b, idx));
      }
      return out;
    }
    if (filter === 'valid') return this.validPage(start, size);
    const out: GridRow[] = [];
    let skip = start;
    for (const f of await this.allFlags()) {
      const indexes = f[KIND[filter]];
      if (skip >= indexes.length) {
        skip -= indexes.length;
        continue;
      }
      const b = await this.block(f.block);
      for (const index of indexes.slice(skip, skip + size - out.length)) {
        if (b && index < b.rows.length) out.push(this.toRow(b, index));
      }
      skip = 0;
      if (out.length >= size) break;
    }
    return out;
  }

  private async validPage(start: number, size: number): Promise<GridRow[]> {
    const out: GridRow[] = [];
    let seen = 0;
    for (let no = 0; out.length < size; no++) {
      const known = this.validPerBlock[no];
      if (known !== undefined && seen + known <= start) {
        seen += known;
        continue;
      }
      const b = await this.block(no);
      if (!b) break;
      let valid = 0;
      b.state.forEach((s, i) => {
        if (!s.valid || s.excluded) return;
        if (seen + valid >= start && out.length < size) out.push(this.toRow(b, i));
        valid++;
      });
      this.validPerBlock[no] = valid;
      seen += valid;
    }
    return out;
  }
}
