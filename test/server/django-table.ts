/** A table shaped like a Django model, made by plain SQL, and the definition an office would write for it. */
import type { DatasetSchema } from '../../shared/schema.ts';

export const DJANGO_TABLE = `
  create table auth_clients (id serial primary key, full_name varchar(200) not null, email varchar(254) not null,
    phone varchar(20), date_joined timestamptz not null default now(), is_active boolean not null default true);
  create unique index on auth_clients (lower(email));`;

/** The definition an office would write for it (as checked definition files reach the server). */
export const appClients = (org: string, changes: Record<string, unknown> = {}): DatasetSchema => ({
  name: 'app_clients',
  label: 'Clients of the application',
  version: 1,
  table: 'auth_clients',
  org,
  createdColumn: 'date_joined',
  defaultCountry: 'US',
  fields: [
    { name: 'name', column: 'full_name', type: 'text', required: true },
    { name: 'email', type: 'email', required: true },
    { name: 'phone', type: 'phone' },
  ],
  keys: [['email']],
  ...changes,
} as DatasetSchema);

