import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config/config';

// JSON lines through pino. Request lines carry method, path, status and duration only: no headers, no
// bodies, so tokens and payloads never reach the log.

export function pinoOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service: 'sla-sentinel' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return destination ? pino(pinoOptions(level), destination) : pino(pinoOptions(level));
}

/** Nest's logger interface on top of pino; `context` becomes a field. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    params: unknown[],
  ): void {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const { msg, ...rest } = message as { msg?: string };
      this.pino[level]({ ...fields, ...rest }, msg ?? '');
    } else if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else {
      this.pino[level](fields, String(message));
    }
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
}

/** Probes and scrapes every few seconds would drown the request log. */
const QUIET = /^\/(health|metrics)(\/|$|\?)/;

/** One line per answered request. */
export function logRequests(fastify: FastifyInstance, log: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (!QUIET.test(path) || reply.statusCode >= 500) {
      log.info(
        {
          context: 'HTTP',
          method: request.method,
          path,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          ip: request.ip,
        },
        'request',
      );
    }
    done();
  });
}
