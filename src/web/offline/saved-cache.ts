/** The cache of courses saved for learning without the network (issue 15): filled and emptied by saved-courses.ts, read by sw.ts. Its own module so that the service worker imports nothing else of the page. A new format gets a new name. */
export const savedCacheName = 'hoctap-saved-v1';
/** Marks the requests that download a saved course, which the service worker then keeps out of the API cache. */
export const savingHeader = 'x-hoctap-saving';
