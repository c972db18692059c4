import { DEFAULT_JWT_SECRET, loadConfig } from '../../src/config/app-config';

describe('loadConfig', () => {
  it('has working defaults for a local start', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      jwtTtlSeconds: 900,
      jwtSecret: DEFAULT_JWT_SECRET,
    });
    expect(config.embeddedPgDataDir).toMatch(/data\/postgres$/);
  });

  it('lists every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_FORMAT: 'xml' })).toThrow(
      /PORT must be a whole number.*DATABASE_URL must use the postgres.*LOG_FORMAT must be one of/,
    );
  });

  it('refuses to run in production with the default secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set in production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).nodeEnv).toBe('production');
  });

  it('refuses a short secret or admin password', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD must be at least 12/);
  });
});
