/**
 * Who may act on a course's draft: authors of the course's owner unit or of a
 * unit above it, found from whatever the URL names (course, module, lesson, file).
 */
import type { CourseId, LessonId, ModuleId, QuestionId, QuizId } from '../../shared/ids.js';
import type { Db } from '../db/database.js';
import { type ErrorCode, notFound } from '../errors.js';
import { allow, integerParam, type Policy } from '../http/policies.js';
import { findMediaById } from '../media/media.service.js';
import { findDraftLesson, findModule } from './authoring.queries.js';
import { ownerUnitCode } from './drafts.service.js';
import { courseOfQuestion, courseOfQuiz } from './question-bank.js';

function authorOf(find: (id: number) => Promise<CourseId | undefined>, db: Db, missing: ErrorCode): Policy {
  return allow.roleOnUnit('author', async (request) => {
    const id = integerParam(request, 'id');
    const courseId = id === undefined ? undefined : await find(id);
    const code = courseId === undefined ? undefined : await ownerUnitCode(db, courseId);
    if (!code) throw notFound(missing);
    return code;
  });
}

export function authoringPolicies(db: Db) {
  return {
    course: authorOf(async (id) => id as CourseId, db, 'course_not_found'),
    module: authorOf(async (id) => (await findModule(db, id as ModuleId))?.course_id, db, 'module_not_found'),
    lesson: authorOf(async (id) => (await findDraftLesson(db, id as LessonId))?.course_id, db, 'lesson_not_found'),
    media: authorOf(async (id) => (await findMediaById(db, id))?.course_id, db, 'media_not_found'),
    question: authorOf((id) => courseOfQuestion(db, id as QuestionId), db, 'question_not_found'),
    quiz: authorOf((id) => courseOfQuiz(db, id as QuizId), db, 'quiz_not_found'),
  };
}
