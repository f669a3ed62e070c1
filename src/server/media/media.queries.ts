import type { CourseId, UserId } from '../../shared/ids.js';
import type { MediaReference, MediaResolver } from './media.schema.js';
import type { DbOrTx } from '../db/database.js';
import type { MediaKind } from './media.table.js';

const mediaColumns = ['id', 'course_id', 'name', 'kind', 'mime', 'sha256', 'bytes', 'alt', 'width', 'height', 'phone_bytes', 'created_at'] as const;

export async function findCourseMedia(db: DbOrTx, courseId: CourseId) {
  return db.selectFrom('media').select(mediaColumns).where('course_id', '=', courseId).orderBy('name').execute();
}

export type MediaRow = Awaited<ReturnType<typeof findCourseMedia>>[number];

export async function findMediaById(db: DbOrTx, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media').select(mediaColumns).where('id', '=', id).executeTakeFirst();
}

export async function mediaNameTaken(db: DbOrTx, courseId: CourseId, name: string): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('course_id', '=', courseId).where('name', '=', name).executeTakeFirst()) !== undefined;
}

export async function insertMedia(
  db: DbOrTx,
  media: { courseId: CourseId; name: string; kind: MediaKind; mime: string; sha256: string; bytes: number; alt: string; width: number | null; height: number | null; phoneBytes?: number | null; createdBy: UserId | null; now: number },
): Promise<number> {
  const { id } = await db
    .insertInto('media')
    .values({
      course_id: media.courseId,
      name: media.name,
      kind: media.kind,
      mime: media.mime,
      sha256: media.sha256,
      bytes: media.bytes,
      alt: media.alt,
      width: media.width,
      height: media.height,
      phone_bytes: media.phoneBytes ?? null,
      created_by: media.createdBy,
      created_at: media.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateMediaAlt(db: DbOrTx, id: number, alt: string): Promise<void> {
  await db.updateTable('media').set({ alt }).where('id', '=', id).execute();
}

export async function deleteMedia(db: DbOrTx, id: number): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute();
}

/** Is this stored file (by hash) still used by any course? Files nobody uses can be removed from disk. */
export async function hashInUse(db: DbOrTx, sha256: string): Promise<boolean> {
  return (await db.selectFrom('media').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst()) !== undefined;
}

const extensionOf: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'application/pdf': 'pdf',
};

export function toReference(row: Pick<MediaRow, 'sha256' | 'kind' | 'mime' | 'width' | 'height'> & Partial<Pick<MediaRow, 'phone_bytes'>>): MediaReference {
  return { sha256: row.sha256, kind: row.kind, extension: extensionOf[row.mime] ?? 'bin', width: row.width, height: row.height, phoneBytes: row.phone_bytes ?? null };
}

/** Resolves media/<name> in a course's lessons. */
export async function courseMediaResolver(db: DbOrTx, courseId: CourseId): Promise<MediaResolver> {
  const byName = new Map((await findCourseMedia(db, courseId)).map((m) => [m.name, toReference(m)]));
  return (name) => byName.get(name);
}
