import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { WebhookSender } from './webhook-sender';

describe('webhook sender', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url!);
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/slow') return; // never answers
      if (req.url === '/fail') return void res.writeHead(503).end();
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const sender = new WebhookSender();
  const h = { 'content-type': 'application/json' };

  it('2xx is success, with the latency', async () => {
    const r = await sender.post(`http://127.0.0.1:${port}/ok`, h, '{}', true);
    expect(r).toMatchObject({ ok: true, statusCode: 204, error: null });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a redirect is a failure and is not followed', async () => {
    hits.length = 0;
    const r = await sender.post(`http://127.0.0.1:${port}/redirect`, h, '{}', true);
    expect(r).toMatchObject({ ok: false, statusCode: 302 });
    expect(r.error).toMatch(/redirects are not followed/);
    expect(hits).toEqual(['/redirect']);
  });

  it('non-2xx is a failure naming the status', async () => {
    expect(await sender.post(`http://127.0.0.1:${port}/fail`, h, '{}', true)).toMatchObject({ ok: false, statusCode: 503, error: 'receiver answered 503' });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const r = await sender.post(`http://127.0.0.1:${port}/slow`, h, '{}', true, 300);
    expect(r).toMatchObject({ ok: false, statusCode: null });
    expect(r.error).toMatch(/no answer within/);
  });

  it('refuses loopback targets unless allowed, by literal and by name (checked at connect time)', async () => {
    hits.length = 0;
    expect((await sender.post(`http://127.0.0.1:${port}/ok`, h, '{}', false)).error).toMatch(/loopback, private/);
    expect((await sender.post(`http://localhost:${port}/ok`, h, '{}', false)).error).toMatch(/loopback, private/);
    expect(hits).toEqual([]);
  });
});
