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
} as const;

/** Letters (any script, with their marks), spaces and the punctuation real names use. */
export const fullNamePattern = "^[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]*$";

export const roles = ['learner', 'helper', 'author', 'manager', 'campaign_lead', 'organiser', 'admin'] as const;
export type Role = (typeof roles)[number];

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

/** Who a course is written for; courses carry any of these as tags. */
export const audiences = ['citizens', 'officials', 'students', 'farmers', 'elderly'] as const;
export type Audience = (typeof audiences)[number];

export const progressEventTypes = ['opened', 'completed'] as const;
export type ProgressEventType = (typeof progressEventTypes)[number];
