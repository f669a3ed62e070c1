/**
 * Answers that are JSON already: kept copies of published content (lessons, course pages, the catalog, news) and
 * answers assembled from such pieces. Serializing them again would cost the time the copy saves and re-escape them.
 * Whoever makes the text makes it of exactly the route's declared shape: with `reply.serialize` (the route's own
 * serializer, which drops undeclared fields) or from pieces that were.
 */
import type { FastifyReply } from 'fastify';

export function sendReadyJson(reply: FastifyReply, json: string | Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').serializer((payload) => payload as string).send(json as never);
}
