/**
 * One question, answered with the phone's own controls: radio and check boxes
 * in large rows, up/down buttons to order (no dragging needed), a drop-down per
 * item to match, a text box. Every change goes straight to `onAnswer`.
 */
import type { Static } from 'typebox';
import type { AttemptView } from '../../server/quizzes/quizzes.schema.js';
import { t } from '../i18n/i18n.js';

export type Question = Static<typeof AttemptView>['questions'][number];
/** By the attempt's own ids (opaque strings), as the server gives and takes them. */
export type Answer = string | string[] | boolean | (string | null)[] | null;

interface Props {
  question: Question;
  answer: Answer;
  onAnswer(answer: Answer): void;
  disabled?: boolean;
}

export function QuestionInput({ question, answer, onAnswer, disabled }: Props) {
  const name = `q-${question.key}`;
  switch (question.type) {
    case 'single':
      return (
        <fieldset class="choices">
          <legend class="visually-hidden">{t('quiz.chooseOne')}</legend>
          {question.options!.map((option) => (
            <label key={option.id} class="choice">
              <input type="radio" name={name} checked={answer === option.id} disabled={disabled} onChange={() => onAnswer(option.id)} />
              <span>{option.text}</span>
            </label>
          ))}
        </fieldset>
      );
    case 'multiple': {
      const chosen = Array.isArray(answer) ? (answer as string[]) : [];
      return (
        <fieldset class="choices">
          <legend class="muted">{t('quiz.chooseAll')}</legend>
          {question.options!.map((option) => (
            <label key={option.id} class="choice">
              <input
                type="checkbox"
                checked={chosen.includes(option.id)}
                disabled={disabled}
                onChange={(event) => {
                  const next = (event.target as HTMLInputElement).checked ? [...chosen, option.id] : chosen.filter((id) => id !== option.id);
                  onAnswer(next.length > 0 ? next : null);
                }}
              />
              <span>{option.text}</span>
            </label>
          ))}
        </fieldset>
      );
    }
    case 'true_false':
      return (
        <fieldset class="choices choices--row">
          <legend class="visually-hidden">{t('quiz.chooseOne')}</legend>
          {[true, false].map((value) => (
            <label key={String(value)} class="choice">
              <input type="radio" name={name} checked={answer === value} disabled={disabled} onChange={() => onAnswer(value)} />
              <span>{value ? t('quiz.true') : t('quiz.false')}</span>
            </label>
          ))}
        </fieldset>
      );
    case 'ordering': {
      const order = Array.isArray(answer) && answer.length === question.items!.length ? (answer as string[]) : question.items!.map((i) => i.id);
      const text = (id: string) => question.items!.find((i) => i.id === id)!.text;
      const move = (from: number, to: number) => {
        const next = [...order];
        [next[from], next[to]] = [next[to]!, next[from]!];
        onAnswer(next);
      };
      return (
        <div>
          <p class="muted">{t('quiz.orderHint')}</p>
          <ol class="ordering">
            {order.map((id, index) => (
              <li key={id} class="ordering__item">
                <span class="ordering__text">{text(id)}</span>
                <span class="ordering__buttons">
                  <button type="button" class="button button--small" disabled={disabled || index === 0} aria-label={t('quiz.moveUp', { item: text(id) })} onClick={() => move(index, index - 1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    class="button button--small"
                    disabled={disabled || index === order.length - 1}
                    aria-label={t('quiz.moveDown', { item: text(id) })}
                    onClick={() => move(index, index + 1)}
                  >
                    ↓
                  </button>
                </span>
              </li>
            ))}
          </ol>
        </div>
      );
    }
    case 'matching': {
      const chosen = Array.isArray(answer) ? (answer as (string | null)[]) : question.left!.map(() => null);
      return (
        <div class="matching">
          {question.left!.map((left, index) => (
            <div key={left.id} class="field">
              <label for={`${name}-${left.id}`}>{left.text}</label>
              <select
                id={`${name}-${left.id}`}
                disabled={disabled}
                value={chosen[index] ?? ''}
                onChange={(event) => {
                  const value = (event.target as HTMLSelectElement).value;
                  const next = [...chosen];
                  next[index] = value === '' ? null : value;
                  onAnswer(next.every((v) => v === null) ? null : next);
                }}
              >
                <option value="">{t('quiz.pick')}</option>
                {question.right!.map((right) => (
                  <option key={right.id} value={right.id}>
                    {right.text}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      );
    }
    case 'short_text':
      return (
        <div class="field">
          <label for={name}>{t('quiz.yourAnswer')}</label>
          <input
            id={name}
            type="text"
            maxLength={200}
            autoComplete="off"
            disabled={disabled}
            value={typeof answer === 'string' ? answer : ''}
            onInput={(event) => {
              const value = (event.target as HTMLInputElement).value;
              onAnswer(value.trim() === '' ? null : value);
            }}
          />
        </div>
      );
    default:
      return null;
  }
}

/** An answer in words, for the review after submitting. */
export function describeAnswer(question: Question, answer: unknown): string {
  if (answer === null || answer === undefined) return t('quiz.noAnswer');
  const textOf = (list: { id: string; text: string }[] | undefined, id: unknown) => list?.find((c) => c.id === id)?.text ?? '?';
  switch (question.type) {
    case 'single':
      return textOf(question.options, answer);
    case 'multiple':
      // In the order the options were shown: the ids' own order means nothing.
      return question.options!.filter((o) => (answer as string[]).includes(o.id)).map((o) => o.text).join('; ');
    case 'true_false':
      return answer ? t('quiz.true') : t('quiz.false');
    case 'ordering':
      return (answer as string[]).map((id, i) => `${i + 1}. ${textOf(question.items, id)}`).join(' → ');
    case 'matching':
      return question.left!.map((left, i) => `${left.text} → ${textOf(question.right, (answer as (string | null)[])[i])}`).join('; ');
    default:
      return String(answer);
  }
}
