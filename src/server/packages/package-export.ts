/** Export: a course's draft as a package (see course-package.ts for the format), byte for byte the same each time. */
import path from 'node:path';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { CourseId } from '../../shared/ids.js';
import { findDraftOutline, loadCourse, parseLessonTranslations, snapshotQuizzes } from '../authoring/authoring.service.js';
import { findCourseMedia, toReference } from '../media/media.service.js';
import { type ImportDeps, packageSchemaVersion, questionsSchemaVersion } from './course-package.js';

// Fixed, so that exporting the same course twice gives the same bytes.
const exportedAt = new Date(Date.UTC(2025, 0, 1));
const storedCompressed = /\.(jpe?g|png|webp|mp3|m4a|ogg|mp4|webm)$/;

function lessonFileName(index: number, title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${String(index + 1).padStart(2, '0')}-${slug || 'bai'}.md`;
}

/** The course's draft as a package, streamed as a zip. */
export async function exportPackage(deps: ImportDeps, courseId: CourseId): Promise<{ slug: string; zip: Readable }> {
  const course = await loadCourse(deps.db, courseId);
  const [{ modules, lessons }, media, { questions, quizzes }] = await Promise.all([findDraftOutline(deps.db, courseId), findCourseMedia(deps.db, courseId), snapshotQuizzes(deps.db, courseId)]);
  const zip = new yazl.ZipFile();
  const files: { name: string; body: string }[] = [];
  let index = 0;
  const courseJson = {
    schema: packageSchemaVersion,
    title: course.title,
    summary: course.summary,
    language: course.language,
    ...(course.cover_image ? { coverImage: course.cover_image } : {}),
    estimatedMinutes: lessons.reduce((sum, l) => sum + l.estimated_minutes, 0),
    audiences: JSON.parse(course.audiences),
    competences: JSON.parse(course.competences),
    requiresOrder: course.requires_order === 1,
    modules: modules.map((m) => ({
      title: m.title,
      lessons: lessons
        .filter((l) => l.module_id === m.id)
        .map((l) => {
          const file = lessonFileName(index++, l.title);
          files.push({ name: file, body: l.body });
          // 01-slug.md → 01-slug.km.md: a translation sits next to its lesson.
          const translations = Object.entries(parseLessonTranslations(l.translations)).map(([language, t]) => {
            files.push({ name: file.replace(/\.md$/, `.${language}.md`), body: t.body });
            return [language, { file: file.replace(/\.md$/, `.${language}.md`), title: t.title }] as const;
          });
          return {
            file,
            title: l.title,
            estimatedMinutes: l.estimated_minutes,
            competences: JSON.parse(l.competences),
            required: l.required === 1,
            ...(translations.length > 0 ? { translations: Object.fromEntries(translations) } : {}),
          };
        }),
    })),
    media: media.map((m) => ({ name: m.name, alt: m.alt })),
    completion: course.completion_rule === 'lessons_and_final' ? 'lessonsAndFinalQuiz' : 'lessons',
    ...(quizzes.length > 0
      ? {
          quizzes: quizzes.map(({ moduleId, document }) => {
            const moduleIndex = modules.findIndex((m) => m.id === moduleId);
            return moduleIndex >= 0 ? { ...document, module: moduleIndex } : document;
          }),
        }
      : {}),
  };
  const options = { mtime: exportedAt, mode: 0o100644 };
  zip.addBuffer(Buffer.from(`${JSON.stringify(courseJson, null, 2)}\n`), 'course.json', options);
  for (const file of files) zip.addBuffer(Buffer.from(file.body), file.name, options);
  if (questions.length > 0) zip.addBuffer(Buffer.from(`${JSON.stringify({ schema: questionsSchemaVersion, questions }, null, 2)}\n`), 'questions.json', options);
  for (const m of media) {
    const original = path.join(deps.store.directoryOf(m.sha256), `original.${toReference(m).extension}`);
    zip.addFile(original, `media/${m.name}`, { ...options, compress: !storedCompressed.test(m.name) });
  }
  zip.end();
  return { slug: (await deps.db.selectFrom('courses').select('slug').where('id', '=', courseId).executeTakeFirstOrThrow()).slug, zip: zip.outputStream as Readable };
}
