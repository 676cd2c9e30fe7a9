import type { MiddlewareHandler } from 'hono';
import type { DatasetSchema } from '../../shared/schema.ts';
import type { AppEnv } from '../types.ts';
import { notFound } from './errors.ts';

/** Resolves the route's `:name` to its dataset, set as `dataset` on the context; 404 when there is none. */
export function datasetParam(datasets: Map<string, DatasetSchema>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const name = c.req.param('name') ?? '';
    const schema = datasets.get(name);
    if (!schema) throw notFound(`no dataset named ${name}`);
    c.set('dataset', schema);
    await next();
  };
}
