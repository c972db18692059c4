import { loadConfig } from '../../src/config/app-config';

describe('loadConfig', () => {
  it('has working defaults for a local start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      jwtTtlSeconds: 900,
      jwtSecret: null,
      trustProxy: null,
      readingsCsvMaxRows: 500_000,
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.embeddedPgDataDir).toBe(`${config.dataDir}/postgres`);
  });

  it('lists every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_FORMAT: 'xml' })).toThrow(
      /PORT must be a whole number.*DATABASE_URL must use the postgres.*LOG_FORMAT must be one of/,
    );
  });

  it('has no public default secret in any mode: an unset JWT_SECRET is generated at start-up', () => {
    for (const NODE_ENV of ['development', 'production', 'test']) {
      expect(loadConfig({ NODE_ENV }).jwtSecret).toBeNull();
    }
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).jwtSecret).toBe('x'.repeat(32));
  });

  it('keeps the embedded data directory under DATA_DIR unless named', () => {
    expect(loadConfig({ DATA_DIR: '/srv/re100' }).embeddedPgDataDir).toBe('/srv/re100/postgres');
    expect(loadConfig({ DATA_DIR: '/srv/re100', EMBEDDED_PG_DATA_DIR: '/pg' }).embeddedPgDataDir).toBe('/pg');
  });

  it('trusts X-Forwarded-For only from proxies the operator names', () => {
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' }).trustProxy).toBe('10.0.0.0/8,192.168.1.7');
    for (const bad of ['true', '*', '10.0.0.0/40', 'proxy.example.com']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY must be loopback/);
    }
  });

  it('needs DATABASE_URL beside DATABASE_MIGRATION_URL', () => {
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: 'postgres://owner@db/re100' })).toThrow(
      /DATABASE_MIGRATION_URL needs DATABASE_URL/,
    );
  });

  it('refuses a short secret or admin password', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD must be at least 12/);
  });
});
