import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  message: { type: string; timestamp: string; data: Record<string, unknown> & { complaintId: string; sequence: number; reference: string | null } };
  status: number;
}

/**
 * A webhook receiver for the specs, on 127.0.0.1: records every request with the status it
 * answered; `answer(request)` decides the status (200 unless told otherwise).
 */
export class Receiver {
  readonly requests: Received[] = [];
  answer: (r: Omit<Received, 'status'>) => number = () => 200;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const r = { headers: req.headers, body, message: JSON.parse(body) };
        const status = this.answer(r);
        this.requests.push({ ...r, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** What was accepted (2xx), in arrival order. */
  get delivered(): Received[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  of(complaintId: string, accepted = true): Received[] {
    return (accepted ? this.delivered : this.requests).filter((r) => r.message.data.complaintId === complaintId);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(fn: () => T | null | undefined | false, ms = 20_000, step = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await sleep(step);
  }
}
