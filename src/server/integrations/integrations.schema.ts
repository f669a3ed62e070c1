/**
 * The domain events other systems hear about. Producers describe what happened
 * with ids only; the fan-out job (integrations.service) turns an event into
 * webhook deliveries and xAPI statements. New capabilities add their event here
 * (support_request.opened, event.checked_in) and, if other systems may subscribe,
 * to webhookEventTypes.
 */
import type { AttemptId, CourseId, LessonId, QuizId, UserId } from '../../shared/ids.js';

/** What an admin may subscribe a webhook to. */
export const webhookEventTypes = ['learner.registered', 'course.completed', 'certificate.issued', 'certificate.revoked'] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

interface EventBase {
  /** The learner the event is about; the event belongs to the learner's home unit. */
  userId: UserId;
  /** When it happened (ms). */
  at: number;
}

export type IntegrationEvent = EventBase &
  (
    | { type: 'learner.registered' }
    | { type: 'course.completed'; courseId: CourseId; courseTitle: string }
    | { type: 'certificate.issued' | 'certificate.revoked'; courseId: CourseId; courseTitle: string; certificateCode: string }
    | { type: 'lesson.completed'; courseId: CourseId; lessonId: LessonId }
    | { type: 'quiz.submitted'; courseId: CourseId; quizId: QuizId; attemptId: AttemptId; score: number; maxScore: number; passed: boolean }
  );

/** An event as the queue keeps it: with the id that webhooks send as webhook-id and xAPI statement ids derive from. */
export type PublishedEvent = IntegrationEvent & { id: string };

/** The learner's home unit at fan-out, which decides which webhook endpoints hear the event. */
export interface EventUnit {
  id: number;
  code: string;
  path: string;
}
