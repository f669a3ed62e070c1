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
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing';
import { CacheFirst, NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { apiCacheName, assetsCacheName, versionedCachePrefixes } from './offline/api-cache.js';
import { savedCacheName, savingHeader } from './offline/saved-cache.js';

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

// ---- Issue 15, area B: courses saved on the phone (offline/saved-courses.ts). When the network fails, what the person
// saved answers; a saved picture is served from the phone first (its address names its content), and any width of it
// falls back to the phone size saved when offline (the page's srcset may ask for a wider one).
async function fromSaved(request: Request, anyWidth = false): Promise<Response | undefined> {
  const cache = await caches.open(savedCacheName);
  const { pathname, search } = new URL(request.url);
  const exact = await cache.match(pathname + search, { ignoreVary: true });
  return exact ?? (anyWidth ? cache.match(pathname.replace(/\/w\d+\.webp$/, '/w480.webp'), { ignoreVary: true }) : undefined);
}
registerRoute(
  ({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/media/'),
  async ({ request }) => (await fromSaved(request)) ?? fetch(request).catch(async () => (await fromSaved(request, true)) ?? Response.error()),
);
// Downloading for the saved copy (saved-courses.ts marks it) goes past the API cache: one copy on the phone, not two.
registerRoute(({ request }) => request.method === 'GET' && request.headers.has(savingHeader), new NetworkOnly());
registerRoute(({ url, request }) => request.method === 'GET' && /^\/api\/quizzes\/\d+\/practice-paper$/.test(url.pathname), new NetworkOnly());
setCatchHandler(async ({ request }) => (request.method === 'GET' ? ((await fromSaved(request)) ?? Response.error()) : Response.error()));
// ---- end of area B

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
