import pino, { type LoggerOptions } from 'pino';
import type { LogLevel } from '../config/config';

// Headers that carry credentials are never written to the log.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export function pinoOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service: 'sla-sentinel' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function createLogger(level: LogLevel) {
  return pino(pinoOptions(level));
}
