/**
 * Serves the built PWA (dist/web) from the same process: hashed assets cached
 * for a year, everything else revalidated, and every unknown path that is not
 * an API or a file answered with index.html so that client routes work on reload.
 * Brotli or gzip copies made at build time are sent to browsers that accept them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { type Config, publicOrigin } from '../config.js';
import type { App } from '../http/app-type.js';
import { AppError } from '../errors.js';
import { allow } from '../http/policies.js';
import { framablePageHeaders } from '../http/security-headers.js';
import { type PagePreview, selfRemovingServiceWorker, withPageMeta } from './pwa.service.js';

function listFiles(root: string): Set<string> {
  const files = new Set<string>();
  if (!existsSync(root)) return files;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (!/\.(br|gz)$/.test(entry)) files.add(`/${path.relative(root, full).split(path.sep).join('/')}`);
    }
  };
  walk(root);
  return files;
}

export async function pwaRoutes(
  app: App,
  deps: { config: Pick<Config, 'webRoot' | 'embedAllowedOrigins' | 'publicUrl' | 'host' | 'port' | 'pwaKillSwitch'>; previews?: readonly PagePreview[] },
): Promise<void> {
  const files = listFiles(deps.config.webRoot);
  const shell = files.has('/index.html') ? readFileSync(path.join(deps.config.webRoot, 'index.html'), 'utf8') : undefined;
  const origin = publicOrigin(deps.config);
  // The super-app frames pages, never files: only an HTML answer may name other frame ancestors.
  const framable = framablePageHeaders(deps.config.embedAllowedOrigins);
  const sendPage = (reply: FastifyReply, file: string) => {
    if (framable) reply.header('content-security-policy', framable.contentSecurityPolicy).removeHeader('x-frame-options');
    reply.header('cache-control', 'no-cache');
    return reply.sendFile(file, { cacheControl: false });
  };

  if (deps.config.pwaKillSwitch) {
    app.get('/sw.js', { config: { policy: allow.anyone }, schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(selfRemovingServiceWorker),
    );
  }

  app.get('/*', { config: { policy: allow.anyone }, schema: { hide: true } }, async (request, reply) => {
    const pathname = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (pathname.startsWith('/api/') || pathname === '/api') throw new AppError('route_not_found', 404);
    if (files.has(pathname)) {
      if (pathname.startsWith('/assets/')) return reply.sendFile(pathname.slice(1), { maxAge: '365d', immutable: true });
      // The service worker precaches /index.html itself: its copy must carry the same framing rule.
      if (pathname.endsWith('.html')) return sendPage(reply, pathname.slice(1));
      reply.header('cache-control', 'no-cache');
      return reply.sendFile(pathname.slice(1), { cacheControl: false });
    }
    if (path.extname(pathname) !== '' || shell === undefined) throw new AppError('route_not_found', 404);
    for (const preview of deps.previews ?? []) {
      const meta = await preview(pathname);
      if (!meta) continue;
      if (framable) reply.header('content-security-policy', framable.contentSecurityPolicy).removeHeader('x-frame-options');
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
      return withPageMeta(shell, meta, new URL(pathname, origin).href, origin);
    }
    return sendPage(reply, 'index.html');
  });
}
