/**
 * Courses saved on the phone to learn without the network (issue 15): what the server's offline manifest lists is
 * fetched into the `savedCacheName` cache, which the service worker answers from when the network fails. What is
 * saved is recorded in localStorage (course, version, bytes, when). Nothing is ever half-saved: the space is checked
 * first, and a download that fails midway removes what it had put. A course with a newer published version is brought
 * up to date the next time the phone is online, fetching only the entries whose content changed.
 */
import { signal } from '@preact/signals';
import type { Static } from 'typebox';
import type { OfflineManifest } from '../../server/saved/saved.schema.js';
import { pageStorage } from './saved-storage.js';
import { api } from '../api.js';
import { savedCacheName, savingHeader } from './saved-cache.js';

type Manifest = Static<typeof OfflineManifest>;

export interface SavedCourse {
  courseId: number;
  title: string;
  version: string;
  savedAt: string;
  totalBytes: number;
  lessons: Manifest['lessons'];
  quizzes: Manifest['quizzes'];
  /** What is in the cache now (an in-order course's lessons still locked are not). */
  entries: { url: string; rev: string; bytes: number }[];
}

// Named after the cache: a new format (a new cache name) starts from an empty record too.
const storageKey = `hoctap.saved.${savedCacheName}`;


function readAll(): Record<string, SavedCourse> {
  try {
    return JSON.parse(pageStorage.getItem(storageKey) ?? '{}') as Record<string, SavedCourse>;
  } catch {
    return {};
  }
}

/** The saved courses, for the page to show; changes when one is saved, updated or removed. */
export const savedCourses = signal<Record<string, SavedCourse>>(readAll());

function writeAll(all: Record<string, SavedCourse>): void {
  pageStorage.setItem(storageKey, JSON.stringify(all));
  savedCourses.value = all;
}

export class NotEnoughSpace extends Error {
  constructor(
    readonly needed: number,
    readonly free: number,
  ) {
    super('not enough space');
  }
}

export interface DownloadProgress {
  done: number;
  total: number;
  bytes: number;
}

/** Room to spare beyond the download: the browser's own bookkeeping, and the phone's other apps. */
const margin = (bytes: number) => bytes * 0.1 + 1_000_000;

/**
 * Saves (or brings up to date) a course from its manifest. Throws NotEnoughSpace before fetching anything when the
 * browser's quota cannot hold it, and any other failure after removing what this download had put.
 */
export async function saveCourse(manifest: Manifest, onProgress: (progress: DownloadProgress) => void = () => {}): Promise<SavedCourse> {
  const before = readAll()[manifest.courseId];
  const had = new Map((before?.entries ?? []).map((e) => [e.url, e]));
  const todo = manifest.entries.filter((e) => had.get(e.url)?.rev !== e.rev);
  const needed = todo.reduce((sum, e) => sum + e.bytes, 0);
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota !== undefined) {
    const free = estimate.quota - (estimate.usage ?? 0);
    if (free < needed + margin(needed)) throw new NotEnoughSpace(needed, Math.max(0, free));
  }
  // Asked once: a persisted origin is not emptied by the browser when the phone runs short of space.
  void navigator.storage?.persist?.().catch(() => false);
  const cache = await caches.open(savedCacheName);
  const put: string[] = [];
  const skipped = new Set<string>();
  let bytes = 0;
  onProgress({ done: 0, total: todo.length, bytes });
  try {
    for (const [index, entry] of todo.entries()) {
      const response = await fetch(entry.url, { credentials: 'same-origin', headers: { [savingHeader]: '1' } });
      // A lesson still locked in an in-order course: saved once it opens, at a later update.
      if (response.status === 403 && entry.lessonId !== null) skipped.add(entry.url);
      else if (!response.ok) throw new Error(`${entry.url}: ${response.status}`);
      else {
        if (!had.has(entry.url)) put.push(entry.url);
        await cache.put(entry.url, response);
      }
      bytes += entry.bytes;
      onProgress({ done: index + 1, total: todo.length, bytes });
    }
  } catch (error) {
    await Promise.all(put.map((url) => cache.delete(url)));
    throw error;
  }
  const kept = new Set(manifest.entries.map((e) => e.url));
  await Promise.all([...had.keys()].filter((url) => !kept.has(url)).map((url) => cache.delete(url)));
  const saved: SavedCourse = {
    courseId: manifest.courseId,
    title: manifest.title,
    // Locked lessons left out: the version stays "older", so that the next visit online tries them again.
    version: skipped.size > 0 ? `${manifest.version}-partial` : manifest.version,
    savedAt: new Date().toISOString(),
    totalBytes: manifest.entries.filter((e) => !skipped.has(e.url)).reduce((sum, e) => sum + e.bytes, 0),
    lessons: manifest.lessons,
    quizzes: manifest.quizzes,
    entries: manifest.entries.filter((e) => !skipped.has(e.url)).map(({ url, rev, bytes: size }) => ({ url, rev, bytes: size })),
  };
  writeAll({ ...readAll(), [manifest.courseId]: saved });
  return saved;
}

/** Removes a saved course: its record and every file of it in the cache. */
export async function removeSavedCourse(courseId: number): Promise<void> {
  const { [courseId]: removed, ...rest } = readAll();
  if (removed) {
    const cache = await caches.open(savedCacheName);
    await Promise.all(removed.entries.map((e) => cache.delete(e.url)));
  }
  writeAll(rest);
}

let refreshing: Promise<void> | null = null;

/** Online: brings every saved course whose published version changed up to date (the learner's progress is on the server and in the outbox, untouched). */
export function refreshSavedCourses(): Promise<void> {
  if (!navigator.onLine) return Promise.resolve();
  refreshing ??= (async () => {
    for (const saved of Object.values(readAll())) {
      try {
        const manifest = await api('GET /api/courses/:id/offline-manifest', { params: { id: saved.courseId } });
        if (manifest.version !== saved.version) await saveCourse(manifest);
      } catch {
        // Offline again, or the course is gone: the saved copy stays as it is, and is tried again next time.
      }
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A saved answer straight from the cache (the page's own look-up, whether or not a service worker runs). */
export async function savedAnswer<T>(url: string): Promise<T | null> {
  if (typeof caches === 'undefined') return null;
  // Saved under the bare address: a header the answer varies on (language, compression) must not hide it.
  const response = await (await caches.open(savedCacheName)).match(url, { ignoreVary: true });
  return response ? ((await response.json()) as T) : null;
}

/** A quiz as a saved course lists it (its kind, known offline), if any. */
export function savedQuiz(quizId: number): Manifest['quizzes'][number] | undefined {
  for (const course of Object.values(readAll())) {
    const quiz = course.quizzes.find((q) => q.id === quizId);
    if (quiz) return quiz;
  }
  return undefined;
}

addEventListener('online', () => void refreshSavedCourses());
// The kill switch: renaming the cache (saved-cache.ts) drops every copy saved in an older format.
if (typeof caches !== 'undefined') {
  void caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith('hoctap-saved-') && name !== savedCacheName).map((name) => caches.delete(name))));
}
