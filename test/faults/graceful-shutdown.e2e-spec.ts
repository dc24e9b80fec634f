import { Agent, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { enableGracefulShutdown } from '../../src/app/graceful-shutdown';
import { createTestApp, TestApp } from '../support/test-app';

/** SIGTERM while keep-alive clients keep asking: they are told to close, idle sockets go at once. */
describe('graceful shutdown (e2e)', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('answers in-flight requests with Connection: close and lets the server close within the grace period', async () => {
    t = await createTestApp();
    const begin = enableGracefulShutdown(t.app, 2000);
    await t.app.listen(0);
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const get = () =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
        }).on('error', reject).end();
      });
    expect((await get()).connection).toBe('keep-alive');
    const started = Date.now();
    const closed = new Promise<void>((resolve) => t.app.getHttpServer().close(() => resolve()));
    begin();
    // The idle keep-alive socket was closed: the next request opens a new connection, which the closing server refuses.
    await expect(get()).rejects.toThrow();
    await closed;
    expect(Date.now() - started).toBeLessThan(2500);
    agent.destroy();
  });
});
