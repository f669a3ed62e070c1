/**
 * Names the page and the service worker share; their own module so that the service worker imports nothing else
 * of the page. Caches named `hoctap-api-…` and `hoctap-assets-…` are versioned with the build (vite.config.ts) and
 * sw.ts deletes the older ones when a new version takes over; caches under other names are not its business.
 */
declare const __API_CACHE_VERSION__: string;
declare const __APP_BUILD_VERSION__: string;

/** API answers kept for offline reading: filled by sw.ts, emptied at sign-out. Renamed when their schemas change. */
export const apiCacheName = `hoctap-api-${__API_CACHE_VERSION__}`;
/** Files of this build left out of the precache (other languages, the QR scanner), kept once a page used them. */
export const assetsCacheName = `hoctap-assets-${__APP_BUILD_VERSION__}`;
/** Prefixes of the caches versioned as above. */
export const versionedCachePrefixes = ['hoctap-api-', 'hoctap-assets-'];
