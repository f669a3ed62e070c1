import type { FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../auth/auth.service.js';
import { unauthenticated } from '../errors.js';
import type { Viewer } from './request-context.js';
import { sessionTokenOf } from './sessions.js';

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
