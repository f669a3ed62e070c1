/**
 * Link previews (Open Graph) for public pages shared in Zalo or Facebook: their crawlers run no JavaScript, so
 * the server writes the page's title, description and image into the one HTML page the PWA is. Features that own
 * a public page (an event, a news post) provide a `PagePreview`; `app.ts` hands them to the PWA routes.
 */
export interface PageMeta {
  title: string;
  description: string;
  /** An absolute address or a path on this site. */
  image?: string;
  type?: 'website' | 'article';
}

/** The preview of a page path, or undefined when the path is not one of the feature's public pages. */
export type PagePreview = (pathname: string) => Promise<PageMeta | undefined>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The PWA's page with this page's title, description and Open Graph tags. */
export function withPageMeta(html: string, meta: PageMeta, pageUrl: string, origin: string): string {
  const title = escapeHtml(meta.title);
  const description = escapeHtml(meta.description.replace(/\s+/g, ' ').trim().slice(0, 300));
  const tags = [
    ['og:type', meta.type ?? 'website'],
    ['og:title', title],
    ['og:description', description],
    ['og:url', escapeHtml(pageUrl)],
    ['og:site_name', 'Học tập suốt đời'],
    ...(meta.image ? [['og:image', escapeHtml(new URL(meta.image, origin).href)]] : []),
  ].map(([property, content]) => `<meta property="${property}" content="${content}" />`);
  tags.push(`<meta name="twitter:card" content="${meta.image ? 'summary_large_image' : 'summary'}" />`);
  return html
    .replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`)
    .replace(/<meta name="description" content="[^"]*"\s*\/?>/, `<meta name="description" content="${description}" />`)
    .replace('</head>', `${tags.join('')}</head>`);
}

/**
 * The kill switch. If a service worker ever breaks the app (a bad cache rule, pages that never update), the operator
 * starts the server with PWA_KILL_SWITCH=1: browsers check /sw.js at each visit, find this worker instead, and it
 * takes over at once, deletes every cache of the site, unregisters itself and reloads the open pages from the server.
 * The outbox and the kept session are in the page's storage and stay. Remove the variable once a fixed version is
 * deployed: the pages then register the new worker again.
 */
export const selfRemovingServiceWorker = `// Học tập suốt đời: service worker switched off by the operator (PWA_KILL_SWITCH).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) await caches.delete(name);
    await self.registration.unregister();
    for (const page of await self.clients.matchAll({ type: 'window' })) page.navigate(page.url);
  })());
});
`;
