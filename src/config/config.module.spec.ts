import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { AppConfig as AppConfigType } from './app-config';

describe('the .env file', () => {
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-file-'));
    writeFileSync(join(dir, '.env'), 'PORT=4321\nREPEAT_WINDOW_DAYS=9\nRUN_WORKERS=false\n# a comment\nJWT_SECRET="a-secret-from-the-env-file"\n');
    process.chdir(dir);
    for (const key of ['PORT', 'REPEAT_WINDOW_DAYS', 'RUN_WORKERS', 'JWT_SECRET']) delete process.env[key];
  });
  afterEach(() => {
    process.chdir(savedCwd);
    rmSync(dir, { recursive: true, force: true });
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
  });

  /** Imports the config module afresh (it reads the environment when imported) and returns its AppConfig. */
  async function load(): Promise<AppConfigType> {
    let mod!: typeof import('./config.module');
    let cfg!: typeof import('./app-config');
    jest.isolateModules(() => {
      mod = require('./config.module');
      cfg = require('./app-config');
    });
    const ref = await Test.createTestingModule({ imports: [mod.AppConfigModule] }).compile();
    return ref.get(cfg.AppConfig);
  }

  it('is read when present, and the environment wins over it', async () => {
    process.env.NODE_ENV = 'development';
    process.env.REPEAT_WINDOW_DAYS = '7';
    const config = await load();
    expect(config.get('PORT')).toBe(4321);
    expect(config.get('JWT_SECRET')).toBe('a-secret-from-the-env-file');
    expect(config.get('REPEAT_WINDOW_DAYS')).toBe(7);
    // in process.env too, for what reads it directly (AppModule's RUN_WORKERS, the TypeORM CLI)
    expect(process.env.RUN_WORKERS).toBe('false');
  });

  it('is ignored by tests', async () => {
    process.env.NODE_ENV = 'test';
    expect((await load()).get('PORT')).toBe(3000);
  });
});
