/**
 * Metrics of several processes as one: under `serve --workers N` the cluster primary calls startClusterMetrics
 * once; each worker's app hands its registry over on request (createMetrics does that in a worker), and prom-client's
 * AggregatorRegistry adds them up by each metric's aggregator. The primary serves no app and holds no database.
 */
import { createServer, type Server } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from '../config.js';
import { presentsSecret } from '../http/policies.js';

/**
 * Listens on METRICS_HOST:METRICS_PORT and answers `GET /metrics` (Bearer METRICS_TOKEN, as on the app's own
 * /metrics) with every worker's metrics together. Resolves to the listening server (close it at shutdown), or
 * to null when METRICS_TOKEN is unset.
 */
export async function startClusterMetrics(config: Pick<Config, 'metricsToken' | 'metricsHost' | 'metricsPort'>): Promise<Server | null> {
  const token = config.metricsToken;
  if (!token) return null;
  const aggregator = new AggregatorRegistry();
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') return void response.writeHead(404).end();
    if (!presentsSecret(request.headers.authorization, token)) return void response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    aggregator.clusterMetrics().then(
      (text) => response.writeHead(200, { 'content-type': aggregator.contentType, 'cache-control': 'no-store' }).end(text),
      // A worker that does not answer within 5 s (prom-client's limit): this scrape fails, the next one asks again.
      () => response.writeHead(503, { 'retry-after': '5' }).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metricsPort, config.metricsHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
