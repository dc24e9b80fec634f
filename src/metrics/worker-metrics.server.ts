import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { metricsRegistry } from './sla-metrics';

/**
 * A worker process has no HTTP API; this tiny server lets Prometheus scrape its firing metrics
 * (and the container health check ask whether it lives). Port 0 turns it off. A port another
 * worker on the same host already holds is logged and the worker goes on without metrics.
 */
export function startWorkerMetricsServer(port: number, token: string): Server | null {
  if (port === 0) return null;
  const logger = new Logger('WorkerMetrics');
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    if (token && req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
    metricsRegistry
      .metrics()
      .then((body) => res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(body))
      .catch(() => res.writeHead(500).end());
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    logger.warn(`worker metrics not served on :${port} (${error.code ?? error.message}); the worker runs on without them`);
  });
  server.on('listening', () => logger.log(`worker metrics on :${port}/metrics`));
  server.listen(port);
  return server;
}
