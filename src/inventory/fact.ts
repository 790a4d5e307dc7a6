/**
 * A Fact is one piece of collected state: either the value, or why it could not be had.
 * Checks must treat an error Fact as "unknown" and return `error`, never `pass` (fail closed).
 */
export interface FactError {
  /** AWS error code (AccessDenied, Throttling…), HTTP status for Kubernetes (Forbidden), or 'timeout'. */
  code: string;
  message: string;
  /** The IAM action (`rds:DescribeDBInstances`) or Kubernetes verb+resource (`list secrets`) that failed. */
  action?: string;
}

export type Fact<T> = { value: T } | { error: FactError };

export const ok = <T>(value: T): Fact<T> => ({ value });
export const failed = <T = never>(error: FactError): Fact<T> => ({ error });

export function isOk<T>(fact: Fact<T> | undefined): fact is { value: T } {
  return fact !== undefined && 'value' in fact;
}

/** The error of a fact; a fact that was never collected is reported as missing data. */
export function errorOf<T>(fact: Fact<T> | undefined, what = 'fact'): FactError | undefined {
  if (fact === undefined) return { code: 'NotCollected', message: `${what} was not collected` };
  return 'error' in fact ? fact.error : undefined;
}

/**
 * Thrown inside a check to turn it into status `error` with this fact error attached.
 * `need(fact)` lets a check read facts straight-line without testing each one.
 */
export class FactUnavailable extends Error {
  constructor(readonly factError: FactError) {
    super(factError.action ? `${factError.code} on ${factError.action}: ${factError.message}` : `${factError.code}: ${factError.message}`);
  }
}

export function need<T>(fact: Fact<T> | undefined, what = 'fact'): T {
  if (isOk(fact)) return fact.value;
  throw new FactUnavailable(errorOf(fact, what)!);
}
