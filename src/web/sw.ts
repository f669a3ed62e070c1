/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (the list is injected at build
 * time) so the PWA opens on a weak or absent connection, and serves
 * index.html for every page address. Course, lesson and "my learning" answers
 * come from the network when it answers within a few seconds and from the last
 * copy otherwise, so an opened lesson can be read again offline. Progress goes
 * through the page's own outbox, never through a cache.
 * A new version waits until the page asks it to take over.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { apiCacheName } from './offline/api-cache.js';

declare const self: ServiceWorkerGlobalScope;

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));
registerRoute(
  ({ url, request }) => request.method === 'GET' && /^\/api\/(courses|lessons|me\/learning|competences)(\/|$|\?)/.test(url.pathname),
  new NetworkFirst({ cacheName: apiCacheName, networkTimeoutSeconds: 4 }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') self.skipWaiting();
});
