/**
 * Another person takes over this phone (a family sharing one, switching with a sign-in card). The one leaving is
 * signed out first and nothing of theirs stays visible: their waiting progress is sent while their session still
 * stands (or stays in their own queue, which only they ever see), the API answers cached for offline reading are
 * deleted, and the page is loaded afresh so that no screen keeps their data in memory.
 */
import { api } from '../api.js';
import { endSessionKey } from '../auth/ProviderButtons.js';
import { apiCacheName } from '../offline/api-cache.js';
import { sendPendingBeforeLeaving } from '../offline/outbox.js';
import { session } from '../session.js';

export async function signOutBeforeSwitching(leaving: number): Promise<void> {
  await sendPendingBeforeLeaving(leaving);
  await api('POST /api/auth/logout').catch(() => undefined);
  await forgetWhatThisPhoneKept();
  session.value = null;
}

/** Cached answers and the identity provider's logout address belong to the person who leaves. */
export async function forgetWhatThisPhoneKept(): Promise<void> {
  sessionStorage.removeItem(endSessionKey);
  if ('caches' in globalThis) await caches.delete(apiCacheName).catch(() => false);
}

/** After a card sign-in: home, as a fresh page (and without the card's secret in the history). */
export function goHomeAfresh(): void {
  location.replace('/');
}
