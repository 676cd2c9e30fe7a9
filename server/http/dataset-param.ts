import type { MiddlewareHandler } from 'hono';
import type { DatasetSchema } from '../../shared/schema.ts';
import { usableBy, type Owners } from '../db/target.ts';
import type { AppEnv } from '../types.ts';
import { notFound } from './errors.ts';

/**
 * Resolves the route's `:name` to its dataset, set as `dataset` on the context; 404 when there
 * is none for the caller's organisation (a table without an org column is its owner's only).
 */
export function datasetParam(datasets: Map<string, DatasetSchema>, owners: Owners = new Map()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const name = c.req.param('name') ?? '';
    const schema = datasets.get(name);
    if (!schema || !usableBy(schema, c.get('caller').orgId, owners)) throw notFound(`no dataset named ${name}`);
    c.set('dataset', schema);
    await next();
  };
}
