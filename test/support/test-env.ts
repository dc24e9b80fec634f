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
