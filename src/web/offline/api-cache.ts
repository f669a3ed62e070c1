/** The cache of API answers kept for offline reading: filled by sw.ts, emptied at sign-out. Its own module so that the service worker imports nothing else of the page. */
export const apiCacheName = 'hoctap-api-v1';
