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
});

export const MediaFileParams = Type.Object({ sha256: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 40 }) });
