import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import pinoHttp from 'pino-http';
import request from 'supertest';
import { httpLoggerOptions, redactUrl } from './logging.module';

/** Collects what a logger writes, one JSON line per entry. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('request logs', () => {
  it('never carry the phone numbers of a query string', async () => {
    const out = capture();
    const app = express();
    app.use(pinoHttp(httpLoggerOptions('info'), out.stream));
    app.get('/api/v1/:list', (req, res) => {
      req.log.info('inside the handler');
      res.json({ ok: true });
    });
    const assignee = '8f8719ab-b3a9-46ea-8000-001813900001';
    await request(app).get(`/api/v1/customers?externalRef=13900001234&limit=5`).expect(200);
    await request(app).get(`/api/v1/complaints?phone=%2B86%20139%200000%205678&assigneeId=${assignee}`).expect(200);
    await request(app).get('/api/v1/knowledge?q=call+13900009999&note=13900007777&x[phone]=13900006666').expect(200);
    const text = out.text();
    expect(text).toContain('inside the handler');
    expect(text).toContain('/api/v1/customers?externalRef=');
    for (const secret of ['13900001234', '139 0000 5678', '139%200000%205678', '13900009999', '13900007777', '13900006666']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain(assignee); // ids stay readable
    expect(text).toContain('limit=5');
  });

  it('redactUrl keeps paths and harmless parameters as they are', () => {
    expect(redactUrl('/api/v1/complaints')).toBe('/api/v1/complaints');
    expect(redactUrl('/api/v1/complaints?status=new&limit=20')).toBe('/api/v1/complaints?status=new&limit=20');
    expect(redactUrl('/api/v1/customers?externalRef=13900001234')).toBe('/api/v1/customers?externalRef=%5Bredacted%5D');
    expect(redactUrl('/x?externalRef=%ZZ13900001234')).not.toContain('13900001234');
  });

  it('puts Nest start-up lines (modules, route mapping) at debug and keeps others at info', () => {
    const levels = (level: string) => {
      const out = capture();
      const logger = pino(httpLoggerOptions(level) as pino.LoggerOptions, out.stream);
      logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/v1/complaints, POST} route');
      logger.info({ context: 'RoutesResolver' }, 'ComplaintsController {/api/v1/complaints}:');
      logger.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
      logger.info({ context: 'Bootstrap' }, 'API on http://localhost:3000/api/v1');
      logger.warn({ context: 'RouterExplorer' }, 'a warning stays a warning');
      return out.text().trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string });
    };
    expect(levels('info').map((l) => [l.level, l.msg])).toEqual([
      [30, 'API on http://localhost:3000/api/v1'],
      [40, 'a warning stays a warning'],
    ]);
    const debug = levels('debug');
    expect(debug.find((l) => l.msg.startsWith('Mapped'))?.level).toBe(20);
    expect(debug).toHaveLength(5);
  });
});
