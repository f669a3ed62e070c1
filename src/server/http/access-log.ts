/**
 * Issue 17, logs: one JSON access line per request, and a request id on every
 * line of that request. The id comes from the proxy (`X-Request-Id`, when it is
 * a short safe token) or is made here, and goes back in the `X-Request-Id`
 * answer header. Fastify's request logger is a child carrying it as `reqId`.
 *
 * An access line names the route pattern (`/api/units/:code/members/import`),
 * never the address as sent: query strings may carry phones or tokens. The
 * person is named by their user id only, never by phone or name.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Where log lines go (pino's destination): a test passes a stream it reads. */
export interface LogStream {
  write(line: string): void;
}

const safeRequestId = /^[A-Za-z0-9._-]{1,64}$/;

/** The proxy's id when it is a safe short token (anything else could forge log lines), otherwise a new one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && safeRequestId.test(given) ? given : randomUUID();
}

/** Values that must never reach the log, wherever a log call puts a request, an answer, a body or an error. */
export const redactedLogPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.body',
  'req.query',
  'res.headers["set-cookie"]',
  'body',
  'password',
  'phone',
  '*.password',
  '*.newPassword',
  '*.phone',
  // PostgreSQL puts the offending values into an error's detail ("Key (phone)=(+84…) already exists").
  'err.detail',
  'err.parameters',
];

/** A request in a log line: no headers, and the path without its query (Fastify's own serializer keeps both). */
function requestSerializer(request: { method: string; url: string; id?: string }) {
  return { method: request.method, path: request.url.split('?', 1)[0]!.slice(0, 200) };
}

export function loggerOptions(level: string, stream?: LogStream) {
  return { level, redact: { paths: redactedLogPaths, censor: '[redacted]' }, serializers: { req: requestSerializer }, ...(stream ? { stream } : {}) };
}

/**
 * Fastify's own request lines are off (they carry the raw URL); this writes the access line instead, when the
 * answer has gone out. Its level is info: LOG_LEVEL=warn keeps only problems.
 */
export class AccessLog extends LogController {
  constructor() {
    super({ disableRequestLogging: true });
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      // Unknown addresses have no pattern: their path (without the query) says what was asked for.
      route: request.routeOptions.url ?? request.url.split('?', 1)[0]!.slice(0, 200),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      userId: request.viewer?.userId ?? null,
    };
    if (error) reply.log.warn({ ...line, err: { type: error.name, message: error.message } }, 'request aborted');
    else reply.log.info(line, 'request');
  }
}

/** Answers carry the request id, so that a person reporting a problem (or the proxy) can quote it. */
export function installRequestIdHeader(app: FastifyInstance): void {
  // A callback hook: no promise on the hottest path.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
