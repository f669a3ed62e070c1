/**
 * What a door phone keeps in IndexedDB: the event's check-in list (hashes of QR secrets, codes, names; never a
 * secret) per venue, and the outbox of scans not yet acknowledged by the server, keyed by the nonce each scan got
 * when it happened. The server answers a resent nonce with its first judgement, so sending twice is harmless; a scan
 * leaves the phone only once the server has it (the pattern of assisted sign-up's outbox). Only this module touches
 * the stores.
 */
import { signal } from '@preact/signals';
import type { CheckinBatch, CheckinList, ScanAnswer } from '../../server/checkin/checkin.schema.js';
import type { EventId } from '../../shared/ids.js';
import { api, ApiError } from '../api.js';

type Scan = CheckinBatch['scans'][number];

export interface QueuedScan {
  nonce: string;
  eventId: EventId;
  /** Sent only while this person is signed in. */
  userId: number;
  scan: Scan;
}

const databaseName = 'hoctap-checkin';
const lists = 'lists';
const scans = 'scans';

/** Scans waiting on this phone, and what the server said about sent scans that differ from a plain check-in. */
export const queuedScans = signal<QueuedScan[]>([]);
export const serverReports = signal<ScanAnswer[]>([]);

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(databaseName, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(lists);
      request.result.createObjectStore(scans, { keyPath: 'nonce' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function inStore<T>(name: string, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(name, mode);
      const request = work(transaction.objectStore(name));
      // Resolved on commit: a scan acknowledged on screen is on the phone's disk.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

const listKey = (eventId: EventId, venueId: number) => `${eventId}:${venueId}`;

export const saveList = (list: CheckinList) => inStore(lists, 'readwrite', (store) => store.put(list, listKey(list.eventId, list.venueId)));
export const loadList = (eventId: EventId, venueId: number) => inStore(lists, 'readonly', (store) => store.get(listKey(eventId, venueId)) as IDBRequest<CheckinList | undefined>);

async function refresh(userId: number, eventId: EventId): Promise<QueuedScan[]> {
  const all = await inStore(scans, 'readonly', (store) => store.getAll() as IDBRequest<QueuedScan[]>);
  const mine = all.filter((s) => s.userId === userId && s.eventId === eventId);
  queuedScans.value = mine;
  return mine;
}

export async function queueScan(scan: QueuedScan): Promise<void> {
  await inStore(scans, 'readwrite', (store) => store.put(scan));
  await refresh(scan.userId, scan.eventId);
}

/** A nonce for a scan: random, and made with getRandomValues, which works on plain-HTTP intranet addresses too. */
export function newNonce(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const isTransient = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500;

let flushing: Promise<void> | null = null;

/** Sends what waits, in batches, oldest first; stops at the first transient failure. */
export function flushScans(userId: number, eventId: EventId, deviceId: string): Promise<void> {
  flushing ??= (async () => {
    let waiting = await refresh(userId, eventId);
    while (waiting.length > 0) {
      const batch = waiting.slice(0, 100);
      try {
        const answer = await api('POST /api/events/:id/checkins', { params: { id: eventId }, body: { deviceId, scans: batch.map((s) => s.scan) } });
        const notable = answer.results.filter((r) => r.result !== 'checked_in' && r.result !== 'already');
        if (notable.length > 0) serverReports.value = [...notable, ...serverReports.value].slice(0, 50);
      } catch (error) {
        if (isTransient(error)) return;
        // Refused for good (a venue removed meanwhile): reported, not resent forever.
        serverReports.value = [{ nonce: batch[0]!.nonce, result: 'unknown', invitationId: null, fullName: (error as Error).message, group: null, venue: null }, ...serverReports.value];
      }
      await inStore(scans, 'readwrite', (store) => {
        for (const s of batch.slice(1)) store.delete(s.nonce);
        return store.delete(batch[0]!.nonce);
      });
      waiting = await refresh(userId, eventId);
    }
  })()
    .catch(() => {})
    .finally(() => {
      flushing = null;
    });
  return flushing;
}

/** While the scanner is open: sends now, when the connection returns, and every 10 s while scans wait. */
export function keepScansSent(userId: number, eventId: EventId, deviceId: string): () => void {
  const flush = () => void flushScans(userId, eventId, deviceId);
  flush();
  addEventListener('online', flush);
  const retry = setInterval(() => queuedScans.peek().length > 0 && flush(), 10_000);
  return () => {
    removeEventListener('online', flush);
    clearInterval(retry);
  };
}
