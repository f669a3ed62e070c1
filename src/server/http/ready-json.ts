/**
 * Answers that are JSON already, in UTF-8 bytes: kept copies of published content (lessons, course pages, the catalog,
 * news) and answers assembled from such pieces. Serializing them again would cost the time the copy saves, and a
 * string of Vietnamese text would be encoded again for every answer. Whoever makes the bytes makes them of exactly
 * the route's declared shape: with `reply.serialize` (the route's own serializer, which drops undeclared fields) or
 * from pieces that were. Fastify sends a Buffer as it is.
 */
import type { FastifyReply } from 'fastify';

export function sendReadyJson(reply: FastifyReply, json: Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
