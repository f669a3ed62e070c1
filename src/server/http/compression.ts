/**
 * API answers compressed for phones on slow 3G: JSON of 1 KB or more leaves as
 * brotli (low quality: fast enough for the cached lesson path) or gzip, as the
 * phone asks. Media (WebP, MP4, PDF…) are compressed already and are left alone;
 * the big screen's event stream is written on the raw response and never passes
 * here. The PWA's own files are compressed at build time (vite.config.ts).
 */
import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { App } from './app-type.js';

const json = /^application\/(?:[\w.-]+\+)?json(?:;|$)/;

export async function registerCompression(app: App): Promise<void> {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: (type: string) => json.test(type),
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  // The same address answers differently by Accept-Encoding: caches must know it even when the answer went out plain.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (json.test(String(reply.getHeader('content-type') ?? '')) && !String(reply.getHeader('vary') ?? '').toLowerCase().includes('accept-encoding')) {
      const vary = reply.getHeader('vary');
      reply.header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding');
    }
    return payload;
  });
}
