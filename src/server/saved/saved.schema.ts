import Type from 'typebox';
import type { CourseId } from '../../shared/ids.js';
import { Id, IsoTime, Nullable } from '../http/schemas.js';

export const ManifestParams = Type.Object({ id: Id<CourseId>() });

export const OfflineManifest = Type.Object(
  {
    courseId: Type.Integer(),
    title: Type.String(),
    version: Type.String({ description: 'The published version: a saved copy of another version is brought up to date' }),
    publishedAt: IsoTime,
    totalBytes: Type.Integer({ description: 'The sum of the entries (before compression)' }),
    lessons: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), bytes: Type.Integer({ description: 'The lesson and its pictures and audio' }) })),
    quizzes: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), kind: Type.String({ description: 'practice (saved, with its keys) or final (needs the network)' }) })),
    entries: Type.Array(
      Type.Object({
        url: Type.String(),
        bytes: Type.Integer(),
        rev: Type.String({ description: 'Changes when the content does: an update fetches only the entries whose rev changed' }),
        lessonId: Nullable(Type.Integer({ description: 'The lesson the entry belongs to (its answer or its media)' })),
      }),
    ),
  },
  {
    examples: [
      {
        courseId: 12,
        title: 'Dịch vụ công trực tuyến cho người dân',
        version: '3',
        publishedAt: '2026-12-01T02:00:00.000Z',
        totalBytes: 61_240,
        lessons: [{ id: 43, title: 'Tìm thủ tục cần làm', bytes: 48_950 }],
        quizzes: [
          { id: 6, title: 'Ôn tập: Làm quen với Cổng dịch vụ công', kind: 'practice' },
          { id: 7, title: 'Kiểm tra cuối khóa', kind: 'final' },
        ],
        entries: [
          { url: '/api/courses/12', bytes: 2_410, rev: '3', lessonId: null },
          { url: '/api/lessons/43', bytes: 6_830, rev: '9f2c41aa07d3', lessonId: 43 },
          { url: '/media/5d41402abc4b2a76b9719d911017c592a1b2c3d4e5f60718293a4b5c6d7e8f90/w480.webp', bytes: 42_120, rev: 'w480.webp', lessonId: 43 },
          { url: '/api/quizzes/6/practice-paper', bytes: 9_880, rev: '1b7e03c95a21', lessonId: null },
        ],
      },
    ],
  },
);
