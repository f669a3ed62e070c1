/**
 * Progress events wait here, on the phone, until the server has them. Each has
 * an id made on the phone, so sending one twice (a retry after a lost answer,
 * a replay after days offline) changes nothing on the server. One queue per
 * person: a shared family phone must never send one person's progress as another's.
 */
import { signal } from '@preact/signals';
import type { ProgressResult } from '../../server/progress/progress.schema.js';
import type { LessonId } from '../../shared/ids.js';
import { api, ApiError } from '../api.js';

export interface PendingEvent {
  eventId: string;
  lessonId: LessonId;
  type: 'opened' | 'completed';
  at: string;
}

const keyFor = (userId: number) => `hoctap.outbox.${userId}`;
let flushing: Promise<void> | null = null;

/** How many events of the person signed in on this phone still wait to be sent (the banner's count). */
export const pendingCount = signal(0);
let countedUser: number | null = null;
/** True while sending keeps failing (area A sets it); only then does the page show a banner. */
export const sendFailing = signal(false);

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
  if (userId === countedUser) pendingCount.value = events.length;
}

/** A UUID v4 from getRandomValues, which (unlike randomUUID) also works on plain-HTTP intranet addresses. */
function newEventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * While a person is signed in: counts what waits in their outbox and sends it as
 * soon as a connection is there. Returns the function that stops (at sign-out).
 */
export function keepOutboxSent(userId: number): () => void {
  countedUser = userId;
  pendingCount.value = read(userId).length;
  const flush = () => void flushOutbox(userId);
  flush();
  addEventListener('online', flush);
  // "Online" on a phone often means a Wi-Fi without internet: keep trying quietly while anything waits.
  const retry = setInterval(() => read(userId).length > 0 && flush(), 30_000);
  return () => {
    removeEventListener('online', flush);
    clearInterval(retry);
    countedUser = null;
    pendingCount.value = 0;
  };
}

/**
 * Sends queued events in order. Stops at the first network failure (tries again
 * later); drops an event the server refuses for good (4xx other than 401/429),
 * since sending it again cannot succeed.
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

async function sendQueued(userId: number): Promise<void> {
  for (;;) {
    const [next] = read(userId);
    if (!next) return;
    try {
      await api('POST /api/progress', { body: next });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500) return;
    }
    write(userId, read(userId).filter((e) => e.eventId !== next.eventId));
  }
}

/**
 * Queues an event and tries to send everything queued. Resolves with the
 * server's answer if this event got through now, or null if it waits offline.
 */
export async function recordProgress(userId: number, lessonId: LessonId, type: PendingEvent['type']): Promise<ProgressResult | null> {
  const event: PendingEvent = { eventId: newEventId(), lessonId, type, at: new Date().toISOString() };
  const earlier = read(userId);
  write(userId, [...earlier, event]);
  if (earlier.length > 0) {
    await flushOutbox(userId);
    return null;
  }
  try {
    const receipt = await api('POST /api/progress', { body: event });
    write(userId, read(userId).filter((e) => e.eventId !== event.eventId));
    return receipt;
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429) {
      write(userId, read(userId).filter((e) => e.eventId !== event.eventId));
      throw error;
    }
    return null;
  }
}
