/**
 * Progress events wait here, on the phone, until the server has them. Each has
 * an id made on the phone, so sending one twice (a retry after a lost answer,
 * a replay after days offline) changes nothing on the server. One queue per
 * person: a shared family phone must never send one person's progress as another's.
 *
 * The queue lives in localStorage and is sent by the page: on `online`, when the page comes back to the
 * foreground, every few seconds while anything waits, and when the service worker's Background Sync fires
 * (sw.ts wakes the open pages; it does not send by itself, since only the page knows who is signed in and the
 * server takes the person from the cookie). A phone with the app closed sends at the next opening.
 */
import { computed, signal } from '@preact/signals';
import type { ProgressResult } from '../../server/progress/progress.schema.js';
import type { LessonId } from '../../shared/ids.js';
import { api, ApiError } from '../api.js';

/** What the page knew of the lesson when the event was made: lets "my learning" show it before the server has it. */
export interface LessonContext {
  courseId: number;
  next: { id: number; title: string } | null;
}

export interface PendingEvent {
  eventId: string;
  lessonId: LessonId;
  type: 'opened' | 'completed';
  at: string;
  /** Kept on the phone only, never sent. */
  context?: LessonContext;
}

const keyFor = (userId: number) => `hoctap.outbox.${userId}`;
let flushing: Promise<void> | null = null;

/** The events of the person signed in on this phone that still wait to be sent. */
export const pendingEvents = signal<readonly PendingEvent[]>([]);
/** How many of them (the header's indicator). */
export const pendingCount = computed(() => pendingEvents.value.length);
/** True once events have waited and sending them kept failing for more than two minutes while the phone said it was online. */
export const sendFailing = signal(false);
/** Grows each time the server took events: pages showing an older copy load it again. */
export const deliveredVersion = signal(0);

const failingAfterMs = 2 * 60_000;
const retryEveryMs = 10_000;
let countedUser: number | null = null;
let failingSince: number | null = null;

// Inside the super-app's frame, a browser that blocks third-party storage refuses localStorage altogether:
// the queue then lives as long as the page, and progress is still sent.
const storage: Pick<Storage, 'getItem' | 'setItem'> = (() => {
  try {
    return localStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (key: string) => memory.get(key) ?? null, setItem: (key: string, value: string) => void memory.set(key, value) };
  }
})();

function read(userId: number): PendingEvent[] {
  try {
    return JSON.parse(storage.getItem(keyFor(userId)) ?? '[]') as PendingEvent[];
  } catch {
    return [];
  }
}

function write(userId: number, events: PendingEvent[]): void {
  storage.setItem(keyFor(userId), JSON.stringify(events));
  if (userId === countedUser) pendingEvents.value = events;
}

function sent(userId: number, eventId: string): void {
  write(userId, read(userId).filter((e) => e.eventId !== eventId));
  deliveredVersion.value++;
  failingSince = null;
  sendFailing.value = false;
}

/** A failed attempt counts towards "sending fails" only while the phone believes it is online. */
function failed(): void {
  if (!navigator.onLine) return;
  failingSince ??= Date.now();
  sendFailing.value = Date.now() - failingSince > failingAfterMs;
}

/** A UUID v4 from getRandomValues, which (unlike randomUUID) also works on plain-HTTP intranet addresses. */
function newEventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Asks the service worker to wake this page when the connection is back, even if the page sleeps in the background (sw.ts listens for the tag). */
function askForBackgroundSync(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready
    .then((registration) => (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('hoctap-outbox'))
    .catch(() => {});
}

/**
 * While a person is signed in: counts what waits in their outbox and sends it as
 * soon as a connection is there. Returns the function that stops (at sign-out).
 */
export function keepOutboxSent(userId: number): () => void {
  countedUser = userId;
  failingSince = null;
  sendFailing.value = false;
  pendingEvents.value = read(userId);
  const flush = () => void flushOutbox(userId);
  const flushWhenVisible = () => document.visibilityState === 'visible' && flush();
  const flushWhenWoken = (event: MessageEvent) => (event.data as { type?: string } | null)?.type === 'FLUSH_OUTBOX' && flush();
  flush();
  addEventListener('online', flush);
  addEventListener('focus', flush);
  document.addEventListener('visibilitychange', flushWhenVisible);
  navigator.serviceWorker?.addEventListener('message', flushWhenWoken);
  // "Online" on a phone often means a Wi-Fi without internet, and `online` does not always fire: keep trying while anything waits.
  const retry = setInterval(() => read(userId).length > 0 && flush(), retryEveryMs);
  return () => {
    removeEventListener('online', flush);
    removeEventListener('focus', flush);
    document.removeEventListener('visibilitychange', flushWhenVisible);
    navigator.serviceWorker?.removeEventListener('message', flushWhenWoken);
    clearInterval(retry);
    countedUser = null;
    pendingEvents.value = [];
    sendFailing.value = false;
  };
}

/**
 * Sends queued events in order. Stops at the first network failure (tries again
 * later); drops an event the server refuses for good (4xx other than 401/429),
 * since sending it again cannot succeed. A 401 keeps the queue for its owner's next sign-in.
 */
function flushOutbox(userId: number): Promise<void> {
  // Cleared in a later microtask, after the assignment, even when there is nothing to send.
  flushing ??= sendQueued(userId).finally(() => {
    flushing = null;
  });
  return flushing;
}

/**
 * Before another person takes over this phone (switching with a sign-in card): sends what waits of the person
 * leaving, while their session still stands, giving up after `timeoutMs`. What cannot be sent stays in their own
 * queue, never counted or sent for anyone else, and goes out when they sign in here again.
 */
export function sendPendingBeforeLeaving(userId: number, timeoutMs = 5_000): Promise<void> {
  if (read(userId).length === 0) return Promise.resolve();
  return Promise.race([flushOutbox(userId), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
}

const bodyOf = ({ context: _context, ...event }: PendingEvent) => event;
const refusedForGood = (error: unknown) => error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429;

async function sendQueued(userId: number): Promise<void> {
  for (;;) {
    const [next] = read(userId);
    if (!next) return;
    // Only while this person is the one signed in here: the server takes the person from the cookie.
    if (userId !== countedUser) return;
    try {
      await api('POST /api/progress', { body: bodyOf(next) });
    } catch (error) {
      if (!refusedForGood(error)) {
        failed();
        return;
      }
    }
    sent(userId, next.eventId);
  }
}

/**
 * Queues an event and tries to send everything queued. Resolves with the
 * server's answer if this event got through now, or null if it waits offline.
 */
export async function recordProgress(userId: number, lessonId: LessonId, type: PendingEvent['type'], context?: LessonContext): Promise<ProgressResult | null> {
  const event: PendingEvent = { eventId: newEventId(), lessonId, type, at: new Date().toISOString(), ...(context ? { context } : {}) };
  const earlier = read(userId);
  write(userId, [...earlier, event]);
  if (earlier.length > 0) {
    await flushOutbox(userId);
    if (read(userId).length > 0) askForBackgroundSync();
    return null;
  }
  try {
    const receipt = await api('POST /api/progress', { body: bodyOf(event) });
    sent(userId, event.eventId);
    return receipt;
  } catch (error) {
    if (refusedForGood(error)) {
      write(userId, read(userId).filter((e) => e.eventId !== event.eventId));
      throw error;
    }
    failed();
    askForBackgroundSync();
    return null;
  }
}
