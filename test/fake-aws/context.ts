/**
 * What every handler of the fake gets: the model, the calling client's region, the request's
 * operation, and the two things every AWS API shares: its error shape and its pagination.
 *
 * Errors look like the SDK's service exceptions (name = the API's error code, $metadata with the
 * HTTP status), so the collectors' own error mapping runs on them unchanged.
 * Pagination honours each operation's page-size parameter within the API's documented range and
 * answers with an opaque token bound to the operation and the rest of the request, as AWS does.
 */
import { createHash } from 'node:crypto';
import { awsError } from '../helpers/aws-mocks.js';
import type { AccountModel } from './model.js';

export type ServiceName = 'sts' | 'eks' | 'ec2' | 'iam' | 's3' | 'rds' | 'elasticache' | 'ecr';

/** Per service: the error codes its API uses for the common cases. */
export const SERVICE_ERRORS: Record<ServiceName, { denied: [string, number]; throttled: [string, number]; invalid: string }> = {
  ec2: { denied: ['UnauthorizedOperation', 403], throttled: ['RequestLimitExceeded', 503], invalid: 'InvalidParameterValue' },
  eks: { denied: ['AccessDeniedException', 403], throttled: ['ThrottlingException', 429], invalid: 'InvalidParameterException' },
  ecr: { denied: ['AccessDeniedException', 400], throttled: ['ThrottlingException', 400], invalid: 'InvalidParameterException' },
  iam: { denied: ['AccessDenied', 403], throttled: ['Throttling', 400], invalid: 'InvalidInputException' },
  sts: { denied: ['AccessDenied', 403], throttled: ['Throttling', 400], invalid: 'ValidationError' },
  rds: { denied: ['AccessDenied', 403], throttled: ['Throttling', 400], invalid: 'InvalidParameterValue' },
  elasticache: { denied: ['AccessDenied', 403], throttled: ['Throttling', 400], invalid: 'InvalidParameterValueException' },
  s3: { denied: ['AccessDenied', 403], throttled: ['SlowDown', 503], invalid: 'InvalidArgument' },
};

/** The request id every answer (and error) carries, as AWS's do. */
let requestSeq = 0;
export function nextRequestId(): string {
  return `fake-${String(++requestSeq).padStart(6, '0')}`;
}

/** An SDK-shaped service error. */
export function serviceError(code: string, message: string, status = 400, extra: Record<string, unknown> = {}): Error {
  const err = awsError(code, message, status) as Error & { $metadata: Record<string, unknown> };
  err.$metadata.requestId = nextRequestId();
  return Object.assign(err, extra);
}

/** A page-size parameter and its documented range; `defaultSize` is what the API returns when it is not given. */
export interface PageSpec {
  /** Request field with the page size (MaxResults, maxResults, MaxRecords, MaxItems); absent when the call takes none. */
  sizeParam?: string;
  /** Request field with the token (NextToken, nextToken, Marker). */
  tokenParam: string;
  min: number;
  max: number;
  /** Page size when the request gives none (Infinity: everything in one answer). */
  defaultSize: number;
}

export interface Page<T> {
  items: T[];
  /** The token for the next page; undefined on the last. */
  next?: string;
}

export interface CallCtx {
  model: AccountModel;
  service: ServiceName;
  operation: string;
  /** The region of the client that sent the request. */
  region: string;
  now: Date;
  input: Record<string, unknown>;
  error(code: string, message: string, status?: number, extra?: Record<string, unknown>): Error;
  /** `service`'s "invalid parameter" error. */
  invalid(message: string): Error;
  /** One page of `items` for this request. */
  page<T>(items: readonly T[], spec: PageSpec): Page<T>;
  /** A fresh resource id (`sgr-0fa4e…`), unique within this fake. */
  newId(prefix: string): string;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The request without its token and page size: what a token is bound to. */
export function requestKey(operation: string, input: Record<string, unknown>, spec: Pick<PageSpec, 'tokenParam' | 'sizeParam'>): string {
  const rest = { ...input };
  delete rest[spec.tokenParam];
  if (spec.sizeParam) delete rest[spec.sizeParam];
  return createHash('sha256').update(`${operation}\n${canonical(rest)}`).digest('hex').slice(0, 16);
}

export function makeCtx(model: AccountModel, service: ServiceName, operation: string, region: string, input: Record<string, unknown>, newId: (prefix: string) => string): CallCtx {
  const ctx: CallCtx = {
    model,
    newId,
    service,
    operation,
    region,
    now: new Date(),
    input,
    error: serviceError,
    invalid: (message) => serviceError(SERVICE_ERRORS[service].invalid, message, 400),
    page<T>(items: readonly T[], spec: PageSpec): Page<T> {
      const sizeRaw = spec.sizeParam ? input[spec.sizeParam] : undefined;
      if (sizeRaw !== undefined && (typeof sizeRaw !== 'number' || sizeRaw < spec.min || sizeRaw > spec.max)) {
        throw ctx.invalid(`${spec.sizeParam} must be between ${spec.min} and ${spec.max}`);
      }
      const size = typeof sizeRaw === 'number' ? sizeRaw : spec.defaultSize;
      const key = requestKey(operation, input, spec);
      const token = input[spec.tokenParam];
      let offset = 0;
      if (token !== undefined && token !== null && token !== '') {
        const m = typeof token === 'string' ? /^([0-9a-f]{16})\.(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8')) : null;
        // A token from another request (or made up) is refused, as AWS refuses it.
        if (!m || m[1] !== key || Number(m[2]) > items.length) throw ctx.invalid(`invalid ${spec.tokenParam} for ${operation}`);
        offset = Number(m[2]);
      }
      const end = Math.min(items.length, offset + size);
      return { items: items.slice(offset, end), ...(end < items.length ? { next: Buffer.from(`${key}.${end}`, 'utf8').toString('base64url') } : {}) };
    },
  };
  return ctx;
}

/** A filter's values as a test: literal values by set lookup, `*` and `?` as wildcards. */
function valueTest(values: readonly string[]): (value: string | undefined) => boolean {
  const literal = new Set(values.filter((v) => !/[*?]/.test(v)));
  const patterns = values.filter((v) => /[*?]/.test(v)).map((v) => new RegExp(`^${v.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return (value) => value !== undefined && (literal.has(value) || patterns.some((p) => p.test(value)));
}

/** The request's filters, compiled once per request (a describe call tests every resource). */
const compiled = new WeakMap<CallCtx, { name: string; test: (value: string | undefined) => boolean }[]>();

/**
 * EC2 `Filters`: values ORed within a filter, filters ANDed; `tag:<key>` and `tag-key` read
 * `tags`. A filter name the resource does not know is refused, as EC2 refuses it.
 */
export function matchesFilters(ctx: CallCtx, fields: Record<string, () => (string | undefined)[]>, tags?: Record<string, string>): boolean {
  let filters = compiled.get(ctx);
  if (!filters) {
    filters = ((ctx.input.Filters ?? []) as { Name?: string; Values?: string[] }[]).map((f) => ({ name: f.Name ?? '', test: valueTest(f.Values ?? []) }));
    compiled.set(ctx, filters);
  }
  return filters.every(({ name, test }) => {
    let have: (string | undefined)[];
    if (tags && name.startsWith('tag:')) have = name.slice(4) in tags ? [tags[name.slice(4)]] : [];
    else if (tags && name === 'tag-key') have = Object.keys(tags);
    else {
      const field = fields[name];
      if (!field) throw ctx.invalid(`The filter '${name}' is invalid`);
      have = field();
    }
    return have.some(test);
  });
}

/** EC2 allows at most 200 values in one filter and 50 filters in one request. */
export function checkFilterLimits(ctx: CallCtx): void {
  const filters = (ctx.input.Filters ?? []) as { Values?: string[] }[];
  if (filters.length > 50 || filters.some((f) => (f.Values ?? []).length > 200)) {
    throw ctx.error('FilterLimitExceeded', 'The request uses too many filters or too many filter values.', 400);
  }
}

/** An EC2 tag list from a map. */
export const ec2Tags = (tags: Record<string, string> | undefined): { Key: string; Value: string }[] => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** Keep the fields whose value is not undefined (the SDK omits absent members). */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const daysAgo = (now: Date, days: number): Date => new Date(now.getTime() - days * 86_400_000);
