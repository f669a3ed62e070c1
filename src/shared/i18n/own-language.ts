import type { Language } from '../limits.js';

/*
 * Words shown in their own language whatever the interface's, so that a person who reads only that language finds
 * them: the language switch, and a lesson's offer of its other version. Kept out of the dictionaries, which the PWA
 * loads one language at a time (a Vietnamese page must not fetch the Khmer dictionary for three words); the dictionary
 * test checks that the lesson offers say what vi.ts and km.ts say.
 */

/** Each language named in itself. */
export const languageNames: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English', km: 'ខ្មែរ' };

/** "Read this lesson in …", in the languages lessons are written in. */
export const readLessonIn = { vi: 'Đọc bằng tiếng Việt', km: 'អានជាភាសាខ្មែរ' } as const;
