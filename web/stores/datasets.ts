import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DatasetSchema } from '../../shared/schema.ts';
import { get } from '../api.ts';

/** The datasets the org can import into. */
export const useDatasets = defineStore('datasets', () => {
  const list = ref<DatasetSchema[]>([]);
  async function load() {
    if (!list.value.length) list.value = (await get<{ datasets: DatasetSchema[] }>('/api/datasets')).datasets;
    return list.value;
  }
  const byName = (name: string) => list.value.find((d) => d.name === name);
  return { list, load, byName };
});
