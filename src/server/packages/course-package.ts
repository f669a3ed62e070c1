/**
 * Course packages (schema hoctap.course/1): a zip, or an unpacked folder, of
 *
 *   course.json        the course: title, summary, language, audiences, competences,
 *                      requiresOrder, optional coverImage (a media name), modules with
 *                      their lessons (file, title, estimatedMinutes, competences, required)
 *                      and the list of media (name, alt)
 *   NN-….md            one Markdown file per lesson; media are written media/<name>
 *   NN-….km.md         a lesson's Khmer version, named in course.json by the lesson's
 *                      `translations: {"km": {"file", "title"}}`
 *   media/<name>       the files the lessons use, as uploaded
 *   questions.json     the question bank (schema hoctap.questions/1, optional): questions
 *                      with a stable id, a type (single, multiple, true_false, ordering,
 *                      matching, short_text) and its answer key (quiz-documents.ts)
 *
 * course.json may also hold `completion` ("lessons" or "lessonsAndFinalQuiz") and
 * `quizzes`: title, kind (practice/final), module (index, for a practice quiz),
 * questions (fixed ids) or draw {count, competences}, and the quiz settings.
 *
 * Import checks everything before writing anything and reports every problem
 * with its place; a refused package leaves no row and no file behind. Export is
 * deterministic, so export → import → export gives the same bytes (package-export.ts).
 */
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import type { CourseId, UnitId, UserId } from '../../shared/ids.js';
import { type Audience, audiences as knownAudiences } from '../../shared/limits.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  checkQuestion,
  checkQuiz,
  type CourseDocument,
  insertBankAndQuizzes,
  type LessonTranslations,
  insertCourseDraft,
  lessonProblems,
  type QuestionDocument,
  type QuizDocument,
} from '../authoring/authoring.service.js';
import { isCompetenceCode } from '../competences/competences.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { documentProblems, type PlacedProblem } from '../errors.js';
import type { MediaReference } from '../media/media.schema.js';
import { insertMedia, maxAltLength, type MediaStore, nameMatches, sniff, sniffBytes, type StoredMedia } from '../media/media.service.js';
import { openFolder, openZip, type PackageLimits, type PackageSource, readEntry } from './package-source.js';

export const packageSchemaVersion = 'hoctap.course/1';

const CourseJson = Type.Object({
  schema: Type.Literal(packageSchemaVersion),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.String({ maxLength: 1000 }),
  language: Type.Optional(Type.String({ maxLength: 10 })),
  coverImage: Type.Optional(Type.String({ maxLength: 100 })),
  estimatedMinutes: Type.Optional(Type.Integer({ minimum: 0 })),
  audiences: Type.Array(Type.String()),
  competences: Type.Array(Type.String()),
  requiresOrder: Type.Optional(Type.Boolean()),
  modules: Type.Array(
    Type.Object({
      title: Type.String({ minLength: 1, maxLength: 200 }),
      lessons: Type.Array(
        Type.Object({
          file: Type.String({ maxLength: 130 }),
          title: Type.String({ minLength: 1, maxLength: 200 }),
          estimatedMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
          competences: Type.Optional(Type.Array(Type.String())),
          required: Type.Optional(Type.Boolean()),
          translations: Type.Optional(
            Type.Object(
              { km: Type.Optional(Type.Object({ file: Type.String({ maxLength: 130 }), title: Type.String({ minLength: 1, maxLength: 200 }) })) },
              { additionalProperties: false },
            ),
          ),
        }),
        { maxItems: 500 },
      ),
    }),
    { minItems: 1, maxItems: 200 },
  ),
  media: Type.Optional(Type.Array(Type.Object({ name: Type.String({ maxLength: 100 }), alt: Type.String({ maxLength: maxAltLength }) }), { maxItems: 1000 })),
  completion: Type.Optional(Type.Union([Type.Literal('lessons'), Type.Literal('lessonsAndFinalQuiz')])),
  // Checked in depth by checkQuiz, which places its problems itself.
  quizzes: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 100 })),
});
type CourseJson = Static<typeof CourseJson>;

const courseJsonMaxBytes = 1024 * 1024;
const lessonMaxBytes = 200_000;
const mediaName = /^[a-z0-9][a-z0-9-]{0,80}\.[a-z0-9]{2,5}$/;

export const packageLimits = (config: Config): PackageLimits => ({ maxEntries: 2000, maxTotalBytes: config.packageMaxBytes, maxEntryBytes: config.mediaMaxBytes });

const at = (entry: string, field?: string): PlacedProblem['place'] =>
  field === undefined ? { key: 'place.package_entry', params: { entry } } : { key: 'place.package_field', params: { entry, field } };

/** /modules/0/lessons/2/file → modules[0].lessons[2].file */
const fieldPath = (pointer: string) => pointer.split('/').filter(Boolean).reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');

interface CheckedPackage {
  document: CourseDocument;
  media: { name: string; alt: string }[];
  questions: QuestionDocument[];
  quizzes: { document: QuizDocument; moduleIndex: number | null }[];
}

export const questionsSchemaVersion = 'hoctap.questions/1';
const questionsMaxBytes = 2 * 1024 * 1024;

/** questions.json: every question checked, each problem placed at its field. */
async function checkQuestions(source: PackageSource, sizeOf: (name: string) => number, hasMedia: (name: string) => boolean, problems: PlacedProblem[]): Promise<QuestionDocument[]> {
  if (sizeOf('questions.json') > questionsMaxBytes) {
    problems.push({ place: at('questions.json'), problem: { key: 'error.package_entry_too_large', params: { max: 2 } } });
    return [];
  }
  let json: { schema?: unknown; questions?: unknown };
  try {
    json = JSON.parse((await readEntry(source, 'questions.json')).toString('utf8'));
  } catch (error) {
    problems.push({ place: at('questions.json'), problem: { key: 'error.package_bad_json', params: { detail: String((error as Error).message).slice(0, 200) } } });
    return [];
  }
  if (json?.schema !== questionsSchemaVersion) problems.push({ place: at('questions.json', 'schema'), problem: { key: 'error.package_schema', params: { schema: questionsSchemaVersion } } });
  if (!Array.isArray(json?.questions)) {
    problems.push({ place: at('questions.json', 'questions'), problem: { key: 'error.package_field_required', params: { fields: 'questions' } } });
    return [];
  }
  const questions: QuestionDocument[] = [];
  const keys = new Set<string>();
  for (const [i, raw] of json.questions.slice(0, 5000).entries()) {
    const { question, problems: found } = checkQuestion(raw, hasMedia);
    for (const p of found) problems.push({ place: at('questions.json', `questions[${i}].${p.field}`), problem: { key: p.key, params: p.params } });
    const key = (raw as { id?: unknown })?.id;
    if (typeof key === 'string' && keys.has(key)) problems.push({ place: at('questions.json', `questions[${i}].id`), problem: { key: 'error.question_key_taken', params: { key } } });
    if (typeof key === 'string') keys.add(key);
    if (question) questions.push(question);
  }
  return questions;
}

/** Reads and checks a whole package; every problem found is returned, not just the first. */
async function checkPackage(source: PackageSource, config: Config): Promise<{ checked?: CheckedPackage; problems: PlacedProblem[] }> {
  const problems: PlacedProblem[] = [...source.problems];
  if (problems.length > 0) return { problems };
  const names = new Set(source.entries.map((e) => e.name));
  const sizeOf = (name: string) => source.entries.find((e) => e.name === name)!.bytes;

  if (!names.has('course.json')) return { problems: [{ place: at('course.json'), problem: { key: 'error.package_missing_entry' } }] };
  if (sizeOf('course.json') > courseJsonMaxBytes) return { problems: [{ place: at('course.json'), problem: { key: 'error.package_entry_too_large', params: { max: 1 } } }] };
  let json: CourseJson;
  try {
    json = JSON.parse((await readEntry(source, 'course.json')).toString('utf8'));
  } catch (error) {
    return { problems: [{ place: at('course.json'), problem: { key: 'error.package_bad_json', params: { detail: String((error as Error).message).slice(0, 200) } } }] };
  }
  const schemaErrors = [...Value.Errors(CourseJson, json)];
  if (schemaErrors.length > 0) {
    return {
      problems: schemaErrors.slice(0, 50).map(
        (e): PlacedProblem => ({
          place: at('course.json', fieldPath(e.instancePath) || '/'),
          problem:
            e.keyword === 'required'
              ? { key: 'error.package_field_required', params: { fields: (e.params as { requiredProperties: string[] }).requiredProperties.join(', ') } }
              : { key: 'field.invalid', params: { field: fieldPath(e.instancePath) || 'course.json' } },
        }),
      ),
    };
  }

  const used = new Set(['course.json', 'questions.json']);
  json.competences.forEach((code, i) => isCompetenceCode(code) || problems.push({ place: at('course.json', `competences[${i}]`), problem: { key: 'error.invalid_competence', params: { code } } }));
  json.audiences.forEach((a, i) => (knownAudiences as readonly string[]).includes(a) || problems.push({ place: at('course.json', `audiences[${i}]`), problem: { key: 'field.invalid', params: { field: a } } }));

  // Media: named safely, present, really what their names say, pictures described.
  const media = new Map<string, MediaReference>();
  for (const [i, item] of (json.media ?? []).entries()) {
    const entry = `media/${item.name}`;
    const place = at('course.json', `media[${i}]`);
    if (!mediaName.test(item.name)) problems.push({ place, problem: { key: 'error.media_name_invalid' } });
    else if (!names.has(entry)) problems.push({ place, problem: { key: 'error.package_missing_entry_named', params: { entry } } });
    else {
      used.add(entry);
      const head = (await readEntry(source, entry)).subarray(0, sniffBytes);
      const sniffed = sniff(head);
      if (!sniffed) problems.push({ place: at(entry), problem: { key: 'error.media_type_refused', params: { name: item.name } } });
      else if (!nameMatches(item.name, sniffed)) problems.push({ place: at(entry), problem: { key: 'error.media_name_mismatch', params: { name: item.name, kind: sniffed.extension.toUpperCase() } } });
      else if (sniffed.kind === 'image' && sizeOf(entry) > config.imageMaxBytes) problems.push({ place: at(entry), problem: { key: 'error.media_too_large', params: { max: Math.round(config.imageMaxBytes / 1024 / 1024) } } });
      else {
        if (sniffed.kind === 'image' && !item.alt.trim()) problems.push({ place, problem: { key: 'error.media_alt_required' } });
        media.set(item.name, { sha256: '', kind: sniffed.kind, extension: sniffed.extension, width: null, height: null, phoneBytes: null });
      }
    }
  }
  if (json.coverImage && media.get(json.coverImage)?.kind !== 'image') problems.push({ place: at('course.json', 'coverImage'), problem: { key: 'error.media_missing', params: { name: json.coverImage } } });

  // Lessons: present, text, and publishable as written.
  const modules: CourseDocument['modules'] = [];
  for (const [m, module] of json.modules.entries()) {
    const lessons: CourseDocument['modules'][number]['lessons'] = [];
    for (const [l, lesson] of module.lessons.entries()) {
      (lesson.competences ?? []).forEach((code) => isCompetenceCode(code) || problems.push({ place: at('course.json', `modules[${m}].lessons[${l}].competences`), problem: { key: 'error.invalid_competence', params: { code } } }));
      /** A lesson file (or its translation's), read and checked; undefined after a problem. */
      const readLessonFile = async (file: string, field: string): Promise<string | undefined> => {
        const place = at('course.json', `modules[${m}].lessons[${l}].${field}`);
        if (!/\.md$/.test(file) || file.includes('/')) problems.push({ place, problem: { key: 'error.package_lesson_file' } });
        else if (!names.has(file)) problems.push({ place, problem: { key: 'error.package_missing_entry_named', params: { entry: file } } });
        else if (sizeOf(file) > lessonMaxBytes) problems.push({ place: at(file), problem: { key: 'error.package_entry_too_large', params: { max: 0.2 } } });
        else {
          used.add(file);
          const body = (await readEntry(source, file)).toString('utf8').normalize('NFC');
          for (const p of lessonProblems(body, (name) => media.get(name))) problems.push({ place: { key: 'place.package_line', params: { entry: file, line: p.line } }, problem: { key: p.key, params: p.params } });
          return body;
        }
        return undefined;
      };
      const body = await readLessonFile(lesson.file, 'file');
      const translations: LessonTranslations = {};
      for (const [language, version] of Object.entries(lesson.translations ?? {}) as [keyof LessonTranslations, { file: string; title: string }][]) {
        const translated = await readLessonFile(version.file, `translations.${language}.file`);
        if (translated !== undefined) translations[language] = { title: version.title.normalize('NFC'), body: translated };
      }
      if (body !== undefined) {
        lessons.push({ title: lesson.title.normalize('NFC'), body, estimatedMinutes: lesson.estimatedMinutes, competences: lesson.competences ?? [], required: lesson.required ?? true, translations });
      }
    }
    modules.push({ title: module.title.normalize('NFC'), lessons });
  }
  const questions = names.has('questions.json') ? await checkQuestions(source, sizeOf, (name) => media.has(name), problems) : [];
  const bank = new Map(questions.map((q) => [q.id, q]));
  const quizzes: CheckedPackage['quizzes'] = [];
  for (const [i, raw] of (json.quizzes ?? []).entries()) {
    const { quiz, problems: found } = checkQuiz(raw, bank);
    for (const p of found) problems.push({ place: at('course.json', `quizzes[${i}].${p.field}`), problem: { key: p.key, params: p.params } });
    const moduleIndex = raw.module === undefined || quiz?.kind === 'final' ? null : raw.module;
    if (moduleIndex !== null && !(Number.isInteger(moduleIndex) && (moduleIndex as number) >= 0 && (moduleIndex as number) < json.modules.length)) {
      problems.push({ place: at('course.json', `quizzes[${i}].module`), problem: { key: 'error.module_not_found' } });
    } else if (quiz) quizzes.push({ document: quiz, moduleIndex: moduleIndex as number | null });
  }
  if (quizzes.filter((q) => q.document.kind === 'final').length > 1) problems.push({ place: at('course.json', 'quizzes'), problem: { key: 'error.quiz_final_exists' } });
  const completionRule = json.completion === 'lessonsAndFinalQuiz' ? 'lessons_and_final' : 'lessons';
  if (completionRule === 'lessons_and_final' && !quizzes.some((q) => q.document.kind === 'final')) {
    problems.push({ place: at('course.json', 'completion'), problem: { key: 'error.course_needs_final_quiz' } });
  }
  for (const name of names) if (!used.has(name)) problems.push({ place: at(name), problem: { key: 'error.package_unexpected_entry' } });
  if (problems.length > 0) return { problems };

  return {
    problems,
    checked: {
      document: {
        title: json.title.normalize('NFC'),
        summary: json.summary.normalize('NFC'),
        language: json.language ?? 'vi',
        coverImage: json.coverImage ?? null,
        estimatedMinutes: modules.flatMap((m) => m.lessons).reduce((sum, l) => sum + l.estimatedMinutes, 0),
        audiences: json.audiences as Audience[],
        competences: json.competences,
        requiresOrder: json.requiresOrder ?? false,
        completionRule,
        modules,
      },
      media: (json.media ?? []).map((m) => ({ name: m.name, alt: m.alt.normalize('NFC').trim() })),
      questions,
      quizzes,
    },
  };
}

export interface ImportDeps {
  db: Db;
  store: MediaStore;
  config: Config;
}

/**
 * Imports a checked package as a new draft course of a unit. Media are stored
 * first (content-addressed, so a file already there is shared); if the database
 * then refuses, files this import added are removed again.
 */
export async function importPackage(
  deps: ImportDeps,
  source: PackageSource,
  owner: { unitId: UnitId; slug: string; by: UserId | null; ip: string | null; now: number },
): Promise<{ id: CourseId; title: string }> {
  const { checked, problems } = await checkPackage(source, deps.config);
  if (!checked) throw documentProblems('invalid_package', problems);

  const added: string[] = [];
  const stored: (StoredMedia & { name: string; alt: string })[] = [];
  try {
    for (const item of checked.media) {
      const received = await deps.store.receive(await source.open(`media/${item.name}`), deps.config.mediaMaxBytes);
      const alreadyThere = await deps.store.has(received.sha256);
      const kept = await deps.store.keep(received, item.name, { maxBytes: deps.config.mediaMaxBytes, imageMaxBytes: deps.config.imageMaxBytes });
      if (!alreadyThere) added.push(kept.sha256);
      stored.push({ ...kept, name: item.name, alt: item.alt });
    }
    return await deps.db.transaction().execute(async (trx) => {
      const id = await insertCourseDraft(trx, checked.document, { slug: owner.slug, ownerUnitId: owner.unitId, createdBy: owner.by, now: owner.now });
      for (const m of stored) {
        await insertMedia(trx, { courseId: id, name: m.name, kind: m.sniffed.kind, mime: m.sniffed.mime, sha256: m.sha256, bytes: m.bytes, alt: m.alt, width: m.width, height: m.height, phoneBytes: m.phoneBytes, createdBy: owner.by, now: owner.now });
      }
      await insertBankAndQuizzes(trx, id, checked.questions, checked.quizzes, owner.now);
      await recordAudit(trx, { at: owner.now, actorUserId: owner.by, action: 'course.import', unitId: owner.unitId, details: { course: id }, ip: owner.ip });
      return { id, title: checked.document.title };
    });
  } catch (error) {
    for (const sha256 of added) await deps.store.forget(sha256);
    throw error;
  }
}

export async function importZipFile(deps: ImportDeps, file: string, owner: Parameters<typeof importPackage>[2]) {
  const source = await openZip(file, packageLimits(deps.config));
  try {
    return await importPackage(deps, source, owner);
  } finally {
    source.close();
  }
}

export function importFolder(deps: ImportDeps, dir: string, owner: Parameters<typeof importPackage>[2]) {
  return importPackage(deps, openFolder(dir, packageLimits(deps.config)), owner);
}

/** Receives an uploaded zip to a temporary file, imports it, and removes the file. */
export async function importUploadedPackage(deps: ImportDeps, body: Readable, owner: Parameters<typeof importPackage>[2]) {
  const received = await deps.store.receive(body, deps.config.packageMaxBytes);
  try {
    return await importZipFile(deps, received.file, owner);
  } finally {
    await rm(received.file, { force: true });
  }
}
