import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { definitionJsonSchema } from '../shared/definitions/index.ts';
import { requireCaller } from './auth/middleware.ts';
import { accountRoutes, signinRoutes } from './auth/routes.ts';
import { datasetRoutes } from './datasets/routes.ts';
import { exportRoutes } from './export/routes.ts';
import { errorBody, toApiError } from './http/errors.ts';
import { capBodies, refuseUnstorableUrls } from './http/guard.ts';
import { keyLookupRoutes } from './ingest/keys.ts';
import { importRoutes } from './ingest/routes.ts';
import type { AppDeps, AppEnv } from './types.ts';

/** How far one chunk's body may inflate, unless the deps say otherwise. */
export const DEFAULT_MAX_CHUNK_INFLATED_BYTES = 64 * 1024 * 1024;

/** Builds the Sluice HTTP app. Stateless: everything lives in the database behind `deps.sql`. */
export function createApp(deps: AppDeps) {
  const { sql, datasets } = deps;
  const owners = deps.owners ?? new Map<string, number>();
  const app = new Hono<AppEnv>();
  app.use(secureHeaders());
  // cookie sessions are SameSite=Strict; this also refuses cross-site form posts. Bearer
  // tokens are never sent by a browser on its own, so they need no CSRF check.
  const csrfCheck = csrf();
  app.use('/api/*', (c, next) => (/^bearer /i.test(c.req.header('authorization') ?? '') ? next() : csrfCheck(c, next)));
  app.use('/api/*', refuseUnstorableUrls);
  const maxChunkBytes = deps.maxChunkBytes ?? 16 * 1024 * 1024;
  app.use('/api/*', capBodies(1024 * 1024, [
    { method: 'PUT', path: /^\/api\/imports\/[^/]+\/chunks\/[^/]+$/, bytes: maxChunkBytes },
    { method: 'POST', path: /^\/api\/datasets\/[^/]+\/keys\/lookup$/, bytes: 8 * 1024 * 1024 },
  ]));

  app.get('/api/health', async (c) => {
    await sql`select 1`;
    return c.json({ ok: true });
  });
  // public, so editors can check definition files against it
  app.get('/api/dataset-schema.json', (c) => c.json(definitionJsonSchema()));
  // public: sign-in (`/signin` and `/api/auth/*`)
  app.route('/', signinRoutes(sql, deps.secureCookies));

  // Everything else needs a caller, resolved here and nowhere else: once per request, so a
  // credential's last use is written once. (`/x/*` also matches `/x` itself.)
  const authenticate = requireCaller(sql);
  for (const base of ['/api/me', '/api/tokens', '/api/users', '/api/datasets', '/api/imports']) app.use(`${base}/*`, authenticate);
  app.route('/api', accountRoutes(sql));
  app.route('/api/datasets', datasetRoutes(sql, datasets, owners));
  app.route('/api/datasets', exportRoutes(sql, datasets, { owners }));
  app.route('/api/datasets', keyLookupRoutes(sql, datasets, owners));
  app.route('/api/imports', importRoutes({
    sql,
    datasets,
    owners,
    maxChunkBytes,
    copyIn: deps.copyIn,
    maxChunkInflatedBytes: deps.maxChunkInflatedBytes ?? DEFAULT_MAX_CHUNK_INFLATED_BYTES,
    eventsPollMs: deps.eventsPollMs ?? 500,
    eventsMaxMs: 5 * 60_000,
  }));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    const api = toApiError(err);
    if (api.status >= 500) console.error(err);
    return c.json(errorBody(api), api.status);
  });
  return app;
}
