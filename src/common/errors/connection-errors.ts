/**
 * Whether an error means PostgreSQL could not be reached or dropped the connection (a restart,
 * `pg_terminate_backend`, a full pool, a timeout connecting), as opposed to a refusal of the
 * statement itself. Such a failure is the service's, not the caller's: 503 with Retry-After,
 * and a transaction that failed this way before COMMIT may be retried once.
 */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
/**
 * TypeORM releases a query runner whose pg client emits 'error' (its backend went away between
 * two statements of a transaction); the transaction's next statement or its COMMIT then fails
 * with one of these instead of the driver's error. Every query runner here lives inside one
 * `transaction()` call, so a released one means the connection died.
 */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /connection.*(refused|reset|closed)/i,
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/,
  /not queryable/i,
  /Connection is not established/i,
];

export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && CONNECTION_SQLSTATES.has(e.code)) return true;
  if (error instanceof Error && RELEASED_RUNNER_ERRORS.has(error.name)) return true;
  if (e.driverError && e.driverError !== error && isConnectionError(e.driverError)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return CONNECTION_MESSAGES.some((re) => re.test(message));
}
