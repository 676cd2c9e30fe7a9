import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

/** Filter parameters as the API reads them (`source`, `score_min`, `name_contains`…), each a single string. */
export type RecordFilters = Record<string, string>;

/** Parameters of the records page's URL that are not filters. */
const NOT_FILTERS = new Set(['sort', 'page', 'pageSize']);

/** Reads filters and sort from a route query (first value of each parameter, empty ones dropped). */
export function filtersFromQuery(query: Record<string, unknown>): { filters: RecordFilters; sort: string } {
  const filters: RecordFilters = {};
  let sort = '';
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value !== 'string' || value === '') continue;
    if (key === 'sort') sort = value;
    else if (!NOT_FILTERS.has(key)) filters[key] = value;
  }
  return { filters, sort };
}

/** The query string of filters plus sort, in a stable order (it keys the page cache). */
export function recordsQuery(filters: RecordFilters, sort: string): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(filters).sort()) if (filters[key] !== '') params.set(key, filters[key]!);
  if (sort) params.set('sort', sort);
  return params.toString();
}

/**
 * The records page's UI state: which dataset, the filters and sort (mirrored in the URL), and
 * the matching total. The rows themselves never live here; the table pages through the API.
 */
export const useRecords = defineStore('records', () => {
  const dataset = ref('');
  const filters = ref<RecordFilters>({});
  const sort = ref('');
  const total = ref<number | null>(null);
  const error = ref('');

  const query = computed(() => recordsQuery(filters.value, sort.value));

  return { dataset, filters, sort, total, error, query };
});
