import { Logger } from '@nestjs/common';
import { BoundedEnqueue, ENQUEUE_TIMEOUT_MS, SKIP_AFTER_FAILURE_MS } from './bounded-enqueue';

describe('BoundedEnqueue', () => {
  const logger = { warn: jest.fn() } as unknown as Logger;
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('runs the enqueue and says it succeeded', async () => {
    const add = jest.fn().mockResolvedValue(undefined);
    await expect(new BoundedEnqueue(logger, 'jobs').run(add)).resolves.toBe(true);
    expect(add).toHaveBeenCalledTimes(1);
  });

  it('gives up on an enqueue that does not answer within the bound, then skips at once until the pause is over', async () => {
    const bounded = new BoundedEnqueue(logger, 'jobs');
    const hanging = jest.fn(() => new Promise(() => undefined));
    const first = bounded.run(hanging);
    await jest.advanceTimersByTimeAsync(ENQUEUE_TIMEOUT_MS);
    await expect(first).resolves.toBe(false);
    expect(logger.warn).toHaveBeenCalledTimes(1);

    const skipped = jest.fn().mockResolvedValue(undefined);
    await expect(bounded.run(skipped)).resolves.toBe(false);
    expect(skipped).not.toHaveBeenCalled();

    jest.advanceTimersByTime(SKIP_AFTER_FAILURE_MS);
    await expect(bounded.run(skipped)).resolves.toBe(true);
    expect(skipped).toHaveBeenCalledTimes(1);
  });

  it('treats a rejected enqueue like a timeout, and warns at most once in a while', async () => {
    const bounded = new BoundedEnqueue(logger, 'jobs');
    (logger.warn as jest.Mock).mockClear();
    const failing = jest.fn().mockRejectedValue(new Error('Connection is closed.'));
    await expect(bounded.run(failing)).resolves.toBe(false);
    jest.advanceTimersByTime(SKIP_AFTER_FAILURE_MS);
    await expect(bounded.run(failing)).resolves.toBe(false);
    expect(failing).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
