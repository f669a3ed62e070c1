/**
 * Media: a course's files, kept by content (MediaStore), checked from their
 * bytes (sniff) and served at /media/<sha256>/<file>. Authoring uploads and
 * removes them; publication and packages read them through this module.
 */
import { foldForSearch } from '../../shared/text.js';
import type { MediaReference } from './media.schema.js';
import type { MediaRow } from './media.queries.js';

export { MediaStore, type StoredMedia } from './media-store.js';
export { nameMatches, sniff, sniffBytes } from './sniff.js';
export {
  courseMediaResolver,
  deleteMedia,
  findCourseMedia,
  findMediaById,
  hashInUse,
  insertMedia,
  type MediaRow,
  mediaNameTaken,
  toReference,
  updateMediaAlt,
} from './media.queries.js';

export const maxAltLength = 300;

export const mediaUrl = (media: MediaReference, file: string) => `/media/${media.sha256}/${file}`;
export const originalFile = (media: MediaReference) => `original.${media.extension}`;

/** A file name lessons can write as media/<name>: lower-case ASCII words joined by hyphens, and the real extension. */
export function mediaFileName(requested: string, extension: string): string {
  const base = foldForSearch(requested.replace(/\.[a-z0-9]+$/i, '')).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${base || 'tep'}.${extension}`;
}

export function presentMedia(m: MediaRow) {
  return { id: m.id, name: m.name, kind: m.kind, mime: m.mime, bytes: Number(m.bytes), alt: m.alt, width: m.width, height: m.height, sha256: m.sha256 };
}
