import { redisOptionsFromUrl } from './redis-connection';

describe('redisOptionsFromUrl', () => {
  it('reads host, port and the db index', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1:6379/7')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 7, maxRetriesPerRequest: null });
  });
  it('defaults to db 0 and port 6379, decodes credentials, enables TLS for rediss', () => {
    expect(redisOptionsFromUrl('redis://cache')).toMatchObject({ host: 'cache', port: 6379, db: 0, tls: undefined });
    expect(redisOptionsFromUrl('rediss://u%40x:p%3A1@h:6380/2')).toMatchObject({ username: 'u@x', password: 'p:1', port: 6380, db: 2, tls: {} });
  });
});
