/**
 * Registers the service worker and tells the page when a new version is
 * waiting, so that people choose when to reload instead of losing what they typed.
 */
/** Shared with sw.ts: the cache of API answers kept for offline reading. */
export const apiCacheName = 'hoctap-api-v1';

type Apply = () => void;
let waiting: Apply | null = null;
const listeners = new Set<(apply: Apply) => void>();

export function onUpdateReady(listener: (apply: Apply) => void): () => void {
  listeners.add(listener);
  if (waiting) listener(waiting);
  return () => listeners.delete(listener);
}

function announce(worker: ServiceWorker): void {
  waiting = () => worker.postMessage({ type: 'SKIP_WAITING' });
  for (const listener of listeners) listener(waiting);
}

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const registration = await navigator.serviceWorker.register('/sw.js', { type: 'module' });
  if (registration.waiting && navigator.serviceWorker.controller) announce(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) announce(worker);
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading || !waiting) return;
    reloading = true;
    location.reload();
  });
}
