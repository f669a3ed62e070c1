/**
 * What a phone downloads to learn a course without the network (issue 15): the course page, every lesson's answer,
 * the lessons' pictures (in the phone size) and audio, and the practice quizzes with their keys, with the bytes of each.
 * Only the published version, so the same rule as the course page: a draft or unpublished course is not found.
 * Videos and PDFs are left out: too large for a cheap phone's storage, and not needed to read a lesson.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CourseId, QuizId } from '../../shared/ids.js';
import { describeCourse } from '../courses/courses.service.js';
import type { DbOrTx } from '../db/database.js';
import { notFound } from '../errors.js';
import type { PublishedLessonCache } from '../lessons/lessons.service.js';
import type { MediaStore } from '../media/media.service.js';
import { courseQuizzes, practicePaper } from '../quizzes/quizzes.service.js';

export interface SavedDeps {
  lessons: PublishedLessonCache;
  store: MediaStore;
}

interface Entry {
  url: string;
  bytes: number;
  rev: string;
  lessonId: number | null;
}

const revOf = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 12);
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');
/** What a learner's own state adds to an answer (lesson marks, course progress), about. */
const stateBytes = 200;

const mediaAddress = /\/media\/([0-9a-f]{64})\/([a-z0-9]+\.[a-z0-9]+)/g;
/** Pictures in the phone size (the service worker answers any width of a saved picture with it); audio as is. */
function savedMediaFile(file: string): string | null {
  if (/^w\d+\.webp$/.test(file)) return 'w480.webp';
  return /^original\.(mp3|m4a|ogg)$/.test(file) ? file : null;
}

async function mediaEntries(store: MediaStore, text: string, lessonId: number | null, seen: Set<string>): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const [, sha256, found] of text.matchAll(mediaAddress)) {
    const file = savedMediaFile(found!);
    const relative = file && store.servable(sha256!, file);
    const url = `/media/${sha256}/${file}`;
    if (!relative || seen.has(url)) continue;
    seen.add(url);
    const size = await stat(path.join(store.root, relative)).then((s) => s.size, () => null);
    if (size !== null) entries.push({ url, bytes: size, rev: file!, lessonId });
  }
  return entries;
}

export async function offlineManifest(db: DbOrTx, deps: SavedDeps, courseId: CourseId) {
  const published = await db.selectFrom('published_courses').select(['version_id', 'published_at']).where('course_id', '=', courseId).executeTakeFirst();
  if (!published) throw notFound('course_not_found');
  const version = String(published.version_id);
  const [course, { quizzes }, outline] = await Promise.all([describeCourse(db, courseId), courseQuizzes(db, courseId, null), deps.lessons.outline(db, courseId)]);
  const entries: Entry[] = [
    { url: `/api/courses/${courseId}`, bytes: byteLength(JSON.stringify(course)) + stateBytes, rev: version, lessonId: null },
    { url: `/api/courses/${courseId}/quizzes`, bytes: byteLength(JSON.stringify(quizzes)) + stateBytes, rev: version, lessonId: null },
  ];
  const seen = new Set<string>();
  const lessons = [];
  for (const { lesson_id: lessonId, title } of outline) {
    const lesson = await deps.lessons.lesson(db, lessonId);
    if (!lesson) continue;
    const shared = lesson.sharedJsonPrefix;
    const own = [{ url: `/api/lessons/${lessonId}`, bytes: shared.length + stateBytes, rev: revOf(shared), lessonId }, ...(await mediaEntries(deps.store, shared.toString(), lessonId, seen))];
    entries.push(...own);
    lessons.push({ id: lessonId, title, bytes: own.reduce((sum, e) => sum + e.bytes, 0) });
  }
  for (const quiz of quizzes.filter((q) => q.kind === 'practice')) {
    const paper = JSON.stringify(await practicePaper(db, quiz.id as QuizId));
    entries.push({ url: `/api/quizzes/${quiz.id}/practice-paper`, bytes: byteLength(paper), rev: revOf(paper), lessonId: null }, ...(await mediaEntries(deps.store, paper, null, seen)));
  }
  return {
    courseId,
    title: course.title,
    version,
    publishedAt: new Date(published.published_at).toISOString(),
    totalBytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    lessons,
    quizzes: quizzes.map((q) => ({ id: q.id, title: q.title, kind: q.kind })),
    entries,
  };
}
