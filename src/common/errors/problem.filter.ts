import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { classifyError } from './classify';
import { buildProblem } from './problem';

const logger = new Logger('Errors');

/** Writes any error as application/problem+json; unexpected ones are logged, never shown. */
export function sendProblem(reply: FastifyReply, error: unknown): void {
  const c = classifyError(error);
  if (c.unexpected) {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  if (reply.sent) return;
  if (c.retryAfter !== undefined) void reply.header('Retry-After', String(c.retryAfter));
  void reply
    .status(c.status)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(buildProblem(c.status, c.detail, c.code, c.errors)));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), error);
  }
}
