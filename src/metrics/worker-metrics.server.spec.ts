import { createServer } from 'node:net';
import { startWorkerMetricsServer } from './worker-metrics.server';

describe('startWorkerMetricsServer', () => {
  it('serves /metrics, and a second worker on the same port goes on without crashing', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));

    const first = startWorkerMetricsServer(port, '')!;
    await new Promise((r) => first.once('listening', r));
    const second = startWorkerMetricsServer(port, '')!;
    await new Promise((r) => second.once('error', r));
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('sla_firing_lateness_seconds');
    await new Promise((r) => first.close(r));
  });

  it('port 0 turns it off', () => {
    expect(startWorkerMetricsServer(0, '')).toBeNull();
  });
});
