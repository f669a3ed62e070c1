/**
 * xAPI 1.0.3 statements for learning events, sent to the Learning Record Store
 * configured by XAPI_ENDPOINT from the durable job queue, with retries. The actor
 * is an account on the platform's home page named by an opaque id derived from the
 * account id (never a phone number or a name); activities are the platform's own
 * public URLs; statement ids derive from the event id, so a re-send after a crash
 * carries the same ids and the LRS keeps one copy.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../db/database.js';
import { enqueueJob } from '../jobs/jobs.queries.js';
import { backoffWithJitter, type JobKind } from '../jobs/jobs.service.js';
import type { PublishedEvent } from '../integrations/integrations.schema.js';

export interface XapiSettings {
  /** The LRS endpoint, ending in '/': statements go to `${endpoint}statements`. */
  endpoint: string;
  username: string;
  password: string;
  /** PUBLIC_URL: the actor's homePage and the base of activity ids. */
  origin: string;
  timeoutMs: number;
}

export const xapiStatementsJob = 'xapi_statements';

const adl = (verb: string, vi: string) => ({ id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb, 'vi-VN': vi } });
const verbs = {
  completed: adl('completed', 'đã hoàn thành'),
  answered: adl('answered', 'đã làm bài'),
  passed: adl('passed', 'đã đạt'),
  failed: adl('failed', 'chưa đạt'),
  // ADL's own list has no verb for receiving a credential; "earned" from the xAPI registry (registry.tincanapi.com)
  // is defined for exactly this: the actor earned an award, badge or certificate.
  earned: { id: 'http://id.tincanapi.com/verb/earned', display: { 'en-US': 'earned', 'vi-VN': 'đã nhận' } },
};
const activityType = (name: string) => `http://adlnet.gov/expapi/activities/${name}`;

/** A name-based (version 5 layout, SHA-1) UUID: the same name always gives the same id. */
function uuidFromName(name: string): string {
  const hash = createHash('sha1').update(`hoctap-xapi:${name}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type Statement = Record<string, unknown>;

/** The statements an event makes (none for events xAPI has no word for, such as a registration). */
export function statementsOf(event: PublishedEvent, origin: string): Statement[] {
  const actor = { objectType: 'Agent', account: { homePage: origin, name: uuidFromName(`learner:${event.userId}`) } };
  const timestamp = new Date(event.at).toISOString();
  const statement = (verb: keyof typeof verbs, object: Statement, extra: Statement = {}): Statement => ({
    id: uuidFromName(`${event.id}:${verb}`),
    actor,
    verb: verbs[verb],
    object: { objectType: 'Activity', ...object },
    timestamp,
    ...extra,
  });
  if (event.type === 'learner.registered' || event.type === 'certificate.revoked') return [];
  const course = { id: `${origin}/courses/${event.courseId}`, definition: { type: activityType('course') } };
  const inCourse = { context: { contextActivities: { parent: [{ id: course.id, objectType: 'Activity' }] }, platform: 'Học tập suốt đời', language: 'vi-VN' } };
  switch (event.type) {
    case 'lesson.completed':
      return [statement('completed', { id: `${origin}/lessons/${event.lessonId}`, definition: { type: activityType('lesson') } }, { result: { completion: true }, ...inCourse })];
    case 'quiz.submitted': {
      const quiz = { id: `${origin}/quizzes/${event.quizId}`, definition: { type: activityType('assessment') } };
      const score = { raw: event.score, min: 0, max: event.maxScore, scaled: event.maxScore === 0 ? 0 : Math.round((event.score / event.maxScore) * 10_000) / 10_000 };
      return [
        statement('answered', quiz, { result: { score, completion: true }, ...inCourse }),
        statement(event.passed ? 'passed' : 'failed', quiz, { result: { score, success: event.passed, completion: true }, ...inCourse }),
      ];
    }
    case 'course.completed':
      return [statement('completed', { ...course, definition: { ...course.definition, name: { 'vi-VN': event.courseTitle } } }, { result: { completion: true } })];
    case 'certificate.issued':
      return [statement('earned', { id: `${origin}/verify/${event.certificateCode}`, definition: { name: { 'vi-VN': event.courseTitle } } }, inCourse)];
  }
}

/** In the fan-out transaction: one job carrying the event's statements. */
export async function queueXapiStatements(trx: Tx, settings: XapiSettings, event: PublishedEvent, now: number): Promise<void> {
  const statements = statementsOf(event, settings.origin);
  if (statements.length > 0) await enqueueJob(trx, { kind: xapiStatementsJob, payload: { statements }, userId: event.userId, now });
}

/** POSTs the statements; anything but a 2xx is tried again later (the LRS keeps one copy of a repeated id). */
export function xapiStatementsKind(settings: XapiSettings): JobKind {
  const authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
  return {
    retryDelayMs: backoffWithJitter(30_000, 12),
    run: async (payload) => {
      const { statements } = payload as { statements: Statement[] };
      const response = await fetch(`${settings.endpoint}statements`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
        body: JSON.stringify(statements),
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      // Read (and drop) the body so that the connection is released.
      const text = await response.text();
      if (!response.ok) throw new Error(`LRS answered ${response.status}: ${text.slice(0, 200)}`);
    },
  };
}
