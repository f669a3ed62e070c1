import type { Static } from 'typebox';
import type { Draft, DraftLesson } from '../../server/authoring/authoring.schema.js';

export type CourseDraft = Static<typeof Draft>;
export type DraftLessonView = Static<typeof DraftLesson>;
export type MediaItem = CourseDraft['media'][number];

export const mediaSnippet = (m: MediaItem) => (m.kind === 'image' || m.kind === 'audio' || m.kind === 'video' ? `![${m.alt || m.name}](media/${m.name})` : `![${m.name}](media/${m.name})`);
