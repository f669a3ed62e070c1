/**
 * Registers the service worker and tells the page when a new version is
 * waiting, so that people choose when to reload instead of losing what they typed.
 */
import { signal } from '@preact/signals';

/** Set when a new version waits: calling it switches to that version (the page then reloads). */
export const updateReady = signal<(() => void) | null>(null);

function announce(worker: ServiceWorker): void {
  updateReady.value = () => worker.postMessage({ type: 'SKIP_WAITING' });
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
    if (reloading || !updateReady.peek()) return;
    reloading = true;
    location.reload();
  });
}
