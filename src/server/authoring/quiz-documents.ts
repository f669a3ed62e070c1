/**
 * Questions and quizzes as documents: the form they take in questions.json and
 * course.json of a package, in the authoring API, and in published pools. One
 * checker serves all three, so a question an author cannot save cannot be
 * imported either, and every problem names the field it is in.
 */
import { type QuestionType, questionTypes } from '../../shared/limits.js';
import { foldForSearch } from '../../shared/text.js';
import { isCompetenceCode } from '../competences/competences.service.js';
import type { MessageKey, MessageParams } from '../../shared/i18n/translate.js';
import type { QuestionDocument, QuizDocument, QuizSettings } from '../quizzes/quizzes.schema.js';


export type { QuestionDocument, QuizDocument, QuizSettings };

export const questionKeyPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
const limits = { prompt: 1000, explanation: 2000, option: 300, minOptions: 2, maxOptions: 8, answers: 10, shortAnswer: 200 };

export interface DocumentProblem {
  /** Where in the document: "options[2]", "answer". */
  field: string;
  key: MessageKey;
  params?: MessageParams;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= max;
/** A value from a document, as a problem message quotes it: String() of a deeply nested array would overflow the stack. */
const shown = (value: unknown) => (Array.isArray(value) ? '[…]' : typeof value === 'object' && value !== null ? '{…}' : String(value));

function textList(doc: Record<string, unknown>, field: string, max: number, problems: DocumentProblem[]): string[] | undefined {
  const list = doc[field];
  if (!Array.isArray(list) || list.length < limits.minOptions || list.length > limits.maxOptions) {
    problems.push({ field, key: 'error.question_option_count', params: { min: limits.minOptions, max: limits.maxOptions } });
    return undefined;
  }
  list.forEach((item, i) => isText(item, max) || problems.push({ field: `${field}[${i}]`, key: 'error.question_text_required', params: { max } }));
  return list as string[];
}

function distinct(items: readonly string[], field: string, problems: DocumentProblem[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const folded = typeof item === 'string' ? foldForSearch(item) : '';
    if (seen.has(folded)) problems.push({ field: `${field}[${i}]`, key: 'error.question_duplicate_option' });
    seen.add(folded);
  });
}

const isIndex = (value: unknown, length: number): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) < length;

/**
 * Checks a question document. `hasMedia` says whether the course has a media
 * file of that name. Returns the normalized document (NFC text) or the problems.
 */
export function checkQuestion(raw: unknown, hasMedia: (name: string) => boolean): { question?: QuestionDocument; problems: DocumentProblem[] } {
  const problems: DocumentProblem[] = [];
  if (!isObject(raw)) return { problems: [{ field: '/', key: 'error.question_not_object' }] };
  if (typeof raw.id !== 'string' || !questionKeyPattern.test(raw.id)) problems.push({ field: 'id', key: 'error.question_key_invalid' });
  if (!questionTypes.includes(raw.type as QuestionType)) {
    problems.push({ field: 'type', key: 'error.question_type_invalid', params: { types: questionTypes.join(', ') } });
    return { problems };
  }
  if (!isText(raw.prompt, limits.prompt)) problems.push({ field: 'prompt', key: 'error.question_text_required', params: { max: limits.prompt } });
  if (raw.explanation !== undefined && !(typeof raw.explanation === 'string' && raw.explanation.length <= limits.explanation)) {
    problems.push({ field: 'explanation', key: 'error.question_text_required', params: { max: limits.explanation } });
  }
  if (raw.media !== undefined && (typeof raw.media !== 'string' || !hasMedia(raw.media))) problems.push({ field: 'media', key: 'error.media_missing', params: { name: shown(raw.media) } });
  const competences = raw.competences ?? [];
  if (!Array.isArray(competences)) problems.push({ field: 'competences', key: 'error.invalid_competence', params: { code: shown(competences) } });
  else competences.forEach((code, i) => isCompetenceCode(code) || problems.push({ field: `competences[${i}]`, key: 'error.invalid_competence', params: { code: shown(code) } }));

  const type = raw.type as QuestionType;
  // Lists are built even when an item is not text (the problems then discard the question): no item may throw.
  const nfc = (text: unknown) => (typeof text === 'string' ? text.normalize('NFC').trim() : '');
  const base = {
    id: raw.id as string,
    prompt: typeof raw.prompt === 'string' ? nfc(raw.prompt) : '',
    ...(raw.media ? { media: raw.media as string } : {}),
    ...(typeof raw.explanation === 'string' && raw.explanation.trim() ? { explanation: nfc(raw.explanation) } : {}),
    ...(Array.isArray(competences) && competences.length > 0 ? { competences: competences as string[] } : {}),
  };
  let question: QuestionDocument | undefined;
  switch (type) {
    case 'single':
    case 'multiple': {
      const options = textList(raw, 'options', limits.option, problems);
      if (!options) break;
      distinct(options, 'options', problems);
      if (type === 'single') {
        if (!isIndex(raw.answer, options.length)) problems.push({ field: 'answer', key: 'error.question_answer_invalid' });
        else question = { ...base, type, options: options.map(nfc), answer: raw.answer };
      } else {
        const answer = raw.answer;
        if (!Array.isArray(answer) || answer.length === 0 || !answer.every((a) => isIndex(a, options.length)) || new Set(answer).size !== answer.length) {
          problems.push({ field: 'answer', key: 'error.question_answer_invalid' });
        } else question = { ...base, type, options: options.map(nfc), answer: [...(answer as number[])].sort((a, b) => a - b) };
      }
      break;
    }
    case 'true_false':
      if (typeof raw.answer !== 'boolean') problems.push({ field: 'answer', key: 'error.question_answer_invalid' });
      else question = { ...base, type, answer: raw.answer };
      break;
    case 'ordering': {
      const items = textList(raw, 'items', limits.option, problems);
      if (items) {
        distinct(items, 'items', problems);
        question = { ...base, type, items: items.map(nfc) };
      }
      break;
    }
    case 'matching': {
      const pairs = raw.pairs;
      if (!Array.isArray(pairs) || pairs.length < limits.minOptions || pairs.length > limits.maxOptions) {
        problems.push({ field: 'pairs', key: 'error.question_option_count', params: { min: limits.minOptions, max: limits.maxOptions } });
        break;
      }
      pairs.forEach((pair, i) => {
        if (!Array.isArray(pair) || pair.length !== 2 || !isText(pair[0], limits.option) || !isText(pair[1], limits.option)) {
          problems.push({ field: `pairs[${i}]`, key: 'error.question_pair_invalid', params: { max: limits.option } });
        }
      });
      if (problems.some((p) => p.field.startsWith('pairs'))) break;
      distinct(pairs.map((p) => p[0]), 'pairs[].left', problems);
      distinct(pairs.map((p) => p[1]), 'pairs[].right', problems);
      question = { ...base, type, pairs: pairs.map((p) => [nfc(p[0]), nfc(p[1])] as [string, string]) };
      break;
    }
    case 'short_text': {
      const answers = raw.answers;
      if (!Array.isArray(answers) || answers.length === 0 || answers.length > limits.answers) {
        problems.push({ field: 'answers', key: 'error.question_option_count', params: { min: 1, max: limits.answers } });
        break;
      }
      answers.forEach((a, i) => isText(a, limits.shortAnswer) || problems.push({ field: `answers[${i}]`, key: 'error.question_text_required', params: { max: limits.shortAnswer } }));
      if (raw.ignoreDiacritics !== undefined && typeof raw.ignoreDiacritics !== 'boolean') problems.push({ field: 'ignoreDiacritics', key: 'error.question_answer_invalid' });
      question = { ...base, type, answers: (answers as string[]).map(nfc), ...(raw.ignoreDiacritics ? { ignoreDiacritics: true } : {}) };
      break;
    }
  }
  return problems.length > 0 ? { problems } : { question, problems };
}

export const defaultQuizSettings: QuizSettings = { shuffleOptions: true, timeLimitMinutes: null, maxAttempts: null, cooldownMinutes: 0, passPercent: 70, showAnswers: true };

/** Checks a quiz document against the course's question keys and competence tags. */
export function checkQuiz(raw: unknown, bank: ReadonlyMap<string, QuestionDocument>): { quiz?: QuizDocument; problems: DocumentProblem[] } {
  const problems: DocumentProblem[] = [];
  if (!isObject(raw)) return { problems: [{ field: '/', key: 'error.question_not_object' }] };
  if (!isText(raw.title, 200)) problems.push({ field: 'title', key: 'error.question_text_required', params: { max: 200 } });
  if (raw.kind !== 'practice' && raw.kind !== 'final') problems.push({ field: 'kind', key: 'error.quiz_kind_invalid' });
  const whole = (field: keyof QuizSettings, min: number, max: number, nullable: boolean) => {
    const value = raw[field] ?? (nullable ? null : defaultQuizSettings[field]);
    if (value === null && nullable) return null;
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) problems.push({ field, key: 'error.quiz_number_range', params: { min, max } });
    return value as number;
  };
  const settings: QuizSettings = {
    shuffleOptions: raw.shuffleOptions === undefined ? true : raw.shuffleOptions === true,
    timeLimitMinutes: whole('timeLimitMinutes', 1, 600, true),
    maxAttempts: whole('maxAttempts', 1, 100, true),
    cooldownMinutes: whole('cooldownMinutes', 0, 60 * 24 * 30, false) ?? 0,
    passPercent: whole('passPercent', 1, 100, false) ?? 70,
    showAnswers: raw.showAnswers === undefined ? true : raw.showAnswers === true,
  };
  const fixed = raw.questions;
  const draw = raw.draw;
  if ((fixed === undefined) === (draw === undefined)) problems.push({ field: 'questions', key: 'error.quiz_questions_or_draw' });
  let picked: Pick<QuizDocument, 'questions' | 'draw'> = {};
  if (fixed !== undefined) {
    if (!Array.isArray(fixed) || fixed.length === 0 || fixed.length > 200) problems.push({ field: 'questions', key: 'error.quiz_number_range', params: { min: 1, max: 200 } });
    else {
      fixed.forEach((key, i) => bank.has(key) || problems.push({ field: `questions[${i}]`, key: 'error.quiz_question_unknown', params: { key: shown(key) } }));
      if (new Set(fixed).size !== fixed.length) problems.push({ field: 'questions', key: 'error.question_duplicate_option' });
      picked = { questions: fixed as string[] };
    }
  } else if (draw !== undefined) {
    const competences = isObject(draw) && Array.isArray(draw.competences) ? (draw.competences as string[]) : [];
    const available = drawPool(bank, competences).length;
    if (!isObject(draw) || !Number.isInteger(draw.count) || (draw.count as number) < 1 || (draw.count as number) > available) {
      problems.push({ field: 'draw.count', key: 'error.quiz_draw_too_many', params: { available } });
    } else picked = { draw: { count: draw.count as number, ...(competences.length ? { competences } : {}) } };
  }
  if (problems.length > 0) return { problems };
  return { quiz: { title: (raw.title as string).normalize('NFC').trim(), kind: raw.kind as QuizDocument['kind'], ...picked, ...settings }, problems };
}

/** The questions a drawn quiz may pick from. */
export function drawPool(bank: ReadonlyMap<string, QuestionDocument>, competences: readonly string[]): QuestionDocument[] {
  const all = [...bank.values()];
  return competences.length === 0 ? all : all.filter((q) => q.competences?.some((c) => competences.includes(c)));
}

/** The questions of a quiz that may ever appear in one of its attempts. */
export function quizPool(quiz: QuizDocument, bank: ReadonlyMap<string, QuestionDocument>): QuestionDocument[] {
  return quiz.questions ? quiz.questions.map((key) => bank.get(key)!) : drawPool(bank, quiz.draw?.competences ?? []);
}
