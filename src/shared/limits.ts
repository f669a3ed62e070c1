/** Limits shared by server schemas and browser forms, so both refuse the same input. */
export const limits = {
  passwordMinLength: 8,
  // argon2 cost grows with input; nobody types more than this on a phone.
  passwordMaxLength: 128,
  fullNameMinLength: 2,
  fullNameMaxLength: 120,
  phoneInputMaxLength: 20,
  unitCodeMaxLength: 32,
  searchQueryMaxLength: 100,
  oneTimeCodeLength: 6,
  birthYearMin: 1900,
  // Children sign up with their school; the youngest learners are about 6.
  minimumAgeYears: 6,
  // Sign-in cards printed at once: a helper's A4 sheets for one sitting (5 pages of 8).
  cardsPerPrint: 40,
} as const;

/** Letters (any script, with their marks), spaces and the punctuation real names use. */
export const fullNamePattern = "^[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]*$";

export const roles = ['learner', 'helper', 'author', 'manager', 'campaign_lead', 'organiser', 'admin', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** Those who watch units' figures: managers of a unit and the units below it, the steering committee, the operator. */
export const watcherRoles = ['manager', 'campaign_lead', 'admin'] as const satisfies readonly Role[];

/**
 * What an API token may be allowed to do (server-to-server calls). A route names the one scope it
 * accepts in its policy (http/policies.ts allow.orToken); events:read waits for the events capability.
 */
export const apiTokenScopes = ['dashboards:read', 'learners:read', 'members:read', 'members:write', 'reports:read', 'events:read'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

/** The kinds of question a quiz may hold (server/authoring/quiz-documents.ts checks each). */
export const questionTypes = ['single', 'multiple', 'true_false', 'ordering', 'matching', 'short_text'] as const;
export type QuestionType = (typeof questionTypes)[number];

export const languages = ['vi', 'en', 'km'] as const;
export type Language = (typeof languages)[number];

/** Languages a lesson may have a version in besides its own (lessons are written in Vietnamese first). */
export const lessonTranslationLanguages = ['km'] as const;
export type LessonTranslationLanguage = (typeof lessonTranslationLanguages)[number];

/** Who a course is written for; courses carry any of these as tags. */
export const audiences = ['citizens', 'officials', 'students', 'farmers', 'elderly'] as const;
export type Audience = (typeof audiences)[number];

export const progressEventTypes = ['opened', 'completed'] as const;
export type ProgressEventType = (typeof progressEventTypes)[number];
