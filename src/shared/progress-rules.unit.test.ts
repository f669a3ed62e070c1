import { describe, expect, it } from 'vitest';
import type { LessonId } from './ids.js';
import { blockingLesson, type LessonMark, lessonStates, lessonToContinue, type OutlineLesson, percentComplete } from './progress-rules.js';

const outline: OutlineLesson[] = [1, 2, 3, 4].map((n) => ({ lesson_id: n as LessonId, title: `Bài ${n}`, sequence: n, required: n === 3 ? 0 : 1 }));
const marks = (entries: [number, 'opened' | 'done'][]) =>
  new Map<LessonId, LessonMark>(entries.map(([id, s]) => [id as LessonId, { opened_at: 1, completed_at: s === 'done' ? 2 : null }]));

describe('the way through a course', () => {
  it('locks lessons after an unfinished required one when the course is taken in order; an optional lesson does not block', () => {
    const states = lessonStates(outline, marks([[1, 'done'], [2, 'opened']]), true);
    expect([...states.values()]).toEqual(['completed', 'opened', 'locked', 'locked']);
    expect([...lessonStates(outline, marks([[1, 'done'], [2, 'done']]), true).values()]).toEqual(['completed', 'completed', 'available', 'available']);
    expect([...lessonStates(outline, marks([]), false).values()]).toEqual(['available', 'available', 'available', 'available']);
  });

  it('names the lesson that must come first', () => {
    expect(blockingLesson(outline, marks([[1, 'done']]), 4 as LessonId)?.title).toBe('Bài 2');
    expect(blockingLesson(outline, marks([[1, 'done'], [2, 'done']]), 4 as LessonId)).toBeUndefined();
  });

  it('continues the last lesson if unfinished, else the next unfinished one, else the first unfinished', () => {
    expect(lessonToContinue(outline, marks([[1, 'done'], [2, 'opened']]), 2 as LessonId)?.title).toBe('Bài 2');
    expect(lessonToContinue(outline, marks([[1, 'done'], [2, 'done']]), 2 as LessonId)?.title).toBe('Bài 3');
    expect(lessonToContinue(outline, marks([[2, 'done'], [3, 'done'], [4, 'done']]), 4 as LessonId)?.title).toBe('Bài 1');
    expect(lessonToContinue(outline, marks([[1, 'done'], [2, 'done'], [3, 'done'], [4, 'done']]), 4 as LessonId)).toBeUndefined();
    expect(lessonToContinue(outline, marks([]), null)?.title).toBe('Bài 1');
  });

  it('rounds the percentage down so that 100 means done', () => {
    expect(percentComplete(2, 3)).toBe(66);
    expect(percentComplete(3, 3)).toBe(100);
    expect(percentComplete(0, 0)).toBe(0);
  });
});
