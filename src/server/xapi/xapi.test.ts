import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, signedInWith } from '../../../test/actors.js';
import { engines } from '../../../test/databases.js';
import { buildCourse } from '../../../test/factories.js';
import { buildTestApp, type TestApp } from '../../../test/test-app.js';
import { startTestLrs, statementProblems, type TestLrs } from '../../../test/xapi-lrs.js';
import type { QuestionDocument } from '../authoring/authoring.service.js';
import { xapiStatementsKind } from './xapi.service.js';

const origin = 'https://hoctap.angiang.gov.vn';
const question: QuestionDocument = { id: 'q-tf', type: 'true_false', prompt: 'Nên cho người lạ mượn căn cước.', answer: false, competences: ['4.1'] };

type Statement = {
  id: string;
  actor: { account: { homePage: string; name: string } };
  verb: { id: string; display: Record<string, string> };
  object: { id: string };
  result?: { score?: { raw: number; min: number; max: number; scaled: number }; success?: boolean; completion?: boolean };
  timestamp: string;
};

describe('the test LRS', () => {
  it('refuses statements that break the xAPI 1.0.3 rules', () => {
    const good = {
      id: randomUUID(),
      actor: { objectType: 'Agent', account: { homePage: origin, name: 'abc' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
      object: { id: `${origin}/courses/1` },
      timestamp: '2026-12-02T03:00:00.000Z',
    };
    expect(statementProblems(good)).toEqual([]);
    const broken: [string, unknown][] = [
      ['id', { ...good, id: 'not-a-uuid' }],
      ['mbox', { ...good, actor: { mbox: 'hoc@vien.vn' } }],
      ['identifier', { ...good, actor: { mbox: 'mailto:a@b.vn', account: { homePage: origin, name: 'x' } } }],
      ['homePage', { ...good, actor: { account: { homePage: 'hoctap', name: 'x' } } }],
      ['verb.id', { ...good, verb: { id: 'completed' } }],
      ['language tag', { ...good, verb: { ...good.verb, display: { 'tiếng việt': 'xong' } } }],
      ['object.id', { ...good, object: { id: '/courses/1' } }],
      ['scaled', { ...good, result: { score: { scaled: 1.5 } } }],
      ['raw', { ...good, result: { score: { raw: 5, min: 0, max: 4 } } }],
      ['timestamp', { ...good, timestamp: '2026-12-02 03:00' }],
      ['unknown', { ...good, learnerPhone: '0912345678' }],
      ['actor', { ...good, actor: undefined }],
    ];
    for (const [what, statement] of broken) expect(statementProblems(JSON.parse(JSON.stringify(statement))), what).not.toEqual([]);
  });
});

describe.each(engines)('xAPI statements on %s', (engine) => {
  let lrs: TestLrs;
  let t: TestApp;
  let learner: Actor;

  beforeAll(async () => {
    lrs = await startTestLrs();
    t = await buildTestApp(engine, { PUBLIC_URL: origin, XAPI_ENDPOINT: lrs.endpoint, XAPI_USERNAME: lrs.username, XAPI_PASSWORD: lrs.password }, { startJobs: false });
    learner = await signedInWith(t, { fullName: 'Phạm Thị Học' });
  });
  afterAll(async () => {
    await t.close();
    await lrs.close();
  });

  it('sends valid statements for a lesson, quiz attempts, the course and its certificate, retrying while the LRS is down', async () => {
    const course = await buildCourse(t.db, {
      modules: [['Bài duy nhất']],
      questions: [question],
      quizzes: [
        { kind: 'practice', questions: ['q-tf'], module: 0 },
        { kind: 'final', questions: ['q-tf'] },
      ],
      completionRule: 'lessons_and_final',
    });
    const { quizzes } = (await learner.get(`/api/courses/${course.id}/quizzes`)).json();
    const quizId = (kind: string) => quizzes.find((q: { kind: string }) => q.kind === kind).id as number;
    const at = new Date(t.clock.now()).toISOString();
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    const practice = (await learner.post(`/api/quizzes/${quizId('practice')}/attempts`)).json();
    expect((await learner.post(`/api/attempts/${practice.id}/submit`, {})).json().result).toMatchObject({ passed: false });
    const final = (await learner.post(`/api/quizzes/${quizId('final')}/attempts`)).json();
    expect((await learner.post(`/api/attempts/${final.id}/submit`, { answers: { 'q-tf': false } })).json().result).toMatchObject({ passed: true });

    lrs.failures.push(503);
    await t.app.jobs.runDue();
    const waiting = await t.db.selectFrom('jobs').select(['kind', 'run_after', 'attempts', 'last_error']).execute();
    expect(waiting).toEqual([expect.objectContaining({ kind: 'xapi_statements', attempts: 1, last_error: expect.stringContaining('503') })]);
    t.clock.current = Number(waiting[0]!.run_after);
    await t.app.jobs.runDue();
    expect(await t.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
    expect(lrs.refused).toEqual([]);

    const statements = [...lrs.statements.values()] as unknown as Statement[];
    const byVerb = (verb: string, object: string) => statements.filter((s) => s.verb.id.endsWith(`/${verb}`) && s.object.id === `${origin}${object}`);
    expect(statements).toHaveLength(7);
    expect(byVerb('completed', `/lessons/${course.lessonIds[0]}`)).toHaveLength(1);
    expect(byVerb('answered', `/quizzes/${quizId('practice')}`)).toEqual([expect.objectContaining({ result: { score: { raw: 0, min: 0, max: 1, scaled: 0 }, completion: true } })]);
    expect(byVerb('failed', `/quizzes/${quizId('practice')}`)).toEqual([expect.objectContaining({ result: expect.objectContaining({ success: false }) })]);
    expect(byVerb('passed', `/quizzes/${quizId('final')}`)).toEqual([expect.objectContaining({ result: { score: { raw: 1, min: 0, max: 1, scaled: 1 }, success: true, completion: true } })]);
    expect(byVerb('completed', `/courses/${course.id}`)).toHaveLength(1);
    const earned = statements.filter((s) => s.verb.id === 'http://id.tincanapi.com/verb/earned');
    expect(earned).toEqual([expect.objectContaining({ object: expect.objectContaining({ id: expect.stringMatching(new RegExp(`^${origin}/verify/`)) }) })]);

    // One opaque actor, on the platform's home page; never the phone, the name or the account id.
    const actors = new Set(statements.map((s) => JSON.stringify(s.actor)));
    expect(actors.size).toBe(1);
    const actor = statements[0]!.actor;
    expect(actor.account.homePage).toBe(origin);
    expect(actor.account.name).toMatch(/^[0-9a-f-]{36}$/);
    const everything = JSON.stringify(statements);
    expect(everything).not.toContain(learner.phone!.slice(3));
    expect(everything).not.toContain('Phạm Thị Học');
    expect(actor.account.name).not.toBe(String(learner.userId));
  });

  it('a statement sent again keeps its id, and the LRS keeps one copy', async () => {
    const before = lrs.statements.size;
    const sent = [...lrs.statements.values()];
    const kind = xapiStatementsKind({ endpoint: lrs.endpoint, username: lrs.username, password: lrs.password, origin, timeoutMs: 5000 });
    await kind.run({ statements: sent }, { attempt: 1 });
    expect(lrs.statements.size).toBe(before);
    // Different content under a known id is a conflict, and the job fails (to be retried, not dropped).
    await expect(kind.run({ statements: [{ ...sent[0], timestamp: '2020-01-01T00:00:00.000Z' }] }, { attempt: 1 })).rejects.toThrow(/409/);
    await expect(
      xapiStatementsKind({ endpoint: lrs.endpoint, username: lrs.username, password: 'wrong', origin, timeoutMs: 5000 }).run({ statements: sent }, { attempt: 1 }),
    ).rejects.toThrow(/401/);
  });
});

describe.each(engines)('without a learning record store, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    // Jobs stay in the table (the runner is not started), so what the write path recorded can be read back.
    t = await buildTestApp(engine, {}, { startJobs: false });
  });
  afterAll(() => t?.close());

  it('records no lesson event in the progress write path, but still the course completion webhooks need', async () => {
    const learner = await signedInWith(t);
    const course = await buildCourse(t.db, { modules: [['Bài duy nhất']] });
    const at = new Date(t.clock.now()).toISOString();
    expect((await learner.post('/api/progress', { eventId: randomUUID(), lessonId: course.lessonIds[0], type: 'completed', at })).statusCode).toBe(200);
    const types = (await t.db.selectFrom('jobs').select('payload').where('kind', '=', 'integration_event').execute()).map((j) => JSON.parse(j.payload).type).sort();
    expect(types).toEqual(['certificate.issued', 'course.completed']);
  });
});
