/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (the list is injected at build
 * time) so the PWA opens on a weak or absent connection, and serves
 * index.html for every page address. Course, lesson and "my learning" answers
 * come from the network when it answers within a few seconds and from the last
 * copy otherwise, so an opened lesson can be read again offline. Progress goes
 * through the page's own outbox, never through a cache. Nothing else of the API is cached: assisted sign-up
 * calls carry citizens' phones and names, which must not stay on a helper's phone (test/e2e/assisted.test.ts).
 * A new version waits until the page asks it to take over.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, PrecacheFallbackPlugin, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { apiCacheName } from './offline/api-cache.js';

declare const self: ServiceWorkerGlobalScope;

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
registerRoute(
  ({ url, request }) => request.method === 'GET' && /^\/api\/(courses|lessons|me\/learning|competences)(\/|$|\?)/.test(url.pathname),
  new NetworkFirst({ cacheName: apiCacheName, networkTimeoutSeconds: 4 }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') self.skipWaiting();
});
