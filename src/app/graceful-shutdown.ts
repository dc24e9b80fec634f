import { INestApplication, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';

/**
 * Prompt shutdown on SIGTERM/SIGINT: stop accepting connections, answer in-flight requests
 * with `Connection: close` so keep-alive clients move on, close idle keep-alive sockets at
 * once, and after the grace period close whatever is still open. Nest's shutdown hooks then
 * stop the workers (BullMQ waits for the jobs in hand) and the connections to PostgreSQL and
 * Redis. Returns the function that begins it (what the signal calls).
 */
export function enableGracefulShutdown(app: INestApplication, graceMs: number): () => void {
  let closing = false;
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (closing) res.setHeader('Connection', 'close');
    next();
  });
  const begin = () => {
    if (closing) return;
    closing = true;
    const server = app.getHttpServer() as Server;
    new Logger('Shutdown').log(`shutting down: finishing requests in flight (at most ${graceMs} ms)`);
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), graceMs).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, begin);
  return begin;
}
