import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { classifyError, isDatabaseUnavailable } from './classify';
import { DomainError } from './domain-error';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyError', () => {
  it.each([
    ['a validation DomainError', DomainError.validation([{ path: 'a', message: 'b' }]), 422, false],
    ['a not-found DomainError', DomainError.notFound('Vendor x'), 404, false],
    ['a Nest NotFoundException', new NotFoundException('Cannot GET /x'), 404, false],
    ['a Nest BadRequestException', new BadRequestException('bad'), 400, false],
    [
      'a refused database connection',
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      503,
      false,
    ],
    [
      'a database shutting down',
      withCode('terminating connection due to administrator command', '57P01'),
      503,
      false,
    ],
    ['a pool timeout', new Error('timeout exceeded when trying to connect'), 503, false],
    [
      'a Fastify body-limit error',
      Object.assign(new Error('too big'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }),
      413,
      false,
    ],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'x')"), 500, true],
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505'), 500, true],
  ])('maps %s to %i', (_, error, status, unexpected) => {
    const c = classifyError(error);
    expect(c.status).toBe(status);
    expect(c.unexpected).toBe(unexpected);
  });

  it('explains a Fastify 4xx that Nest wrapped, from its cause', () => {
    const cause = Object.assign(new Error('Unsupported Media Type'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    const c = classifyError(new HttpException('Unsupported Media Type', 415, { cause }));
    expect(c).toMatchObject({ status: 415, unexpected: false });
    expect(c.detail).toMatch(/^The Content-Type of the request is not supported here/);
  });

  it('blames Content-Encoding for an unsupported encoding', () => {
    const c = classifyError(
      Object.assign(new Error('br'), { statusCode: 415, code: 'SLA_UNSUPPORTED_ENCODING' }),
    );
    expect(c.status).toBe(415);
    expect(c.detail).toMatch(/Content-Encoding/);
    expect(c.detail).not.toMatch(/Content-Type/);
  });

  it('never passes the message of an unexpected error to the client', () => {
    const c = classifyError(new Error('relation "secret_table" does not exist at /app/src/x.ts:12'));
    expect(c.detail).toBe('An unexpected error occurred');
  });

  it('asks clients to retry a 503 later', () => {
    expect(classifyError(withCode('x', 'ECONNRESET')).retryAfter).toBeGreaterThan(0);
  });

  it('looks through a driver error wrapped by TypeORM', () => {
    const wrapped = Object.assign(new Error('Query failed'), {
      driverError: withCode('reset', 'ECONNRESET'),
    });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });
});

describe('transient database errors', () => {
  it.each(['40P01', '40001', '55P03'])('answers %s with 503 and Retry-After 1, not 500', (code) => {
    const error = Object.assign(new Error('deadlock detected'), { code });
    expect(classifyError(error)).toMatchObject({ status: 503, retryAfter: 1, unexpected: false });
    expect(classifyError(Object.assign(new Error('query failed'), { driverError: error }))).toMatchObject({
      status: 503,
    });
  });
});
