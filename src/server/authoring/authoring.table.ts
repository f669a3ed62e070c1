import type { Generated } from 'kysely';
import type { CourseId, CourseVersionId, LessonId, ModuleId, QuestionId, QuizId, UnitId, UserId } from '../../shared/ids.js';
import type { CompletionRule } from '../courses/courses.schema.js';

/** The draft an author edits. Learners never read these tables. */
export interface CoursesTable {
  id: Generated<CourseId>;
  slug: string;
  owner_unit_id: UnitId;
  title: string;
  summary: string;
  cover_image: string | null;
  language: string;
  estimated_minutes: number;
  /** JSON array of Audience. */
  audiences: string;
  /** JSON array of competence codes ("1.1"). */
  competences: string;
  requires_order: number;
  created_by: UserId | null;
  created_at: number;
  updated_at: number;
  /** Goes up with every change to the draft: approvals and publications name the revision they saw. */
  draft_revision: Generated<number>;
  published_revision: number | null;
  requires_review: Generated<number>;
  review_status: Generated<ReviewStatus>;
  review_requested_by: UserId | null;
  approved_revision: number | null;
  /** Deleted courses are kept (learners' history points at them) but hidden and unpublished. */
  deleted_at: number | null;
  completion_rule: Generated<CompletionRule>;
}

export type ReviewStatus = 'none' | 'in_review' | 'changes_requested' | 'approved';

export interface ReviewCommentsTable {
  id: Generated<number>;
  course_id: CourseId;
  author_user_id: UserId | null;
  /** comment, request, approval, changes_requested */
  kind: string;
  body: string;
  draft_revision: number;
  created_at: number;
}

export interface CourseModulesTable {
  id: Generated<ModuleId>;
  course_id: CourseId;
  position: number;
  title: string;
}

export interface LessonsTable {
  /** Stable across versions: progress follows a lesson from one publication to the next. */
  id: Generated<LessonId>;
  course_id: CourseId;
  module_id: ModuleId;
  position: number;
  title: string;
  /** Markdown. */
  body: string;
  estimated_minutes: number;
  competences: string;
  required: number;
  /** JSON LessonTranslations: the lesson in other languages, `{"km": {"title", "body"}}`. */
  translations: Generated<string>;
  created_at: number;
  updated_at: number;
  /** For autosave: an edit names the revision it started from, so a concurrent edit is noticed, not lost. */
  revision: Generated<number>;
}

export interface CourseVersionsTable {
  id: Generated<CourseVersionId>;
  course_id: CourseId;
  number: number;
  /** JSON of the whole course as published (CourseSnapshot); never changed afterwards. */
  snapshot: string;
  published_at: number;
  published_by: UserId | null;
}

/** A course's question bank, as authors edit it. `document` is a QuestionDocument in JSON. */
export interface QuestionsTable {
  id: Generated<QuestionId>;
  course_id: CourseId;
  /** Stable within the course ("ksc-01"): quizzes, packages and statistics name questions by it. */
  key: string;
  position: number;
  document: string;
  updated_at: number;
}

/** A course's quizzes, as authors edit them. `document` is a QuizDocument in JSON. */
export interface QuizzesTable {
  id: Generated<QuizId>;
  course_id: CourseId;
  module_id: ModuleId | null;
  position: number;
  document: string;
  updated_at: number;
}
