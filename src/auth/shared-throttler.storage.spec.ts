import { Logger } from '@nestjs/common';
import { CounterConnection, RATE_LIMIT_RETRY_MS, rateLimitKeyPrefix, SharedThrottlerStorage } from './shared-throttler.storage';

class FakeConnection implements CounterConnection {
  status = 'ready';
  disconnected = false;
  private errorListener: (error: Error) => void = () => undefined;
  async connect(): Promise<void> {}
  disconnect(): void {
    this.disconnected = true;
  }
  on(_event: 'error', listener: (error: Error) => void): void {
    this.errorListener = listener;
  }
  emitError(message: string): void {
    this.errorListener(new Error(message));
  }
}

describe('rateLimitKeyPrefix', () => {
  it('puts the counters under the service prefix, without its hash tag', () => {
    expect(rateLimitKeyPrefix('{complaints}')).toBe('complaints:throttle:');
    expect(rateLimitKeyPrefix('desk')).toBe('desk:throttle:');
  });
});

describe('SharedThrottlerStorage', () => {
  const record = { totalHits: 7, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };
  let connection: FakeConnection;
  let shared: { increment: jest.Mock };
  let storage: SharedThrottlerStorage;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  const hit = () => storage.increment('k', 60_000, 3, 60_000, 'default');

  beforeEach(() => {
    connection = new FakeConnection();
    shared = { increment: jest.fn().mockResolvedValue(record) };
    storage = new SharedThrottlerStorage(connection, shared);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    storage.onModuleDestroy();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('counts in Redis while it answers', async () => {
    await expect(hit()).resolves.toEqual(record);
    expect(shared.increment).toHaveBeenCalledWith('k', 60_000, 3, 60_000, 'default');
    expect(storage.countingInProcess).toBe(false);
  });

  it('counts in the process, without calling Redis, while the connection is down; warns once', async () => {
    connection.status = 'reconnecting';
    connection.emitError('connect ECONNREFUSED');
    const results = [await hit(), await hit(), await hit(), await hit()];
    expect(shared.increment).not.toHaveBeenCalled();
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, false, true]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(storage.countingInProcess).toBe(true);
  });

  it('falls back when a call fails or times out, waits a moment before trying Redis again, then goes back to it', async () => {
    jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate'] });
    shared.increment.mockRejectedValueOnce(new Error('Command timed out'));
    expect((await hit()).totalHits).toBe(1);
    expect((await hit()).totalHits).toBe(2);
    expect(shared.increment).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);

    jest.setSystemTime(1_000_000 + RATE_LIMIT_RETRY_MS);
    await expect(hit()).resolves.toEqual(record);
    expect(shared.increment).toHaveBeenCalledTimes(2);
    expect(storage.countingInProcess).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/Redis answers again/));
  });

  it('closes its connection once however often it is told to', () => {
    storage.onModuleDestroy();
    storage.onModuleDestroy();
    expect(connection.disconnected).toBe(true);
  });
});
