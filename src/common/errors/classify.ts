import { DomainError, ERROR_CODES, type ErrorCode, type FieldError } from './domain-error';

export interface ClassifiedError {
  status: number;
  detail: string;
  code?: ErrorCode;
  errors?: FieldError[];
  retryAfter?: number;
  /** Unexpected: log it with its stack (never sent to the client). */
  unexpected: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/** The database went away (refused, reset, shutting down, pool timeout): a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now).
    if (/^08...$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  }
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError && driverError !== error && isDatabaseUnavailable(driverError)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i.test(
    error.message,
  );
}

/**
 * SQLSTATEs that say "try again": deadlock, serialization failure, lock not available. The statement
 * was rolled back whole, so running it again is safe.
 */
const TRANSIENT = new Set(['40P01', '40001', '55P03']);

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT.has(code)) return true;
  const driverError = (error as { driverError?: unknown }).driverError;
  return driverError !== undefined && driverError !== error && isTransientDatabaseError(driverError);
}

interface HttpLike {
  getStatus(): number;
  getResponse(): unknown;
}

function isHttpLike(error: unknown): error is HttpLike & Error {
  return (
    error instanceof Error &&
    typeof (error as Partial<HttpLike>).getStatus === 'function' &&
    typeof (error as Partial<HttpLike>).getResponse === 'function'
  );
}

function fastifyStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'The Content-Type of the request is not supported here: send application/json (contract documents may also be application/yaml)',
  SLA_UNSUPPORTED_ENCODING:
    'The Content-Encoding of the request is not supported: send gzip, deflate or identity',
  FST_ERR_BAD_URL: 'The path is not valid percent-encoded UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'A path parameter is longer than 100 characters',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but Content-Type says JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  SLA_BODY_TOO_DEEP: 'The request body nests deeper than 64 levels',
};

/** A 503 the client may retry after `retryAfter` seconds. */
function unavailable(detail: string, retryAfter: number): ClassifiedError {
  return { status: 503, detail, code: 'unavailable', retryAfter, unexpected: false };
}

/** Maps anything thrown to what the client is told. Never leaks a message of an unexpected error. */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof DomainError) {
    return {
      status: ERROR_CODES[error.code].status,
      detail: error.message,
      code: error.code,
      errors: error.errors,
      retryAfter: error.retryAfter,
      unexpected: false,
    };
  }
  if (isHttpLike(error)) {
    const status = error.getStatus();
    // Nest wraps Fastify's own 4xx errors (unsupported media type, bad JSON) with the original as cause.
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const known = typeof cause?.code === 'string' ? FASTIFY_DETAILS[cause.code] : undefined;
    if (known !== undefined && status < 500) return { status, detail: known, unexpected: false };
    const body = error.getResponse();
    const message =
      typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : error.message;
    return { status, detail: message, unexpected: status >= 500 };
  }
  // Rolled back whole (deadlock, serialization failure, lock not available): safe to send again.
  if (isTransientDatabaseError(error)) {
    return unavailable('The database was busy with a conflicting change; retry', 1);
  }
  if (isDatabaseUnavailable(error)) return unavailable('The database is unavailable; retry shortly', 5);
  const status = fastifyStatus(error);
  if (status !== undefined && status < 500) {
    const code = (error as { code?: unknown }).code;
    const known = typeof code === 'string' ? FASTIFY_DETAILS[code] : undefined;
    const detail =
      known ??
      (error instanceof SyntaxError ? 'The request body is not valid JSON' : 'The request is invalid');
    return { status, detail, unexpected: false };
  }
  return { status: 500, detail: 'An unexpected error occurred', unexpected: true };
}
