/** What other features use of quizzes: grading's answer folding and types (item statistics read graded attempts). */
export { type Answer, foldShortAnswer, type GradedQuestion, type PaperQuestion, type PoolQuestion } from './grading.js';
