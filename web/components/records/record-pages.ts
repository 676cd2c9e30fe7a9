import { get } from '../../api.ts';

export type RecordRow = Record<string, unknown> & { id: number };
interface RecordsPage { records: RecordRow[]; page: number; pageSize: number; total: number }

export const PAGE_SIZE = 200;
const KEEP_PAGES = 6;

/**
 * Fetches server pages of a dataset's records for the virtual table and keeps the last few
 * (least recently used goes first), so only what is near the screen is ever in memory.
 * One source serves one dataset and one query (filters + sort); make a new one when they change.
 */
export class RecordPages {
  private pages = new Map<number, RecordRow[]>();
  private pending = new Map<number, Promise<RecordRow[]>>();

  constructor(readonly dataset: string, readonly query: string, private onTotal: (n: number) => void) {}

  /** Page `no` (1-based), from the cache or the API. */
  async page(no: number): Promise<RecordRow[]> {
    const hit = this.pages.get(no);
    if (hit) {
      this.pages.delete(no);
      this.pages.set(no, hit);
      return hit;
    }
    let p = this.pending.get(no);
    if (!p) {
      const url = `/api/datasets/${encodeURIComponent(this.dataset)}/records?page=${no}&pageSize=${PAGE_SIZE}${this.query ? `&${this.query}` : ''}`;
      p = get<RecordsPage>(url).then((r) => {
        this.onTotal(r.total);
        this.pages.set(no, r.records);
        while (this.pages.size > KEEP_PAGES) this.pages.delete(this.pages.keys().next().value!);
        return r.records;
      }).finally(() => this.pending.delete(no));
      this.pending.set(no, p);
    }
    return p;
  }

  /** Rows `start` to `start + count - 1` (0-based), fetching the pages they fall in. */
  async rows(start: number, count: number): Promise<RecordRow[]> {
    const first = Math.floor(start / PAGE_SIZE) + 1;
    const last = Math.floor((start + Math.max(count, 1) - 1) / PAGE_SIZE) + 1;
    const pages = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => this.page(first + i)));
    const offset = start - (first - 1) * PAGE_SIZE;
    return pages.flat().slice(offset, offset + count);
  }
}
