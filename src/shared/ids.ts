/** Branded ids: a UserId cannot be passed where a UnitId is expected. */
export type UserId = number & { readonly __brand: 'UserId' };
export type UnitId = number & { readonly __brand: 'UnitId' };
export type GrantId = number & { readonly __brand: 'GrantId' };
export type ApiTokenId = number & { readonly __brand: 'ApiTokenId' };
export type CourseId = number & { readonly __brand: 'CourseId' };
export type ModuleId = number & { readonly __brand: 'ModuleId' };
export type LessonId = number & { readonly __brand: 'LessonId' };
export type CourseVersionId = number & { readonly __brand: 'CourseVersionId' };
export type QuestionId = number & { readonly __brand: 'QuestionId' };
export type QuizId = number & { readonly __brand: 'QuizId' };
export type AttemptId = number & { readonly __brand: 'AttemptId' };
export type CertificateId = number & { readonly __brand: 'CertificateId' };
// Webhooks
export type WebhookId = number & { readonly __brand: 'WebhookId' };
export type WebhookDeliveryId = number & { readonly __brand: 'WebhookDeliveryId' };
// Helper teams, assisted sign-up and sign-in cards
export type TeamId = number & { readonly __brand: 'TeamId' };
export type AssistedSignupId = number & { readonly __brand: 'AssistedSignupId' };
export type CardId = number & { readonly __brand: 'CardId' };
// Support requests
export type SupportRequestId = number & { readonly __brand: 'SupportRequestId' };
// In-person classes
export type ClassId = number & { readonly __brand: 'ClassId' };
// Events (issue 14)
export type EventId = number & { readonly __brand: 'EventId' };
export type VenueId = number & { readonly __brand: 'VenueId' };
export type AgendaItemId = number & { readonly __brand: 'AgendaItemId' };
export type ParticipantGroupId = number & { readonly __brand: 'ParticipantGroupId' };
export type InvitationId = number & { readonly __brand: 'InvitationId' };
// Event tasks, budget and news (issue 14)
export type EventTaskId = number & { readonly __brand: 'EventTaskId' };
export type BudgetLineId = number & { readonly __brand: 'BudgetLineId' };
export type NewsPostId = number & { readonly __brand: 'NewsPostId' };
export type ScreenTokenId = number & { readonly __brand: 'ScreenTokenId' };
