/** The PWA's only door to the server: JSON, same-origin cookie, the chosen language, typed errors. */
import { language, t } from './i18n/i18n.js';
import { session } from './session.js';

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

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'accept-language': language.peek(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', t('common.networkError'));
  }
  if (response.status === 204) return undefined as T;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error;
    // The session ended (expired, signed out elsewhere): every page that needs one then sends the person to sign in and back.
    if (response.status === 401 && error?.code === 'unauthenticated') session.value = null;
    throw Object.assign(new ApiError(response.status, error?.code ?? 'internal', error?.message ?? t('error.internal'), error?.fields ?? {}), {
      problems: error?.problems ?? [],
      current: error?.current,
    });
  }
  return payload as T;
}

/** Sends a file's bytes as the request body (uploads: media, course packages). */
export async function uploadFile<T>(path: string, file: Blob): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'accept-language': language.peek(), 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', t('common.networkError'));
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error;
    throw Object.assign(new ApiError(response.status, error?.code ?? 'internal', error?.message ?? t('error.internal'), error?.fields ?? {}), { problems: error?.problems ?? [], report: error?.report });
  }
  return payload as T;
}
