import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { relative } from 'node:path';
import type { AppEnv } from './types.ts';

/** Serves the built browser app at `/`, or a short notice while it is not built. */
export function mountWeb(app: Hono<AppEnv>, webRoot?: string): void {
  if (!webRoot) {
    app.get('/', (c) => c.html('<!doctype html><title>Sluice</title><h1>Sluice</h1><p>The server is running. Use the <code>sluice</code> CLI or the HTTP API (see README).</p>'));
    return;
  }
  const root = relative(process.cwd(), webRoot) || '.';
  app.use('/*', serveStatic({ root }));
  app.get('*', serveStatic({ path: `${root}/index.html` }));
}
