import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isConnectionError } from './connection-errors';

describe('isConnectionError', () => {
  it('recognises dropped or refused connections', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(isConnectionError(terminated)).toBe(true);
    expect(isConnectionError(new QueryFailedError('SELECT 1', [], terminated))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('sorry, too many clients already'), { code: '53300' }))).toBe(true);
  });

  it('recognises a transaction whose query runner TypeORM released when its connection died', () => {
    expect(isConnectionError(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    expect(isConnectionError(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('leaves refusals of the statement alone', () => {
    expect(isConnectionError(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('value too long'), { code: '22001' }))).toBe(false);
    expect(isConnectionError(new Error('something else'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});
