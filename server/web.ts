import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import { relative } from 'node:path';
import type { AppEnv } from './types.ts';

/** Serves the built browser app at `/` (any non-API path falls back to index.html), or a short notice while it is not built. */
export function mountWeb(app: Hono<AppEnv>, webRoot?: string): void {
  if (!webRoot) {
    app.get('/', (c) => c.html('<!doctype html><title>Sluice</title><h1>Sluice</h1><p>The server is running. Build the browser app with <code>npm run build</code>, or use the <code>sluice</code> CLI and the HTTP API (see README).</p>'));
    return;
  }
  const root = relative(process.cwd(), webRoot) || '.';
  const notApi = (h: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> => (c, next) => (c.req.path.startsWith('/api/') ? next() : h(c, next));
  app.use('/*', notApi(serveStatic({ root })));
  app.get('*', notApi(serveStatic({ path: `${root}/index.html` })));
}
