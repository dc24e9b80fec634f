/** Names shared by the jest global setup, each worker and the teardown. */
export const ADMIN_DB_URL = process.env.TEST_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/1';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DB_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const runId = (): string => {
  const id = process.env.TEST_RUN_ID;
  if (!id) throw new Error('TEST_RUN_ID is not set: run the e2e specs through jest (npm test)');
  return id;
};
export const templateDatabase = () => `cdt_${runId()}_tpl`;
export const workerDatabase = () => `cdt_${runId()}_w${process.env.JEST_WORKER_ID ?? '1'}`;
export const workerQueuePrefix = () => `cdt${runId()}w${process.env.JEST_WORKER_ID ?? '1'}`;
/**
 * One spec file's Redis key prefix, hash-tagged like the service's default: `{cdt<run>w<worker>f<file>}`
 * for the BullMQ keys, `cdt<run>w<worker>f<file>:throttle:…` for the rate-limit counters. Per file
 * rather than per worker, because the counters outlive an app by their minute and the next file's
 * admin logins would count against the login limit.
 */
export const specQueuePrefix = () => `{${workerQueuePrefix()}f${Math.random().toString(36).slice(2, 8)}}`;
/** SCAN MATCH patterns for every Redis key of this run: BullMQ's start with the brace. */
export const runKeyPatterns = () => [`{cdt${runId()}*`, `cdt${runId()}*`];
