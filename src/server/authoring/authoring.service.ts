/**
 * Authoring's public surface: what other features (packages, the CLI) use of
 * drafts, publication and the question bank. Files inside authoring/ import
 * the specific service instead, so that this module stays a leaf.
 */
export { authoringPolicies } from './authoring.policies.js';
export { findDraftOutline, insertCourseDraft } from './authoring.queries.js';
export { type CourseDocument, type LessonTranslations, parseLessonTranslations } from './course-document.js';
export { loadCourse, slugFor } from './drafts.service.js';
export { findAuthoredCourse } from './authoring.queries.js';
export { publishDraftIn } from './publication.service.js';
// News posts render with the very sanitiser lessons use.
export { lessonPlainText, lessonProblems, renderLessonHtml } from './markdown.js';
export { publishCourse } from './publishing.js';
export { insertBankAndQuizzes, snapshotQuizzes } from './question-bank.js';
export { checkQuestion, checkQuiz, defaultQuizSettings, type QuestionDocument, type QuizDocument } from './quiz-documents.js';
