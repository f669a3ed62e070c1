/**
 * Questions as authors type them: plain lines, one option per line with "*"
 * before each right one, "left = right" to match, one accepted answer per line.
 * Quick on a laptop and needs no training; the server checks every field and
 * says which one is wrong.
 */
import type { QuestionType } from '../../shared/limits.js';

/**
 * A question as the form edits it: every type's fields side by side, since the
 * author can switch type while typing (the server's QuestionDocument is a union).
 */
export interface QuestionDocument {
  id: string;
  type: QuestionType;
  prompt: string;
  media?: string;
  explanation?: string;
  competences?: string[];
  options?: string[];
  answer?: number | number[] | boolean;
  items?: string[];
  pairs?: [string, string][];
  answers?: string[];
  ignoreDiacritics?: boolean;
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** A comma-separated list (question keys, competence codes). */
export const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** The editable text of a question's choices, in the line format above. */
export function choicesText(q: Partial<QuestionDocument>): string {
  switch (q.type) {
    case 'single':
    case 'multiple': {
      const right = new Set(Array.isArray(q.answer) ? q.answer : [q.answer]);
      return (q.options ?? []).map((o, i) => `${right.has(i) ? '* ' : ''}${o}`).join('\n');
    }
    case 'ordering':
      return (q.items ?? []).join('\n');
    case 'matching':
      return (q.pairs ?? []).map(([l, r]) => `${l} = ${r}`).join('\n');
    case 'short_text':
      return (q.answers ?? []).join('\n');
    default:
      return '';
  }
}

export function toDocument(base: Pick<QuestionDocument, 'id' | 'type' | 'prompt' | 'explanation' | 'competences' | 'media'>, choices: string, truth: boolean, ignoreDiacritics: boolean): QuestionDocument {
  const rows = lines(choices);
  switch (base.type) {
    case 'single':
    case 'multiple': {
      const right = rows.flatMap((row, i) => (row.startsWith('*') ? [i] : []));
      const options = rows.map((row) => row.replace(/^\*\s*/, ''));
      return { ...base, options, answer: base.type === 'single' ? (right[0] ?? -1) : right };
    }
    case 'true_false':
      return { ...base, answer: truth };
    case 'ordering':
      return { ...base, items: rows };
    case 'matching':
      return { ...base, pairs: rows.map((row) => row.split('=').map((side) => side.trim()) as [string, string]) };
    case 'short_text':
      return { ...base, answers: rows, ignoreDiacritics };
  }
}
