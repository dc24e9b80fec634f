import { createServer, Server } from 'node:http';
import { metricsRegistry } from './sla-metrics';

/** A worker process has no HTTP API; this tiny server lets Prometheus scrape its firing metrics. */
export function startWorkerMetricsServer(port: number, token: string): Server | null {
  if (port === 0) return null;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    if (token && req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
    metricsRegistry
      .metrics()
      .then((body) => res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(body))
      .catch(() => res.writeHead(500).end());
  });
  server.listen(port);
  return server;
}
