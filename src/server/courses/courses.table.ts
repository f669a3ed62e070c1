import type { Generated } from 'kysely';
import type { CourseId, CourseVersionId, LessonId, ModuleId, QuizId } from '../../shared/ids.js';

/** What completes a course: its required lessons, or those and its final quiz. */
export type CompletionRule = 'lessons' | 'lessons_and_final';

/** The current published version of each course, ready to list and search. */
export interface PublishedCoursesTable {
  course_id: CourseId;
  version_id: CourseVersionId;
  title: string;
  summary: string;
  cover_image: string | null;
  language: string;
  estimated_minutes: number;
  audiences: string;
  competences: string;
  requires_order: number;
  module_count: number;
  lesson_count: number;
  required_lesson_count: number;
  title_search: string;
  /** Folded title, summary and the text of every lesson. */
  search_text: string;
  published_at: number;
  completion_rule: Generated<CompletionRule>;
  final_quiz_id: QuizId | null;
}

export interface PublishedLessonsTable {
  lesson_id: LessonId;
  course_id: CourseId;
  version_id: CourseVersionId;
  module_id: ModuleId;
  module_title: string;
  module_position: number;
  /** 1…n through the whole course. */
  sequence: number;
  title: string;
  /** Sanitized HTML rendered at publication. */
  html: string;
  estimated_minutes: number;
  required: number;
  previous_lesson_id: LessonId | null;
  next_lesson_id: LessonId | null;
  /** JSON `{"km": {"title", "html"}}`: the lesson's other language versions, rendered at publication. */
  translations: Generated<string>;
}

export interface CourseTagsTable {
  course_id: CourseId;
  tag: string;
}
