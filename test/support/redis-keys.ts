import Redis from 'ioredis';
import { redisOptionsFromUrl } from '../../src/queue/redis-connection';

/** Deletes the keys matching `pattern` (SCAN, not KEYS); returns how many. */
export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisOptionsFromUrl(redisUrl));
  let cursor = '0';
  let deleted = 0;
  try {
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Deletes every BullMQ key of this spec's prefix: what FLUSHALL does to the queues. */
export const flushQueueKeys = (): Promise<number> => deleteRedisKeys(process.env.REDIS_URL!, `${process.env.QUEUE_PREFIX}:*`);
