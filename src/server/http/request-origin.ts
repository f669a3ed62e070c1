import type { FastifyRequest } from 'fastify';
import type { Language } from '../../shared/limits.js';
import { unauthenticated } from '../errors.js';
import type { Viewer } from './request-context.js';
import { sessionTokenOf } from './sessions.js';

/** Where a sign-in, registration or reset comes from: kept with the session and in the audit log. */
export interface RequestOrigin {
  ip: string;
  userAgent: string;
  language: Language;
  /** The session token the browser already holds, replaced at sign-in. */
  currentToken?: string;
}

export function originOf(request: FastifyRequest): RequestOrigin {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    language: request.language,
    currentToken: sessionTokenOf(request),
  };
}

/** The signed-in person on routes whose policy already demanded one. */
export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw unauthenticated();
  return request.viewer;
}
