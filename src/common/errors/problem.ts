import { ERROR_CODES, type ErrorCode, type FieldError } from './domain-error';

/** RFC 9457 problem details, as every error of the API is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = Object.fromEntries(
  Object.values(ERROR_CODES).map((c) => [c.status, c.title]),
);
TITLES[414] = 'URI Too Long';
TITLES[500] = 'Internal Server Error';

export function problemType(code: ErrorCode | undefined): string {
  return code ? `urn:sla-sentinel:problem:${code.replace(/_/g, '-')}` : 'about:blank';
}

export function buildProblem(
  status: number,
  detail: string,
  code?: ErrorCode,
  errors?: FieldError[],
): Problem {
  const problem: Problem = {
    type: problemType(code),
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
  };
  if (errors && errors.length > 0) problem.errors = errors;
  return problem;
}
