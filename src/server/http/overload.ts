/**
 * Graceful overload: while the event loop lags (OVERLOAD_MAX_EVENT_LOOP_DELAY_MS), is busy nearly all the time
 * (OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT, off by default: building the app at start, or any one task of a
 * second, fills a sample as much as a backlog does) or the heap nears its limit (OVERLOAD_MAX_HEAP_MB), API requests
 * (two one-second samples in a row) are refused at once with 503 overloaded and Retry-After, before any session lookup or database work, so the
 * process sheds load instead of slowing everyone down or running out of memory, and serves again by itself as
 * soon as a one-second sample is back under the limits. Health probes are never refused: live must answer (or
 * the process gets restarted, losing everything in flight), and ready stays ready, since taking an overloaded
 * instance out of rotation only pushes its load onto the others. Pages and their files are cheap and served
 * still, so the PWA opens and says it is overloaded.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { getHeapStatistics } from 'node:v8';
import { languageFromAcceptLanguage } from '../../shared/i18n/translate.js';
import type { Config } from '../config.js';
import { overloaded } from '../errors.js';

/** Long enough for a burst to pass; the PWA adds jitter so that the refused do not all come back at once. */
export const overloadRetryAfterSeconds = 10;

// One warning per this long at most: a line per refused request would add to the load it reports.
const warnEveryMs = 10_000;

export async function registerOverloadProtection(app: FastifyInstance, limits: Config['overload'], sampleIntervalMs = 1000): Promise<void> {
  let lastWarning = 0;
  let refusedSinceWarning = 0;
  // Overload is two samples in a row over a limit. One alone is often a single long task (building the app at
  // start fills a sample with a few huge delays): it is over already, and refusing the next second helps nobody.
  let samplesOver = 0;
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxEventLoopUtilization: limits.maxEventLoopUtilization,
    // Each sample on its own: the default ("cumulative") averages over the whole life of the process.
    eventLoopUtilizationMode: 'interval',
    maxHeapUsedBytes: limits.maxHeapBytes ?? Math.floor(getHeapStatistics().heap_size_limit * 0.9),
    sampleInterval: sampleIntervalMs,
    pressureHandler: async (request, _reply, type, value) => {
      if (samplesOver < 2 || request.routeOptions.config?.probe === true || !request.url.startsWith('/api/')) return;
      refusedSinceWarning++;
      const now = Date.now();
      if (now - lastWarning >= warnEveryMs) {
        request.log.warn({ pressure: type, value, refused: refusedSinceWarning }, 'overloaded: API requests get 503 until it passes');
        lastWarning = now;
        refusedSinceWarning = 0;
      }
      // The request hooks that set the language run after this one.
      request.language = languageFromAcceptLanguage(request.headers['accept-language']);
      throw overloaded(overloadRetryAfterSeconds);
    },
  });
  const counter = setInterval(() => {
    samplesOver = app.isUnderPressure() ? samplesOver + 1 : 0;
  }, sampleIntervalMs);
  counter.unref();
  app.addHook('onClose', async () => clearInterval(counter));
}
