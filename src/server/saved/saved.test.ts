import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { png } from '../../../test/media-fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import type { QuestionDocument } from '../quizzes/quizzes.schema.js';

const bank: QuestionDocument[] = [
  { id: 'q-otp', type: 'single', prompt: 'Ai hỏi mã OTP của bạn?', options: ['Ngân hàng', 'Kẻ lừa đảo'], answer: 1, competences: ['4.2'] },
  { id: 'q-cccd', type: 'true_false', prompt: 'Nên cho người lạ mượn căn cước.', answer: false, competences: ['4.1'] },
  { id: 'q-buoc', type: 'ordering', prompt: 'Sắp xếp các bước.', items: ['Mở ứng dụng', 'Quét mã', 'Xác nhận'], competences: ['4.1'] },
];

interface Manifest {
  courseId: number;
  version: string;
  totalBytes: number;
  lessons: { id: number; title: string; bytes: number }[];
  quizzes: { id: number; kind: string }[];
  entries: { url: string; bytes: number; rev: string; lessonId: number | null }[];
}

describe.each(engines)('saved courses and offline practice on %s', (engine) => {
  let t: TestApp;
  let author: Actor;
  let learner: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    author = await signedInWith(t, { role: 'author', unit: '30307' });
    learner = await signedInWith(t);
  });
  afterAll(() => t.close());

  const manifestOf = async (courseId: number, who: Actor = anonymous(t)) => {
    const response = await who.get(`/api/courses/${courseId}/offline-manifest`);
    expect(response.statusCode).toBe(200);
    return response.json() as Manifest;
  };
  const quizzesOf = async (courseId: number) => {
    const { entries, quizzes } = await manifestOf(courseId);
    return { entries, practice: quizzes.find((q) => q.kind === 'practice')!.id, final: quizzes.find((q) => q.kind === 'final')!.id };
  };

  it('lists every lesson with its phone-sized picture and bytes, and brings only changed entries to a new version', async () => {
    const id = (await author.post('/api/units/30307/courses', { title: `Khóa ${randomUUID().slice(0, 6)}`, summary: 'Tóm tắt.' })).json().id as number;
    const moduleId = (await author.get(`/api/authoring/courses/${id}`)).json().modules[0].id as number;
    const picture = (await author.upload(`/api/authoring/courses/${id}/media?name=man-hinh.png&alt=${encodeURIComponent('Màn hình chính')}`, await png(), 'image/png')).json();
    const lessonIds: number[] = [];
    for (const [title, body] of [['Bài có ảnh', 'Mở ứng dụng.\n\n![Màn hình chính](media/man-hinh.png)'], ['Bài chữ', 'Chỉ có chữ.']]) {
      const lessonId = (await author.post(`/api/authoring/modules/${moduleId}/lessons`, { title })).json().id as number;
      expect((await author.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: 1, body })).statusCode).toBe(200);
      lessonIds.push(lessonId);
    }
    // A draft, even its owner's, is not there to save.
    expect((await author.get(`/api/courses/${id}/offline-manifest`)).statusCode).toBe(404);
    expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);

    const first = await manifestOf(id);
    const pictureUrl = `/media/${picture.sha256}/w480.webp`;
    const served = await anonymous(t).get(pictureUrl);
    expect(first.entries.map((e) => e.url)).toEqual([`/api/courses/${id}`, `/api/courses/${id}/quizzes`, `/api/lessons/${lessonIds[0]}`, pictureUrl, `/api/lessons/${lessonIds[1]}`]);
    expect(first.entries.find((e) => e.url === pictureUrl)).toMatchObject({ bytes: served.rawPayload.length, lessonId: lessonIds[0] });
    // The lesson's answer is counted as served (plus room for the learner's own state).
    const lessonAnswer = (await learner.get(`/api/lessons/${lessonIds[1]}`)).rawPayload.length;
    const textEntry = first.entries.find((e) => e.url === `/api/lessons/${lessonIds[1]}`)!;
    expect(textEntry.bytes).toBeGreaterThanOrEqual(lessonAnswer);
    expect(textEntry.bytes).toBeLessThan(lessonAnswer + 300);
    expect(first.lessons).toEqual([
      { id: lessonIds[0], title: 'Bài có ảnh', bytes: first.entries.filter((e) => e.lessonId === lessonIds[0]).reduce((sum, e) => sum + e.bytes, 0) },
      { id: lessonIds[1], title: 'Bài chữ', bytes: textEntry.bytes },
    ]);
    expect(first.totalBytes).toBe(first.entries.reduce((sum, e) => sum + e.bytes, 0));

    expect((await author.patch(`/api/authoring/lessons/${lessonIds[1]}`, { baseRevision: 2, body: 'Chữ đã sửa.' })).statusCode).toBe(200);
    expect((await author.post(`/api/authoring/courses/${id}/publish`)).statusCode).toBe(200);
    t.clock.advance(10_000);
    const second = await manifestOf(id);
    expect(second.version).not.toBe(first.version);
    const changed = second.entries.filter((e) => first.entries.find((f) => f.url === e.url)?.rev !== e.rev).map((e) => e.url);
    expect(changed).toEqual([`/api/courses/${id}`, `/api/courses/${id}/quizzes`, `/api/lessons/${lessonIds[1]}`]);

    expect((await author.post(`/api/authoring/courses/${id}/unpublish`)).statusCode).toBeLessThan(300);
    t.clock.advance(10_000);
    expect((await anonymous(t).get(`/api/courses/${id}/offline-manifest`)).statusCode).toBe(404);
  });

  it('does not reach another unit’s draft course', async () => {
    const draft = await buildCourse(t.db, { ownerUnit: '30292', draft: true, questions: bank, quizzes: [{ kind: 'practice', questions: ['q-otp'] }] });
    expect((await learner.get(`/api/courses/${draft.id}/offline-manifest`)).json().error.code).toBe('course_not_found');
    const quiz = await t.db.selectFrom('quizzes').select('id').where('course_id', '=', draft.id).executeTakeFirstOrThrow();
    expect((await learner.get(`/api/quizzes/${quiz.id}/practice-paper`)).statusCode).toBe(404);
  });

  it('gives practice quizzes with their keys, never a final quiz, and lists the final as needing the network', async () => {
    const course = await buildCourse(t.db, { questions: bank, quizzes: [{ kind: 'practice', questions: ['q-otp', 'q-cccd', 'q-buoc'], module: 0 }, { kind: 'final', questions: ['q-otp', 'q-cccd'] }] });
    const { entries, practice, final } = await quizzesOf(course.id);
    expect(entries.map((e) => e.url)).toContain(`/api/quizzes/${practice}/practice-paper`);
    expect(entries.map((e) => e.url)).not.toContain(`/api/quizzes/${final}/practice-paper`);
    const paper = (await learner.get(`/api/quizzes/${practice}/practice-paper`)).json();
    expect(paper).toMatchObject({ quizId: practice, courseId: course.id, draw: null });
    expect(paper.questions.map((q: QuestionDocument) => q.id)).toEqual(['q-otp', 'q-cccd', 'q-buoc']);
    expect(paper.questions[0]).toMatchObject({ answer: 1 });
    const refused = await learner.get(`/api/quizzes/${final}/practice-paper`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'quiz_needs_network', message: 'Bài kiểm tra cuối khóa cần có mạng.' });
    expect((await anonymous(t).get(`/api/quizzes/${practice}/practice-paper`)).statusCode).toBe(401);
  });

  it('records an offline practice attempt once, graded by the server whatever the phone thought', async () => {
    const course = await buildCourse(t.db, { questions: bank, quizzes: [{ kind: 'practice', questions: ['q-otp', 'q-cccd', 'q-buoc'], module: 0 }, { kind: 'final', questions: ['q-otp'] }] });
    const { practice, final } = await quizzesOf(course.id);
    const someone = await signedInWith(t);
    // Choices are named by their index: one right, one wrong, ordering right.
    const sent = { clientId: randomUUID(), takenAt: new Date(t.clock.now() - 3_600_000).toISOString(), questions: ['q-buoc', 'q-otp', 'q-cccd'], answers: { 'q-otp': '1', 'q-cccd': true, 'q-buoc': ['0', '1', '2'] } };
    const recorded = await someone.post(`/api/quizzes/${practice}/offline-attempts`, sent);
    expect(recorded.statusCode).toBe(200);
    const attempt = recorded.json();
    expect(attempt).toMatchObject({ quizId: practice, kind: 'practice', status: 'submitted', number: 1, startedAt: sent.takenAt, result: { score: 2, maxScore: 3, percent: 66, passed: false } });
    expect(attempt.questions.map((q: { key: string }) => q.key)).toEqual(['q-buoc', 'q-otp', 'q-cccd']);
    expect(attempt.result.questions.map((q: { correct: boolean }) => q.correct)).toEqual([true, true, false]);

    // Sent again (a lost answer, a replay from the queue): the same attempt, not a second one.
    const again = await someone.post(`/api/quizzes/${practice}/offline-attempts`, { ...sent, answers: { 'q-otp': '1', 'q-cccd': false, 'q-buoc': ['0', '1', '2'] } });
    expect(again.json()).toMatchObject({ id: attempt.id, result: { score: 2 } });
    const mine = (await someone.get(`/api/courses/${course.id}/quizzes`)).json().quizzes.find((q: { id: number }) => q.id === practice);
    expect(mine).toMatchObject({ attemptsUsed: 1, bestPercent: 66, passed: false });
    expect((await someone.get(`/api/attempts/${attempt.id}`)).json()).toMatchObject({ id: attempt.id, status: 'submitted' });
    // The same id is another person's own: it names nothing of theirs.
    expect((await learner.post(`/api/quizzes/${practice}/offline-attempts`, sent)).json()).toMatchObject({ number: 1, result: { score: 2 } });
    expect((await learner.get(`/api/attempts/${attempt.id}`)).statusCode).toBe(404);

    const finalAttempt = await someone.post(`/api/quizzes/${final}/offline-attempts`, { ...sent, clientId: randomUUID(), questions: ['q-otp'], answers: { 'q-otp': '1' } });
    expect(finalAttempt.statusCode).toBe(403);
    expect(finalAttempt.json().error.code).toBe('quiz_needs_network');
    expect((await someone.get(`/api/courses/${course.id}/quizzes`)).json().quizzes.find((q: { id: number }) => q.id === final).attemptsUsed).toBe(0);

    const bad = (body: object) => someone.post(`/api/quizzes/${practice}/offline-attempts`, { ...sent, clientId: randomUUID(), ...body });
    expect((await bad({ questions: ['q-otp', 'q-cccd'] })).json().error.code).toBe('offline_paper_outdated');
    expect((await bad({ questions: ['q-otp', 'q-cccd', 'q-khac'] })).json().error.code).toBe('offline_paper_outdated');
    expect((await bad({ answers: { 'q-otp': '7' } })).json().error.code).toBe('answer_invalid');
    expect((await bad({ clientId: 'not-a-uuid' })).statusCode).toBe(400);
    expect((await someone.post(`/api/quizzes/${final}/offline-attempts`, sent)).json().error.code).toBe('quiz_needs_network');
  });
});
