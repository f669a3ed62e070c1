import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, anonymous, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { mp3, png } from '../../../test/media-fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';

describe.each(engines)('question banks and quizzes for authors on %s', (engine) => {
  let t: TestApp;
  let author: Actor;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    author = await signedInWith(t, { role: 'author', unit: '30307' });
  });
  afterAll(() => t.close());

  async function newCourse() {
    const { id } = (await author.post('/api/units/30307/courses', { title: 'Ngân hàng câu hỏi thử', summary: 'Thử.' })).json();
    const moduleId = (await author.get(`/api/authoring/courses/${id}`)).json().modules[0].id;
    const lessonId = (await author.post(`/api/authoring/modules/${moduleId}/lessons`, { title: 'Bài một' })).json().id;
    await author.patch(`/api/authoring/lessons/${lessonId}`, { baseRevision: 1, body: 'Nội dung.' });
    return { id: id as number, moduleId: moduleId as number, lessonId: lessonId as number };
  }
  const addQuestion = (courseId: number, question: unknown) => author.post(`/api/authoring/courses/${courseId}/questions`, question);
  const single = (id: string, answer = 0) => ({ id, type: 'single', prompt: `Câu ${id}?`, options: ['Có', 'Không'], answer, competences: ['4.2'] });
  /** The id this attempt shows for the option with this text: what a learner taps. */
  const optionId = (attempt: { questions: { key: string; options: { id: string; text: string }[] }[] }, key: string, text: string) =>
    attempt.questions.find((q) => q.key === key)!.options.find((o) => o.text === text)!.id;

  it('stores questions of every type and says field by field what is wrong with a bad one', async () => {
    const course = await newCourse();
    expect((await addQuestion(course.id, single('cau-1'))).statusCode).toBe(201);
    const bad = await addQuestion(course.id, { id: 'Câu 2', type: 'single', prompt: '', options: ['Có', 'có'], answer: 5, competences: ['9.9'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({
      id: expect.stringContaining('chữ thường không dấu'),
      prompt: expect.stringContaining('Hãy nhập nội dung'),
      'options[1]': 'Lựa chọn này bị trùng với một lựa chọn khác.',
      answer: 'Đáp án đúng không khớp với các lựa chọn của câu hỏi.',
      'competences[0]': 'Mã năng lực «9.9» không có trong khung năng lực số.',
    });
    const unknownType = await addQuestion(course.id, { id: 'cau-3', type: 'essay', prompt: 'Viết một đoạn văn.' });
    expect(unknownType.json().error.fields.type).toContain('single, multiple, true_false, ordering, matching, short_text');
    expect((await addQuestion(course.id, { id: 'cau-4', type: 'matching', prompt: 'Nối.', pairs: [['A', 'B']] })).json().error.fields.pairs).toBe('Cần từ 2 đến 8 lựa chọn.');
    expect((await addQuestion(course.id, { id: 'cau-5', type: 'single', prompt: 'Ảnh?', options: ['a', 'b'], answer: 0, media: 'khong-co.png' })).json().error.fields.media).toContain('khong-co.png');
    const duplicate = await addQuestion(course.id, single('cau-1'));
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('question_key_taken');
  });

  it('answers documents with values of the wrong kind, deeply nested, or ids beyond the database, field by field and never with 500', async () => {
    const course = await newCourse();
    await addQuestion(course.id, single('cau-1'));
    // Sent as text: 10,000 levels are more than JSON.stringify in the test itself can write.
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const post = (url: string, body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: author.cookie!, 'content-type': 'application/json' }, payload: JSON.stringify(body).replace('"DEEP"', deep) });
    for (const [field, value] of [['options', ['Có', 12]], ['options', ['Có', null]], ['items', [['a'], 'b']], ['competences', 'DEEP'], ['media', 'DEEP'], ['options', ['Có', 'DEEP']]] as const) {
      const type = field === 'items' ? 'ordering' : 'single';
      const response = await post(`/api/authoring/courses/${course.id}/questions`, { ...single('cau-2'), type, items: ['x', 'y'], [field]: value });
      expect.soft(response.statusCode, `${field} ${JSON.stringify(value)}`).toBe(400);
      expect.soft(Object.keys(response.json().error.fields ?? {}).join(), field).toMatch(new RegExp(`^${field}`));
    }
    for (const questions of ['DEEP', ['DEEP'], ['cau-1', 'DEEP'], [{ key: 'cau-1' }]]) {
      const response = await post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Luyện tập', kind: 'practice', questions });
      expect.soft(response.statusCode, JSON.stringify(questions)).toBe(400);
      expect.soft(Object.keys(response.json().error.fields ?? {}).join(), JSON.stringify(questions)).toMatch(/^questions/);
    }
    for (const moduleId of [1e20, 1e308, 9007199254740993]) {
      const response = await post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Luyện tập', kind: 'practice', questions: ['cau-1'], moduleId });
      expect.soft(response.statusCode, `moduleId ${moduleId}`).toBe(400);
      expect.soft(response.json().error.fields, `moduleId ${moduleId}`).toEqual({ moduleId: 'Không tìm thấy chương này.' });
    }
  });

  it('builds quizzes from the bank, keeps used questions, and allows one final quiz', async () => {
    const course = await newCourse();
    for (const key of ['cau-1', 'cau-2', 'cau-3']) await addQuestion(course.id, single(key));
    const unknown = await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Luyện tập', kind: 'practice', questions: ['cau-1', 'cau-9'] });
    expect(unknown.json().error.fields['questions[1]']).toBe('Ngân hàng câu hỏi không có câu «cau-9».');
    const tooMany = await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Rút thăm', kind: 'practice', draw: { count: 5 } });
    expect(tooMany.json().error.fields['draw.count']).toContain('từ 1 đến 3');
    const practice = await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Luyện tập', kind: 'practice', questions: ['cau-1'], moduleId: course.moduleId });
    expect(practice.statusCode).toBe(201);
    expect((await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Cuối khóa', kind: 'final', draw: { count: 2 }, timeLimitMinutes: 0 })).json().error.fields.timeLimitMinutes).toBe(
      'Hãy nhập một số nguyên từ 1 đến 600.',
    );
    expect((await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Cuối khóa', kind: 'final', draw: { count: 2 } })).statusCode).toBe(201);
    const second = await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Cuối khóa 2', kind: 'final', draw: { count: 2 } });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('quiz_final_exists');

    const { questions, quizzes } = (await author.get(`/api/authoring/courses/${course.id}/quiz-bank`)).json();
    expect(quizzes.map((q: { moduleId: number | null; document: { kind: string } }) => [q.document.kind, q.moduleId])).toEqual([
      ['practice', course.moduleId],
      ['final', null],
    ]);
    const used = questions.find((q: { document: { id: string } }) => q.document.id === 'cau-1');
    const refused = await author.delete(`/api/authoring/questions/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('Câu hỏi đang được dùng trong bài kiểm tra «Luyện tập». Hãy bỏ câu hỏi khỏi bài kiểm tra trước.');
    const free = questions.find((q: { document: { id: string } }) => q.document.id === 'cau-3');
    expect((await author.delete(`/api/authoring/questions/${free.id}`)).statusCode).toBe(204);
  });

  it('keeps quiz edits from learners until the course is published', async () => {
    const course = await newCourse();
    await addQuestion(course.id, single('cau-1', 0));
    await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Cuối khóa', kind: 'final', questions: ['cau-1'] });
    await author.patch(`/api/authoring/courses/${course.id}`, { completionRule: 'lessons_and_final' });
    expect((await author.post(`/api/authoring/courses/${course.id}/publish`)).statusCode).toBe(200);
    const quizId = (await anonymous(t).get(`/api/courses/${course.id}/quizzes`)).json().quizzes[0].id;

    const question = (await author.get(`/api/authoring/courses/${course.id}/quiz-bank`)).json().questions[0];
    expect((await author.request('PUT', `/api/authoring/questions/${question.id}`, { ...single('cau-1', 1), prompt: 'Câu đã sửa?' })).statusCode).toBe(204);
    const learner = await signedInWith(t);
    const attempt = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    expect(attempt.questions[0].prompt).toBe('Câu cau-1?');
    expect((await learner.post(`/api/attempts/${attempt.id}/submit`, { answers: { 'cau-1': optionId(attempt, 'cau-1', 'Có') } })).json().result.passed).toBe(true);

    await author.post(`/api/authoring/courses/${course.id}/publish`);
    const next = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
    expect(next.questions[0].prompt).toBe('Câu đã sửa?');
  });

  it('shows a question’s picture and audio from the course’s files, with their descriptions, and shuffles options', async () => {
    const course = await newCourse();
    await author.upload(`/api/authoring/courses/${course.id}/media?name=ma-qr.png&alt=${encodeURIComponent('Mã QR dán ở sạp rau')}`, await png(400, 400), 'image/png');
    await author.upload(`/api/authoring/courses/${course.id}/media?name=cuoc-goi.mp3&alt=${encodeURIComponent('Cuộc gọi giả danh công an')}`, mp3(), 'audio/mpeg');
    const options = ['Một', 'Hai', 'Ba', 'Bốn', 'Năm'];
    await addQuestion(course.id, { id: 'anh', type: 'single', prompt: 'Mã này của ai?', options, answer: 0, media: 'ma-qr.png' });
    await addQuestion(course.id, { id: 'nghe', type: 'true_false', prompt: 'Đây có phải công an thật?', answer: false, media: 'cuoc-goi.mp3' });
    await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Nhìn và nghe', kind: 'practice', questions: ['anh', 'nghe'] });
    expect((await author.post(`/api/authoring/courses/${course.id}/publish`)).statusCode).toBe(200);
    const quizId = (await anonymous(t).get(`/api/courses/${course.id}/quizzes`)).json().quizzes[0].id;

    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const learner = await signedInWith(t);
      const attempt = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
      const [picture, sound] = attempt.questions;
      expect(picture.media).toEqual({ url: expect.stringMatching(/^\/media\/[0-9a-f]{64}\/w960\.webp$/), kind: 'image', alt: 'Mã QR dán ở sạp rau' });
      expect(sound.media).toEqual({ url: expect.stringMatching(/^\/media\/[0-9a-f]{64}\/original\.mp3$/), kind: 'audio', alt: 'Cuộc gọi giả danh công an' });
      expect((await anonymous(t).get(picture.media.url)).statusCode).toBe(200);
      orders.add(picture.options.map((o: { text: string }) => o.text).join());
      expect(picture.options.map((o: { text: string }) => o.text).sort()).toEqual([...options].sort());
    }
    // 8 learners with 5 options: the same order every time would be a 1 in 120^7 chance.
    expect(orders.size).toBeGreaterThan(1);
  });

  it('refuses to publish a course whose completion needs a final quiz it does not have', async () => {
    const course = await newCourse();
    await author.patch(`/api/authoring/courses/${course.id}`, { completionRule: 'lessons_and_final' });
    const refused = await author.post(`/api/authoring/courses/${course.id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.problems).toContainEqual({ place: 'Khóa học', message: 'Khóa học yêu cầu đạt bài kiểm tra cuối khóa để hoàn thành, nhưng chưa có bài kiểm tra cuối khóa.' });
  });

  it('keeps other units’ authors and learners out of a course’s bank and statistics', async () => {
    const course = await newCourse();
    await addQuestion(course.id, single('cau-1'));
    const quizId = (await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Luyện tập', kind: 'practice', questions: ['cau-1'] })).json().id;
    const questionId = (await author.get(`/api/authoring/courses/${course.id}/quiz-bank`)).json().questions[0].id;
    const elsewhere = await signedInWith(t, { role: 'author', unit: '30292' });
    const learner = await signedInWith(t);
    for (const who of [elsewhere, learner]) {
      expect((await who.get(`/api/authoring/courses/${course.id}/quiz-bank`)).statusCode).toBe(403);
      expect((await who.post(`/api/authoring/courses/${course.id}/questions`, single('cau-2'))).statusCode).toBe(403);
      expect((await who.request('PUT', `/api/authoring/questions/${questionId}`, single('cau-1'))).statusCode).toBe(403);
      expect((await who.delete(`/api/authoring/quizzes/${quizId}`)).statusCode).toBe(403);
      expect((await who.get(`/api/authoring/quizzes/${quizId}/statistics`)).statusCode).toBe(403);
    }
    const provincial = await signedInWith(t, { role: 'author', unit: '91' });
    expect((await provincial.get(`/api/authoring/quizzes/${quizId}/statistics`)).statusCode).toBe(200);
  });

  it('gives item statistics: difficulty, discrimination and the most chosen wrong answer', async () => {
    const course = await newCourse();
    const easy = { id: 'de', type: 'single', prompt: 'Dễ?', options: ['Đúng', 'Sai', 'Không biết'], answer: 0 };
    const hard = { id: 'kho', type: 'single', prompt: 'Khó?', options: ['Đúng', 'Sai', 'Không biết'], answer: 0 };
    await addQuestion(course.id, easy);
    await addQuestion(course.id, hard);
    const quizId = (await author.post(`/api/authoring/courses/${course.id}/quizzes`, { title: 'Luyện tập', kind: 'practice', questions: ['de', 'kho'] })).json().id;
    await author.post(`/api/authoring/courses/${course.id}/publish`);
    // Four learners: everyone gets the easy one; only the best one gets the hard one, the others mostly choose "Sai".
    const answers = [
      { de: 'Đúng', kho: 'Đúng' },
      { de: 'Đúng', kho: 'Sai' },
      { de: 'Đúng', kho: 'Sai' },
      { de: 'Đúng', kho: 'Không biết' },
    ];
    for (const given of answers) {
      const learner = await signedInWith(t);
      const attempt = (await learner.post(`/api/quizzes/${quizId}/attempts`)).json();
      const ids = Object.fromEntries(Object.entries(given).map(([key, text]) => [key, optionId(attempt, key, text)]));
      expect((await learner.post(`/api/attempts/${attempt.id}/submit`, { answers: ids })).statusCode).toBe(200);
    }
    const stats = (await author.get(`/api/authoring/quizzes/${quizId}/statistics`)).json();
    expect(stats.attempts).toBe(4);
    const byKey = Object.fromEntries(stats.items.map((i: { key: string }) => [i.key, i]));
    expect(byKey.de).toMatchObject({ answered: 4, difficulty: 1, discrimination: 0, mostChosenWrong: null });
    expect(byKey.kho).toMatchObject({ answered: 4, difficulty: 0.25, discrimination: 1, mostChosenWrong: { answer: 'Sai', count: 2 } });
  });
});
