/**
 * The PWA's only door to the server: JSON, same-origin cookie, the chosen language,
 * typed errors. Calls name a route of the endpoint map (`server/openapi/endpoints.schema.ts`),
 * e.g. `api('GET /api/courses/:id', { params: { id } })`, and get its body, query and
 * answer types from the schemas the server itself validates with.
 */
import { signal } from '@preact/signals';
import type { Static, TSchema } from 'typebox';
import type { endpoints } from '../server/openapi/endpoints.schema.js';
import { language, t } from './i18n/i18n.js';
import { session } from './session.js';

type Endpoints = typeof endpoints;
export type Route = keyof Endpoints;

type PathOf<R> = R extends `${string} ${infer P}` ? P : never;
type ParamNames<P> = P extends `${string}:${infer N}/${infer Rest}` ? N | ParamNames<`/${Rest}`> : P extends `${string}:${infer N}` ? N : never;

/** What the route answers (nothing for a 204). */
export type Answer<R extends Route> = Endpoints[R] extends { response: infer S extends TSchema } ? Static<S> : undefined;
/** What the route takes as its JSON body. */
export type BodyOf<R extends Route> = Endpoints[R] extends { body: infer S extends TSchema } ? Static<S> : never;
type QueryOf<R extends Route> = Endpoints[R] extends { query: infer S extends TSchema } ? { [K in keyof Static<S>]?: Static<S>[K] } : never;

type Params<R extends Route> = [ParamNames<PathOf<R>>] extends [never] ? { params?: never } : { params: Record<ParamNames<PathOf<R>>, string | number> };
type Body<R extends Route> = [BodyOf<R>] extends [never] ? { body?: never } : Endpoints[R] extends { upload: true } ? { body?: never } : { body: BodyOf<R> };
type Query<R extends Route> = [QueryOf<R>] extends [never] ? { query?: never } : { query?: QueryOf<R> };

/** The path parameters, JSON body and query string of one call, as the route declares them. */
export type Call<R extends Route> = Params<R> & Body<R> & Query<R>;
/** The call may be left out when the route needs neither parameters nor a body. */
export type CallArgs<R extends Route> = object extends Call<R> ? [call?: Call<R>] : [call: Call<R>];

export class ApiError extends Error {
  /** Every problem of a refused document (course, package), with where it is. */
  problems: { place: string; message: string }[] = [];
  /** On a 409: what the server holds now. */
  current: unknown = undefined;
  /** On a refused members file: the row-by-row report. */
  report: unknown = undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The URL of a call: path parameters filled in (encoded), the query string appended. */
export function urlOf<R extends Route>(route: R, call?: Call<R>): string {
  const params = (call?.params ?? {}) as Record<string, string | number>;
  const path = route.slice(route.indexOf(' ') + 1).replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries((call?.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

export async function api<R extends Route>(route: R, ...[call]: CallArgs<R>): Promise<Answer<R>> {
  const body = (call as { body?: unknown } | undefined)?.body;
  return send<Answer<R>>(route, urlOf(route, call), {
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

type UploadRoute = { [R in Route]: Endpoints[R] extends { upload: true } ? R : never }[Route];

/** Sends a file's bytes as the request body (uploads: media, course packages, members files). */
export async function uploadFile<R extends UploadRoute>(route: R, call: Call<R>, file: Blob): Promise<Answer<R>> {
  return send<Answer<R>>(route, urlOf(route, call), { headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
}

type FileRoute = { [R in Route]: Answer<R> extends Uint8Array ? R : never }[Route];

/** Calls a route that answers a file made on demand (printable cards): its bytes, for the page to save or open. */
export async function fetchFile<R extends FileRoute>(route: R, ...[call]: CallArgs<R>): Promise<Blob> {
  const body = (call as { body?: unknown } | undefined)?.body;
  return send<Blob>(
    route,
    urlOf(route, call),
    { headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) },
    (response) => response.blob(),
  );
}

/** True while a call waits to try again because the server is overloaded (503) or throttling (429): Layout says so. */
export const overloaded = signal(false);
let waitingCalls = 0;

// Only reads are tried again by themselves: a write refused under load is left to the person (a sign-up sent
// twice must not be), and progress events have their own queue (offline/outbox.ts).
const maxAttempts = 5;
// A longer wait (a rate limit counted in minutes) is the person's to take, with the server's message.
const longestRetryAfterMs = 60_000;

/** Milliseconds the server asks to wait (seconds or an HTTP date); 0 when it does not say. */
function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/** Exponential backoff with full jitter, never sooner than Retry-After: the refused do not all come back at once. */
function retryDelayMs(attempt: number, response: Response): number | null {
  const asked = retryAfterMs(response.headers.get('retry-after'));
  if (asked > longestRetryAfterMs) return null;
  return asked + Math.random() * 1000 * 2 ** attempt;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends once, or for a read refused under load, again after a growing pause, while `overloaded` says so. */
async function fetchPatiently(method: string, url: string, init: RequestInit): Promise<Response> {
  const patient = method === 'GET';
  let waiting = false;
  try {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(url, { ...init, method });
      const refused = response.status === 503 || response.status === 429;
      const delay = patient && refused && attempt + 1 < maxAttempts ? retryDelayMs(attempt, response) : null;
      if (delay === null) return response;
      if (!waiting) {
        waiting = true;
        waitingCalls++;
        overloaded.value = true;
      }
      await pause(delay);
    }
  } finally {
    if (waiting) overloaded.value = --waitingCalls > 0;
  }
}

async function send<T>(
  route: Route,
  url: string,
  init: { headers: Record<string, string>; body: BodyInit | undefined },
  read: (response: Response) => Promise<unknown> = (response) => response.json().catch(() => null),
): Promise<T> {
  let response: Response;
  try {
    response = await fetchPatiently(route.slice(0, route.indexOf(' ')), url, {
      credentials: 'same-origin',
      headers: { 'accept-language': language.peek(), ...init.headers },
      body: init.body,
    });
  } catch {
    throw new ApiError(0, 'network', t('common.networkError'));
  }
  if (response.status === 204) return undefined as T;
  const payload = response.ok ? await read(response) : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; fields?: Record<string, string>; problems?: unknown; current?: unknown; report?: unknown } } | null)?.error;
    // The session ended (expired, signed out elsewhere): every page that needs one then sends the person to sign in and back.
    if (response.status === 401 && error?.code === 'unauthenticated') session.value = null;
    throw Object.assign(new ApiError(response.status, error?.code ?? 'internal', error?.message ?? t('error.internal'), error?.fields ?? {}), {
      problems: error?.problems ?? [],
      current: error?.current,
      report: error?.report,
    });
  }
  return payload as T;
}
