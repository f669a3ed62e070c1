/** Media upload: an author adds, describes and removes a course's files; each change moves the draft on. */
import type { Readable } from 'node:stream';
import type { CourseId } from '../../shared/ids.js';
import type { Config } from '../config.js';
import type { Db, DbOrTx } from '../db/database.js';
import { AppError, notFound } from '../errors.js';
import {
  deleteMedia,
  findMediaById,
  hashInUse,
  insertMedia,
  maxAltLength,
  mediaFileName,
  type MediaRow,
  mediaNameTaken,
  type MediaStore,
  presentMedia,
  updateMediaAlt,
} from '../media/media.service.js';
import { findDraftOutline, touchDraft } from './authoring.queries.js';

export interface MediaDeps {
  db: Db;
  store: MediaStore;
  config: Config;
}

async function freeName(db: DbOrTx, courseId: CourseId, name: string): Promise<string> {
  const [, base, extension] = /^(.*)\.([a-z0-9]+)$/.exec(name)!;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${base}-${n}.${extension}`;
    if (!(await mediaNameTaken(db, courseId, candidate))) return candidate;
  }
}

/** Receives a file into a course's media: checked from its bytes, named for lessons, never half-stored. */
export async function uploadMedia(
  deps: MediaDeps,
  courseId: CourseId,
  upload: { fileName: string; alt: string; body: Readable; declaredBytes: number | null },
  actor: { userId: number; now: number },
) {
  const limits = { maxBytes: deps.config.mediaMaxBytes, imageMaxBytes: deps.config.imageMaxBytes };
  // A declared size past the limit is refused before a byte is read.
  if (upload.declaredBytes !== null && upload.declaredBytes > limits.maxBytes) {
    upload.body.resume();
    throw new AppError('media_too_large', 413, { max: Math.round(limits.maxBytes / 1024 / 1024) });
  }
  const alt = upload.alt.normalize('NFC').trim().slice(0, maxAltLength);
  const received = await deps.store.receive(upload.body, limits.maxBytes);
  const stored = await deps.store.keep(received, upload.fileName, limits, (sniffed) => {
    if (sniffed.kind === 'image' && !alt) throw new AppError('media_alt_required', 400, {}, { alt: { key: 'error.media_alt_required' } });
  });
  const id = await deps.db.transaction().execute(async (trx) => {
    const name = await freeName(trx, courseId, mediaFileName(upload.fileName, stored.sniffed.extension));
    const mediaId = await insertMedia(trx, {
      courseId,
      name,
      kind: stored.sniffed.kind,
      mime: stored.sniffed.mime,
      sha256: stored.sha256,
      bytes: stored.bytes,
      alt,
      width: stored.width,
      height: stored.height,
      phoneBytes: stored.phoneBytes,
      createdBy: actor.userId as never,
      now: actor.now,
    });
    await touchDraft(trx, courseId, actor.now);
    return mediaId;
  });
  return presentMedia((await findMediaById(deps.db, id))!);
}

export async function mediaOf(db: Db, id: number): Promise<MediaRow> {
  const media = await findMediaById(db, id);
  if (!media) throw notFound('media_not_found');
  return media;
}

export async function changeAlt(db: Db, id: number, alt: string, now: number) {
  const media = await mediaOf(db, id);
  const text = alt.normalize('NFC').trim().slice(0, maxAltLength);
  if (media.kind === 'image' && !text) throw new AppError('media_alt_required', 400, {}, { alt: { key: 'error.media_alt_required' } });
  await db.transaction().execute(async (trx) => {
    await updateMediaAlt(trx, id, text);
    await touchDraft(trx, media.course_id, now);
  });
  return presentMedia({ ...media, alt: text });
}

/** Refused while a lesson or the cover uses the file; the bytes go once no course refers to them. */
export async function removeMedia(deps: MediaDeps, id: number, now: number): Promise<void> {
  const media = await mediaOf(deps.db, id);
  const { lessons } = await findDraftOutline(deps.db, media.course_id);
  const reference = `media/${media.name}`;
  const users = lessons.filter((l) => l.body.includes(reference)).map((l) => l.title);
  const course = await deps.db.selectFrom('courses').select('cover_image').where('id', '=', media.course_id).executeTakeFirst();
  if (course?.cover_image === media.name) users.push('—');
  if (users.length > 0) throw new AppError('media_in_use', 409, { lessons: users.join(', ') });
  await deps.db.transaction().execute(async (trx) => {
    await deleteMedia(trx, id);
    await touchDraft(trx, media.course_id, now);
  });
  if (!(await hashInUse(deps.db, media.sha256))) await deps.store.forget(media.sha256);
}
