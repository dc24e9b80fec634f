import { FulfilmentPort, FulfilmentRequest } from './fulfilment.port';

/**
 * POSTs the remedy as JSON to FULFILMENT_URL with `Idempotency-Key: <proposal id>` (the
 * receiver must treat a repeat as the same delivery) and a timeout. A 2xx answer is a
 * delivery; its `reference` (or `id`) is kept. Anything else, or no answer in time, fails the attempt.
 */
export class HttpFulfilmentPort implements FulfilmentPort {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async deliver(request: FulfilmentRequest): Promise<{ reference: string }> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.proposalId, accept: 'application/json' },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const e = error as Error;
      throw new Error(e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `request failed: ${e.message}`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    let body: { reference?: unknown; id?: unknown } = {};
    try {
      body = text ? (JSON.parse(text) as typeof body) : {};
    } catch {
      body = {};
    }
    const reference = typeof body.reference === 'string' || typeof body.reference === 'number' ? String(body.reference) : typeof body.id === 'string' || typeof body.id === 'number' ? String(body.id) : `http-${res.status}-${request.proposalId}`;
    return { reference: reference.slice(0, 200) };
  }
}
