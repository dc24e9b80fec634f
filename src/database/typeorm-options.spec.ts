import { buildDataSourceOptions } from './typeorm-options';

describe('buildDataSourceOptions', () => {
  it('reads and writes the primary only, without a replica', () => {
    expect(buildDataSourceOptions('postgres://p/db')).not.toHaveProperty('replication');
  });

  it('adds the replica for query runners asked for it, and keeps every other read on the primary', () => {
    expect(buildDataSourceOptions('postgres://p/db', 'postgres://r/db')).toMatchObject({
      url: 'postgres://p/db',
      replication: { master: { url: 'postgres://p/db' }, slaves: [{ url: 'postgres://r/db' }], defaultMode: 'master' },
    });
  });
});
