/**
 * One error type for the whole server. Services throw AppError with a stable
 * snake_case code; the one handler below renders it as {error:{code,message}}
 * in the request's language and never lets a stack trace reach a user.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isMessageKey, type MessageKey, type MessageParams, translate } from '../shared/i18n/translate.js';
import type { Language } from '../shared/limits.js';
import { isDatabaseUnavailable } from './db/connect.js';

type CodeOf<K> = K extends `error.${infer Code}` ? Code : never;
export type ErrorCode = CodeOf<MessageKey>;

export interface FieldProblem {
  key: MessageKey;
  params?: MessageParams;
}

/** One of many problems in a document (a course, a package), with where it is. */
export interface PlacedProblem {
  place: FieldProblem;
  problem: FieldProblem;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly params: MessageParams = {},
    readonly fields: Readonly<Record<string, FieldProblem>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
    readonly problems: readonly PlacedProblem[] = [],
    /** More for the client, beside code and message (the current version of a conflicting edit). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(code);
  }
}

/** Refuses a document, listing every problem found in it. */
export const documentProblems = (code: ErrorCode, problems: readonly PlacedProblem[], params: MessageParams = {}) =>
  new AppError(code, 400, { count: problems.length, ...params }, {}, {}, problems);

export const badRequest = (code: ErrorCode, params?: MessageParams, field?: string) =>
  new AppError(code, 400, params, field ? { [field]: { key: `error.${code}`, params } } : {});
export const unauthenticated = () => new AppError('unauthenticated', 401);
export const forbidden = () => new AppError('forbidden', 403);
export const notFound = (code: ErrorCode, params?: MessageParams) => new AppError(code, 404, params);
export const conflict = (code: ErrorCode, params?: MessageParams, field?: string) =>
  new AppError(code, 409, params, field ? { [field]: { key: `error.${code}`, params } } : {});
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError('too_many_requests', 429, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) }, {}, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });

/** More work than the process can carry right now: nothing was done, the client may try again after the wait. */
export const overloaded = (retryAfterSeconds: number) =>
  new AppError('overloaded', 503, {}, {}, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; problems?: { place: string; message: string }[] };
}

function fieldLabel(language: Language, field: string): string {
  const key = `field.${field}`;
  return isMessageKey(key) ? translate(language, key) : field;
}

function render(language: Language, code: ErrorCode, params: MessageParams, fields: Readonly<Record<string, FieldProblem>>, problems: readonly PlacedProblem[] = []): ErrorBody {
  const fieldMessages = Object.fromEntries(
    Object.entries(fields).map(([field, problem]) => [field, translate(language, problem.key, { field: fieldLabel(language, field), ...problem.params })]),
  );
  // The first field's message says more than "invalid input" to someone reading a form.
  const message = Object.values(fieldMessages)[0] ?? translate(language, `error.${code}`, params);
  const placed = problems.map((p) => ({ place: translate(language, p.place.key, p.place.params), message: translate(language, p.problem.key, p.problem.params) }));
  return {
    error: { code, message, ...(Object.keys(fieldMessages).length > 0 ? { fields: fieldMessages } : {}), ...(placed.length > 0 ? { problems: placed } : {}) },
  };
}

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Turns schema validation failures into per-field messages a person can act on. */
function fieldProblemsFromValidation(issues: readonly AjvIssue[]): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  for (const issue of issues) {
    const field =
      issue.keyword === 'required' ? String(issue.params.missingProperty) : issue.instancePath.split('/').filter(Boolean)[0] ?? 'body';
    if (problems[field]) continue;
    if (issue.keyword === 'required') problems[field] = { key: 'field.required' };
    else if (issue.keyword === 'maxLength') problems[field] = { key: 'field.too_long', params: { max: Number(issue.params.limit) } };
    else if (issue.keyword === 'minLength' && Number(issue.params.limit) <= 1) problems[field] = { key: 'field.required' };
    else if (issue.keyword === 'minLength') problems[field] = { key: 'field.too_short', params: { min: Number(issue.params.limit) } };
    else if (issue.keyword === 'format' && issue.params.format === 'date') problems[field] = { key: 'field.invalid_day' };
    else problems[field] = { key: 'field.invalid' };
  }
  return problems;
}

const fastifyCodes: Record<string, { status: number; code: ErrorCode }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_input' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_input' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'invalid_input' },
};

/**
 * Error bodies are always this one shape, so they bypass the route's response
 * schemas (a 503 from a route whose 503 schema describes something else must not fail).
 */
export function sendError(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').serializer(JSON.stringify).send(body);
}

/** How soon a client should try again while the database is away: a restart takes seconds. */
export const databaseRetryAfterSeconds = 5;

export function handleError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const language = request.language ?? 'vi';
  if (error instanceof AppError) {
    const body = render(language, error.code, error.params, error.fields, error.problems);
    sendError(reply.headers(error.headers), error.status, { error: { ...body.error, ...error.extra } });
    return;
  }
  if (isDatabaseUnavailable(error)) {
    // Not logged per request: the lost connection is logged once per outage (see health.routes.ts).
    sendError(reply.header('retry-after', String(databaseRetryAfterSeconds)), 503, render(language, 'database_unavailable', {}, {}));
    return;
  }
  const fastifyError = error as FastifyError & { validation?: AjvIssue[] };
  if (fastifyError.validation) {
    sendError(reply, 400, render(language, 'invalid_input', {}, fieldProblemsFromValidation(fastifyError.validation)));
    return;
  }
  const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (known) {
    sendError(reply, known.status, render(language, known.code, {}, {}));
    return;
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    sendError(reply, 400, render(language, 'invalid_json', {}, {}));
    return;
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    sendError(reply, status, render(language, status === 404 ? 'route_not_found' : status === 405 ? 'method_not_allowed' : 'invalid_input', {}, {}));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  sendError(reply, 500, render(language, 'internal', {}, {}));
}

export function errorBody(language: Language, code: ErrorCode, params: MessageParams = {}): ErrorBody {
  return render(language, code, params, {});
}
