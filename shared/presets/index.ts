/** Built-in datasets. User-defined ones arrive as JSON of the same shape. */
import type { DatasetSchema } from '../schema.ts';
import { clients } from './clients.ts';
import { leads } from './leads.ts';

export { clients, leads };

/** Every built-in dataset by name (prototype-free, so `presets['__proto__']` is undefined). */
export const presets: Record<string, DatasetSchema> = Object.assign(Object.create(null) as Record<string, DatasetSchema>, {
  leads,
  clients,
});
