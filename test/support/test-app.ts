import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/common/http/configure-app';
import { WorkersModule } from '../../src/workers.module';

export type AuthHeaders = Record<string, string>;

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  /** Headers that authenticate as a staff member of this role (or an integration key). */
  auth: (role?: string) => Promise<AuthHeaders>;
  close: () => Promise<void>;
}

/** The real AppModule on this worker's PostgreSQL database and Redis prefix. */
export async function createTestApp(options: { workers?: boolean } = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, ...(options.workers ? [WorkersModule] : [])] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureApp(app);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    dataSource: app.get(DataSource),
    auth: async () => ({}),
    close: () => app.close(),
  };
}

let seq = 0;
/** A unique phone-like customer reference. */
export const uniqueRef = () => `139${String(Date.now()).slice(-5)}${String(process.pid % 100).padStart(2, '0')}${String(++seq).padStart(3, '0')}`;

export const complaintBody = (extra: Record<string, unknown> = {}) => ({
  customer: { externalRef: uniqueRef(), name: '张三', phone: '13900000000', tier: 'gold' },
  channel: 'front_desk',
  category: 'billing',
  summary: '话费多扣了50元',
  description: '上个月账单多扣了50元,营业厅说是系统问题,至今未处理。',
  ...extra,
});
