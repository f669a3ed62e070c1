/**
 * Assisted sign-ups that could not reach the server wait here, in IndexedDB, keyed by the client id the phone
 * chose, and only until the server acknowledges them: then they are deleted from the phone. The server answers a
 * retry with the same client id with the first result, so sending one twice is harmless. A sign-up the server
 * refuses for good stays (marked) until its helper opens it again to correct it: nothing is lost, nothing lingers
 * unseen. Only this module touches the store; no copy goes to localStorage or the service worker's caches.
 */
import { signal } from '@preact/signals';
import type { SignupAnswer, SignupInput } from '../../server/assisted/assisted.schema.js';
import { api, ApiError } from '../api.js';

export interface QueuedSignup {
  clientId: string;
  /** Sent only while this helper is signed in: another person's session would be refused anyway. */
  helperId: number;
  unitCode: string;
  body: SignupInput;
  /** The server's message when it refused the sign-up for good. */
  refused?: string;
}

const databaseName = 'hoctap-assisted';
const storeName = 'signups';

/** The helper's sign-ups still on this phone, for the screen. */
export const queuedSignups = signal<QueuedSignup[]>([]);

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: 'clientId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const request = work(transaction.objectStore(storeName));
      // Resolved on commit, not on the request: a write acknowledged here is on the disk.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

async function refresh(helperId: number): Promise<QueuedSignup[]> {
  const all = await inStore('readonly', (store) => store.getAll() as IDBRequest<QueuedSignup[]>);
  const mine = all.filter((s) => s.helperId === helperId);
  queuedSignups.value = mine;
  return mine;
}

export async function queueSignup(signup: QueuedSignup): Promise<void> {
  await inStore('readwrite', (store) => store.put(signup));
  await refresh(signup.helperId);
}

export async function removeSignup(helperId: number, clientId: string): Promise<void> {
  await inStore('readwrite', (store) => store.delete(clientId));
  await refresh(helperId);
}

/** Whether an error means "try again later" (no connection, throttled, signed out, server trouble) rather than "never". */
export const isTransient = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500;

/** Sends one sign-up; on the server's acknowledgement it leaves the phone. */
export async function sendSignup(signup: QueuedSignup): Promise<SignupAnswer> {
  const answer = await api('POST /api/units/:code/assisted/signups', { params: { code: signup.unitCode }, body: signup.body });
  await removeSignup(signup.helperId, signup.clientId);
  return answer;
}

let flushing: Promise<void> | null = null;

/** Sends what waits, oldest first; stops at the first transient failure, marks a refused one. */
export function flushSignups(helperId: number): Promise<void> {
  flushing ??= (async () => {
    for (const signup of await refresh(helperId)) {
      if (signup.refused) continue;
      try {
        await sendSignup(signup);
      } catch (error) {
        if (isTransient(error)) return;
        await queueSignup({ ...signup, refused: (error as ApiError).message });
      }
    }
  })()
    .catch(() => {})
    .finally(() => {
      flushing = null;
    });
  return flushing;
}

/** While a helper is signed in: sends waiting sign-ups now, when the connection returns, and every 30 s while any wait. */
export function keepSignupsSent(helperId: number): () => void {
  const flush = () => void flushSignups(helperId);
  flush();
  addEventListener('online', flush);
  const retry = setInterval(() => queuedSignups.peek().some((s) => !s.refused) && flush(), 30_000);
  return () => {
    removeEventListener('online', flush);
    clearInterval(retry);
    queuedSignups.value = [];
  };
}
