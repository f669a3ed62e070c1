/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (the list is injected at build
 * time; only changed files are fetched again on an update) so the PWA opens on a weak or absent connection, and serves
 * index.html for every page address. Course, lesson and "my learning" answers
 * come from the network when it answers within a few seconds and from the last
 * copy otherwise, so an opened lesson can be read again offline. GET /api/me is never cached here (the page keeps its
 * own copy, session.ts). Progress goes through the page's own outbox, never through a cache; when the connection
 * returns, Background Sync wakes the open pages to send it. Nothing else of the API is cached: assisted sign-up
 * calls carry citizens' phones and names, which must not stay on a helper's phone (test/e2e/assisted.test.ts).
 * A new version waits until the page asks it to take over, then deletes the caches of older versions.
 * To switch the service worker off on every phone, see PWA_KILL_SWITCH (server/pwa/pwa.service.ts).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, PrecacheFallbackPlugin, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { apiCacheName, assetsCacheName, versionedCachePrefixes } from './offline/api-cache.js';

declare const self: ServiceWorkerGlobalScope;
/** Background Sync (Chromium): not in TypeScript's webworker library yet. */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
const shell = createHandlerBoundToURL('/index.html');
// Who may frame a page (EMBED_ALLOWED_ORIGINS) is the server's setting of the day, carried by the page's headers: a page
// opened in a frame (embed mode) takes them from the network, and the precached copy only when offline.
const framedShell = new NetworkOnly({ networkTimeoutSeconds: 4, plugins: [new PrecacheFallbackPlugin({ fallbackURL: '/index.html' })] });
registerRoute(
  new NavigationRoute((options) => (options.request.destination === 'iframe' ? framedShell.handle(options) : shell(options)), {
    denylist: [/^\/api\//, /^\/\.well-known\//],
  }),
);

// ── Saved courses (area B): its cache-first route for courses saved for offline use goes here, before the API route below. ──

registerRoute(
  ({ url, request }) => request.method === 'GET' && /^\/api\/(courses|lessons|me\/learning|competences)(\/|$|\?)/.test(url.pathname),
  new NetworkFirst({ cacheName: apiCacheName, networkTimeoutSeconds: 4 }),
);
// Built files left out of the precache (hashed names: a copy never goes stale).
registerRoute(({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/assets/'), new CacheFirst({ cacheName: assetsCacheName }));

self.addEventListener('activate', (event) => {
  const current = new Set([apiCacheName, assetsCacheName]);
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((n) => versionedCachePrefixes.some((p) => n.startsWith(p)) && !current.has(n)).map((n) => caches.delete(n)))),
  );
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The outbox lives in the page's storage, and only the page knows who is signed in: wake it to send. With no page
// open, the outbox goes out at the next opening.
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== 'hoctap-outbox') return;
  sync.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((pages) => {
      for (const page of pages) page.postMessage({ type: 'FLUSH_OUTBOX' });
    }),
  );
});
