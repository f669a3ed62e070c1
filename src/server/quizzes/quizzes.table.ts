import type { Generated } from 'kysely';
import type { AttemptId, CourseId, CourseVersionId, ModuleId, QuizId, UserId } from '../../shared/ids.js';

export interface PublishedQuizzesTable {
  quiz_id: QuizId;
  course_id: CourseId;
  version_id: CourseVersionId;
  module_id: ModuleId | null;
  position: number;
  title: string;
  kind: QuizKind;
  /** JSON QuizSettings. */
  settings: string;
  /** JSON QuestionDocument[]: every question the quiz may draw, with answer keys. */
  pool: string;
}

export type QuizKind = 'practice' | 'final';
export type AttemptStatus = 'open' | 'submitted';

export interface QuizAttemptsTable {
  id: Generated<AttemptId>;
  user_id: UserId;
  quiz_id: QuizId;
  course_id: CourseId;
  number: number;
  kind: QuizKind;
  status: AttemptStatus;
  started_at: number;
  deadline_at: number | null;
  submitted_at: number | null;
  /** JSON PaperQuestion[]. */
  paper: string;
  /** JSON AttemptTerms. */
  terms: string;
  /** JSON Record<question key, answer>. */
  answers: string;
  score: number | null;
  max_score: number;
  passed: number | null;
  /** JSON GradedQuestion[] once submitted. */
  result: string | null;
  /** The id the phone made for a practice attempt taken offline (unique per person); null for attempts taken online. */
  client_id: Generated<string | null>;
}
