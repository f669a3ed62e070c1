import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { App } from './app-type.js';
import { registerCompression } from './compression.js';

/** What is compressed, decided by type alone: the same plugin the app registers, on a bare server. */
describe('compression by content type', () => {
  const body = 'x'.repeat(4096);
  it.each([
    ['application/json; charset=utf-8', 'gzip'],
    ['application/vc+ld+json', 'gzip'],
    ['text/event-stream; charset=utf-8', undefined],
    ['image/webp', undefined],
    ['application/pdf', undefined],
    ['video/mp4', undefined],
  ])('%s → %s', async (type, encoding) => {
    const app = Fastify() as unknown as App;
    await registerCompression(app);
    app.get('/', (_request, reply) => reply.type(type).send(body));
    const response = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(response.headers['content-encoding']).toBe(encoding);
    if (!encoding) expect(response.rawPayload.length).toBe(body.length);
    await app.close();
  });
});
