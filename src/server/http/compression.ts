/**
 * API answers compressed for phones on slow 3G: JSON of 1 KB or more leaves
 * gzip-encoded, or brotli at a low quality for a client that takes only that. On
 * answers of a few KB, gzip at level 4 is as small as brotli 4 (±5 %) and costs
 * less CPU per request (measured on a lesson's JSON). Media (WebP, MP4, PDF…)
 * are compressed already and are left alone; the big screen's event stream is
 * written on the raw response and never passes here. The PWA's own files are
 * compressed at build time (vite.config.ts).
 */
import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { App } from './app-type.js';

const json = /^application\/(?:[\w.+-]+\+)?json(?:;|$)/;

export async function registerCompression(app: App): Promise<void> {
  await app.register(compress, {
    // Our preference among the encodings a phone accepts with equal weight: every browser accepts gzip.
    encodings: ['gzip', 'br'],
    threshold: 1024,
    zlibOptions: { level: 4 },
    // Answers only: request bodies stay plain JSON, as the content-type parser in app.ts expects.
    globalDecompression: false,
    customTypes: (type: string) => json.test(type),
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
}
