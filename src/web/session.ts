/**
 * Who is signed in, shared by every page: null when nobody is, undefined while
 * asking the server. A signal, so that whatever reads it re-renders when someone
 * signs in or out.
 *
 * The server's last answer is also kept on the phone, so that the app opens without a network as the last
 * signed-in person (`sessionOffline` then says the person is shown from that copy). It is forgotten whenever
 * the session becomes null: at sign-out, and when the server answers 401 (api.ts).
 */
import { effect, signal } from '@preact/signals';
import type { MeResponse } from '../server/me/me.schema.js';

export type Me = MeResponse;

export const session = signal<Me | null | undefined>(undefined);

/** True while the person shown is the copy kept on the phone, because the server could not be reached. */
export const sessionOffline = signal(false);

const keptKey = 'hoctap.me';

// Embedded in a frame whose browser blocks third-party storage: nothing is kept, the app then needs the network to open.
function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

/** The last answer of GET /api/me kept on this phone, if any. */
export function keptSession(): Me | null {
  try {
    return JSON.parse(storage()?.getItem(keptKey) ?? 'null') as Me | null;
  } catch {
    return null;
  }
}

effect(() => {
  const me = session.value;
  if (me === undefined) return;
  try {
    if (me === null) {
      storage()?.removeItem(keptKey);
      sessionOffline.value = false;
    } else storage()?.setItem(keptKey, JSON.stringify(me));
  } catch {
    // A full storage only costs the offline start.
  }
});
