import Type from 'typebox';
import type { MediaKind } from './media.table.js';

export type { MediaKind };

/** What a lesson's Markdown needs of a file to render it. */
export interface MediaReference {
  sha256: string;
  kind: MediaKind;
  extension: string;
  width: number | null;
  height: number | null;
  /** Bytes of an image's w480.webp, when known. */
  phoneBytes?: number | null;
}

/** Finds a course's media by the name lessons use; undefined when the course has no such file. */
export type MediaResolver = (name: string) => MediaReference | undefined;

export const MediaView = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'Write media/<name> in a lesson' }),
  kind: Type.Enum(['image', 'audio', 'video', 'pdf']),
  mime: Type.String(),
  bytes: Type.Integer(),
  alt: Type.String(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.String({ description: 'Files are served at /media/<sha256>/<file>' }),
}, {
  examples: [
    { id: 88, name: 'tim-kiem.webp', kind: 'image', mime: 'image/webp', bytes: 48213, alt: 'Ô tìm kiếm thủ tục trên Cổng dịch vụ công', width: 1080, height: 720, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
  ],
});

export const MediaFileParams = Type.Object({ sha256: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 40 }) });
