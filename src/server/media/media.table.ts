import type { Generated } from 'kysely';
import type { CourseId, UserId } from '../../shared/ids.js';

export const mediaKinds = ['image', 'audio', 'video', 'pdf'] as const;
export type MediaKind = (typeof mediaKinds)[number];

export interface MediaTable {
  id: Generated<number>;
  course_id: CourseId;
  /** The file name lessons refer to, as media/<name>; unique in its course. */
  name: string;
  kind: MediaKind;
  mime: string;
  /** Content hash; the stored file lives under media/<first two hex>/<hash>/. */
  sha256: string;
  bytes: number;
  alt: string;
  width: number | null;
  height: number | null;
  /** Bytes of the w480.webp variant of an image (what a phone saving data loads); null otherwise. */
  phone_bytes: number | null;
  created_by: UserId | null;
  created_at: number;
}
