/**
 * A course as a document: the form it takes in content/ folders, in course
 * packages and in published snapshots. Lessons carry their Markdown inline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Audience, type LessonTranslationLanguage, lessonTranslationLanguages } from '../../shared/limits.js';
import type { CompletionRule } from '../courses/courses.schema.js';

export interface LessonDocument {
  /** Stable lesson id once the course exists in a database; absent in a new document. */
  id?: number;
  title: string;
  body: string;
  estimatedMinutes: number;
  competences: string[];
  required: boolean;
  /** The lesson in other languages; absent when it has none. */
  translations?: LessonTranslations;
}

export type LessonTranslations = Partial<Record<LessonTranslationLanguage, { title: string; body: string }>>;

/** A lessons.translations column as a document; languages no longer offered are dropped. */
export function parseLessonTranslations(json: string): LessonTranslations {
  const raw = JSON.parse(json) as Record<string, { title: string; body: string }>;
  return Object.fromEntries(lessonTranslationLanguages.filter((language) => raw[language]).map((language) => [language, raw[language]!]));
}

export interface ModuleDocument {
  id?: number;
  title: string;
  lessons: LessonDocument[];
}

export interface CourseDocument {
  title: string;
  summary: string;
  language: string;
  coverImage: string | null;
  estimatedMinutes: number;
  audiences: Audience[];
  competences: string[];
  requiresOrder: boolean;
  /** Absent means lessons only. */
  completionRule?: CompletionRule;
  modules: ModuleDocument[];
}

interface CourseFolderJson {
  schema: 'hoctap.course/1';
  title: string;
  summary: string;
  language?: string;
  coverImage?: string;
  estimatedMinutes: number;
  audiences: Audience[];
  competences: string[];
  requiresOrder?: boolean;
  modules: {
    title: string;
    lessons: { file: string; title: string; estimatedMinutes: number; competences?: string[]; required?: boolean; translations?: Record<string, { file: string; title: string }> }[];
  }[];
}

/** Reads content/<slug>/course.json and the Markdown files it names. */
export function readCourseFolder(dir: string): CourseDocument {
  const json = JSON.parse(readFileSync(path.join(dir, 'course.json'), 'utf8')) as CourseFolderJson;
  if (json.schema !== 'hoctap.course/1') throw new Error(`${dir}: unknown course schema ${String(json.schema)}`);
  return {
    title: json.title.normalize('NFC'),
    summary: json.summary.normalize('NFC'),
    language: json.language ?? 'vi',
    coverImage: json.coverImage ?? null,
    estimatedMinutes: json.estimatedMinutes,
    audiences: json.audiences,
    competences: json.competences,
    requiresOrder: json.requiresOrder ?? false,
    modules: json.modules.map((m) => ({
      title: m.title.normalize('NFC'),
      lessons: m.lessons.map((l) => ({
        title: l.title.normalize('NFC'),
        body: readFileSync(path.join(dir, l.file), 'utf8').normalize('NFC'),
        estimatedMinutes: l.estimatedMinutes,
        competences: l.competences ?? [],
        required: l.required ?? true,
        translations: Object.fromEntries(
          Object.entries(l.translations ?? {}).map(([language, t]) => [language, { title: t.title.normalize('NFC'), body: readFileSync(path.join(dir, t.file), 'utf8').normalize('NFC') }]),
        ),
      })),
    })),
  };
}
