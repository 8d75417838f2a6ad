import { ConfigError, loadConfig, parseIntervalMs } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: './.data',
      adminToken: undefined,
      tokenSecret: undefined,
      smtpUrl: undefined,
      mailFrom: 'SLA Sentinel <sla-sentinel@localhost>',
      publicUrl: 'http://localhost:3000',
      metricsToken: undefined,
      schedulerEnabled: true,
      evaluationIntervalMs: 60_000,
      mailIntervalMs: 10_000,
      logLevel: 'info',
      production: false,
      ingestRateLimit: 200,
      maxSeriesPerVendor: 100_000,
      sampleRetentionMs: undefined,
      trustProxy: false,
      requestTimeoutMs: 30_000,
    });
  });

  const postgresUrl = 'postgres://u:p@db:5432/sla';

  it.each([
    ['PORT', { PORT: '8080' }, 'port', 8080],
    ['HOST', { HOST: '127.0.0.1' }, 'host', '127.0.0.1'],
    ['DATABASE_URL', { DATABASE_URL: postgresUrl }, 'databaseUrl', postgresUrl],
    ['DATA_DIR', { DATA_DIR: '/var/lib/sla' }, 'dataDir', '/var/lib/sla'],
    ['SCHEDULER_ENABLED false', { SCHEDULER_ENABLED: 'false' }, 'schedulerEnabled', false],
    ['SCHEDULER_ENABLED 0', { SCHEDULER_ENABLED: '0' }, 'schedulerEnabled', false],
    ['EVALUATION_INTERVAL minutes', { EVALUATION_INTERVAL: '5m' }, 'evaluationIntervalMs', 300_000],
    ['EVALUATION_INTERVAL bare seconds', { EVALUATION_INTERVAL: '90' }, 'evaluationIntervalMs', 90_000],
    ['MAIL_INTERVAL seconds', { MAIL_INTERVAL: '2s' }, 'mailIntervalMs', 2_000],
    ['LOG_LEVEL in capitals', { LOG_LEVEL: 'DEBUG' }, 'logLevel', 'debug'],
    [
      'PUBLIC_URL without its trailing slash',
      { PUBLIC_URL: 'https://sla.example/' },
      'publicUrl',
      'https://sla.example',
    ],
    ['SMTP_URL smtps', { SMTP_URL: 'smtps://u:p@mail:465' }, 'smtpUrl', 'smtps://u:p@mail:465'],
    ['an empty PORT as unset', { PORT: '' }, 'port', 3000],
    ['INGEST_RATE_LIMIT', { INGEST_RATE_LIMIT: '50' }, 'ingestRateLimit', 50],
    ['MAX_SERIES_PER_VENDOR', { MAX_SERIES_PER_VENDOR: '2500' }, 'maxSeriesPerVendor', 2500],
    ['SAMPLE_RETENTION in days', { SAMPLE_RETENTION: '400d' }, 'sampleRetentionMs', 400 * 86_400_000],
    ['TRUST_PROXY true', { TRUST_PROXY: 'true' }, 'trustProxy', true],
    ['TRUST_PROXY false', { TRUST_PROXY: 'FALSE' }, 'trustProxy', false],
    ['TRUST_PROXY as a hop count', { TRUST_PROXY: '2' }, 'trustProxy', 2],
    [
      'TRUST_PROXY as addresses and ranges',
      { TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,fd00::/8' },
      'trustProxy',
      ['10.0.0.1', '192.168.0.0/16', 'fd00::/8'],
    ],
    ['REQUEST_TIMEOUT', { REQUEST_TIMEOUT: '2m' }, 'requestTimeoutMs', 120_000],
  ])('reads %s', (_, env, field, expected) => {
    expect(loadConfig(env)[field as keyof ReturnType<typeof loadConfig>]).toEqual(expected);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '0' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://db/sla' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ SCHEDULER_ENABLED: 'maybe' }, 'SCHEDULER_ENABLED'],
    [{ EVALUATION_INTERVAL: 'soon' }, 'EVALUATION_INTERVAL'],
    [{ EVALUATION_INTERVAL: '100ms' }, 'EVALUATION_INTERVAL'],
    [{ MAIL_INTERVAL: '2h' }, 'MAIL_INTERVAL'],
    [{ MAIL_INTERVAL: 'often' }, 'MAIL_INTERVAL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ INGEST_RATE_LIMIT: '0' }, 'INGEST_RATE_LIMIT'],
    [{ MAX_SERIES_PER_VENDOR: '0' }, 'MAX_SERIES_PER_VENDOR'],
    [{ MAX_SERIES_PER_VENDOR: '1e6' }, 'MAX_SERIES_PER_VENDOR'],
    [{ SAMPLE_RETENTION: '10d' }, 'SAMPLE_RETENTION'],
    [{ SAMPLE_RETENTION: '1y' }, 'SAMPLE_RETENTION'],
    [{ SLA_ADMIN_TOKEN: 'short' }, 'SLA_ADMIN_TOKEN'],
    [{ TOKEN_SECRET: 'short' }, 'TOKEN_SECRET'],
    [{ METRICS_TOKEN: 'x' }, 'METRICS_TOKEN'],
    [{ MAIL_FROM: 'a@b\r\nBcc: victim@x' }, 'MAIL_FROM'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/sla' }, 'TOKEN_SECRET'],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '0' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.1,proxy.example' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/8/1' }, 'TRUST_PROXY'],
    [{ REQUEST_TIMEOUT: '500ms' }, 'REQUEST_TIMEOUT'],
    [{ REQUEST_TIMEOUT: '1h' }, 'REQUEST_TIMEOUT'],
    [{ REQUEST_TIMEOUT: 'forever' }, 'REQUEST_TIMEOUT'],
  ])('rejects %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it.each([[{ DATABASE_URL: 'mysql://user:s3cret@db/sla' }], [{ SMTP_URL: 'smtp//user:s3cret' }]])(
    'never echoes a URL that may carry a password (%j)',
    (env) => {
      let message = '';
      try {
        loadConfig(env);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain('s3cret');
    },
  );
});

describe('parseIntervalMs', () => {
  it.each([
    ['60s', 60_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['250ms', 250],
    ['45', 45_000],
    ['-5s', undefined],
    ['5 minutes', undefined],
    ['', undefined],
  ])('reads %p as %p ms', (raw, ms) => {
    expect(parseIntervalMs(raw)).toBe(ms);
  });
});
