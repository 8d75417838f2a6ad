import { parseDurationMs } from '../common/time/duration';
// The service's whole configuration, parsed once from the environment at boot.
// Parsing is pure (env in, config or ConfigError out) so every rule is unit-tested.

import { isIP } from 'node:net';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  host: string;
  /** Unset: the embedded PostgreSQL under `dataDir` is started. */
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  /** Unset: generated once into `dataDir`. */
  tokenSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  metricsToken: string | undefined;
  schedulerEnabled: boolean;
  /** Milliseconds between evaluation ticks. */
  evaluationIntervalMs: number;
  /** Milliseconds between runs of the mail sender over the outbox. */
  mailIntervalMs: number;
  logLevel: LogLevel;
  production: boolean;
  /** Ingest requests per second per vendor (each replica). */
  ingestRateLimit: number;
  /** Series (metric and labels) a vendor may have; samples of new series past it are refused. */
  maxSeriesPerVendor: number;
  /** Sample partitions entirely older than this are dropped; undefined keeps everything. */
  sampleRetentionMs: number | undefined;
  /**
   * Which peers may set the client address through X-Forwarded-For (Fastify's `trustProxy`): none
   * (false), all (true), the nearest N hops, or the listed addresses and CIDR ranges.
   */
  trustProxy: boolean | number | string[];
  /** Milliseconds a client has to send a whole request, headers and body. */
  requestTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Empty strings count as unset: `FOO= npm start` should behave like no FOO. */
function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parsePort(env: Env): number {
  const raw = read(env, 'PORT') ?? '3000';
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError('PORT', `must be an integer from 1 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function parseUrl(env: Env, name: string, protocols: string[], secret: boolean): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Never echo a URL back: it may carry a password.
    throw new ConfigError(name, secret ? 'is not a valid URL' : `is not a valid URL: "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `must use ${protocols.map((p) => `${p}//`).join(' or ')}, got ${url.protocol}//`,
    );
  }
  return raw;
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** `60s`, `5m`, `1h`, `500ms`, `1.5s`; a bare number is seconds. */
export function parseIntervalMs(raw: string): number | undefined {
  if (raw !== raw.trim()) return undefined;
  return parseDurationMs(raw, { units: ['h', 'm', 's', 'ms'], fractions: true, bare: 's', compound: false });
}

/** A duration setting within [minMs, maxMs]; `range` and `examples` word the error. */
function parseDurationSetting(
  env: Env,
  name: string,
  fallback: string,
  [minMs, maxMs]: [number, number],
  range: string,
  examples: string,
): number {
  const raw = read(env, name) ?? fallback;
  const ms = parseIntervalMs(raw);
  if (ms === undefined || ms < minMs || ms > maxMs) {
    throw new ConfigError(name, `must be a duration from ${range} such as ${examples}, got "${raw}"`);
  }
  return ms;
}

function parseLogLevel(env: Env): LogLevel {
  const raw = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw as LogLevel;
}

function parseSecret(env: Env, name: string, minLength: number): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && raw.length < minLength) {
    throw new ConfigError(name, `must be at least ${minLength} characters long`);
  }
  return raw;
}

function parseMailFrom(env: Env): string {
  const raw = read(env, 'MAIL_FROM') ?? 'SLA Sentinel <sla-sentinel@localhost>';
  // Goes into a mail header: never let a line break through.
  if (/[\r\n]/.test(raw) || !/@/.test(raw)) {
    throw new ConfigError('MAIL_FROM', 'must be one mail address, optionally with a display name');
  }
  return raw;
}

function parseWholeNumber(env: Env, name: string, fallback: string, max: number, what: string): number {
  const raw = read(env, name) ?? fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number of ${what} from 1 to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function parseRetention(env: Env): number | undefined {
  const raw = read(env, 'SAMPLE_RETENTION');
  if (raw === undefined) return undefined;
  const ms = raw === raw.trim() ? parseDurationMs(raw, { units: ['d'], compound: false }) : undefined;
  if (ms === undefined || ms < 31 * 86_400_000) {
    throw new ConfigError(
      'SAMPLE_RETENTION',
      `must be a number of days of at least 31, such as 400d, got "${raw}"`,
    );
  }
  return ms;
}

/** `true`/`false`, a hop count, or addresses and CIDR ranges separated by commas. */
function parseTrustProxy(env: Env): boolean | number | string[] {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (['true', 'false'].includes(lower)) return lower === 'true';
  if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 100) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim());
  const valid = (entry: string) => {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    if (prefix === undefined) return true;
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  };
  const wrong = entries.find((e) => !valid(e));
  if (wrong !== undefined) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be true, false, a hop count from 1 to 100, or addresses and CIDR ranges separated by commas, got "${wrong}"`,
    );
  }
  return entries;
}

export function loadConfig(env: Env): AppConfig {
  const production = read(env, 'NODE_ENV') === 'production';
  const databaseUrl = parseUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], true);
  const tokenSecret = parseSecret(env, 'TOKEN_SECRET', 32);
  if (production && databaseUrl !== undefined && tokenSecret === undefined) {
    // Replicas sharing one database must share the key that hashes tokens.
    throw new ConfigError('TOKEN_SECRET', 'is required when DATABASE_URL is set and NODE_ENV=production');
  }
  const publicUrl = parseUrl(env, 'PUBLIC_URL', ['http:', 'https:'], false) ?? 'http://localhost:3000';
  return {
    port: parsePort(env),
    host: read(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: read(env, 'DATA_DIR') ?? './.data',
    adminToken: parseSecret(env, 'SLA_ADMIN_TOKEN', 16),
    tokenSecret,
    smtpUrl: parseUrl(env, 'SMTP_URL', ['smtp:', 'smtps:'], true),
    mailFrom: parseMailFrom(env),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    metricsToken: parseSecret(env, 'METRICS_TOKEN', 8),
    schedulerEnabled: parseBoolean(env, 'SCHEDULER_ENABLED', true),
    evaluationIntervalMs: parseDurationSetting(
      env,
      'EVALUATION_INTERVAL',
      '60s',
      [1000, 86_400_000],
      '1s to 24h',
      '60s or 5m',
    ),
    mailIntervalMs: parseDurationSetting(env, 'MAIL_INTERVAL', '10s', [1000, 3_600_000], '1s to 1h', '10s'),
    logLevel: parseLogLevel(env),
    production,
    ingestRateLimit: parseWholeNumber(env, 'INGEST_RATE_LIMIT', '200', 1_000_000, 'requests per second'),
    maxSeriesPerVendor: parseWholeNumber(env, 'MAX_SERIES_PER_VENDOR', '100000', 100_000_000, 'series'),
    sampleRetentionMs: parseRetention(env),
    trustProxy: parseTrustProxy(env),
    requestTimeoutMs: parseDurationSetting(
      env,
      'REQUEST_TIMEOUT',
      '30s',
      [1000, 600_000],
      '1s to 10m',
      '30s',
    ),
  };
}

/** Every variable `loadConfig` reads: the compose-file test checks against this list. */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATA_DIR',
  'SLA_ADMIN_TOKEN',
  'TOKEN_SECRET',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'METRICS_TOKEN',
  'SCHEDULER_ENABLED',
  'EVALUATION_INTERVAL',
  'MAIL_INTERVAL',
  'LOG_LEVEL',
  'NODE_ENV',
  'INGEST_RATE_LIMIT',
  'MAX_SERIES_PER_VENDOR',
  'SAMPLE_RETENTION',
  'TRUST_PROXY',
  'REQUEST_TIMEOUT',
] as const;
