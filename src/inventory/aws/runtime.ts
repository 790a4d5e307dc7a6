/**
 * The AWS side of a run: lazily loaded SDK clients (the EC2 client alone costs ~0.4 s to import),
 * one shared call ledger (apiCalls / apiRetries in the report), error mapping to Fact errors that
 * name the IAM action, and pagination. Endpoints are never set here: the SDK resolves them from
 * its own configuration (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, profiles), so emulators,
 * GovCloud and China regions work unchanged.
 */
import type { Fact, FactError } from '../fact.js';
import { untilAborted } from '../deadline.js';

export type ServiceName = 'sts' | 'eks' | 'ec2' | 'iam' | 's3' | 'rds' | 'elasticache' | 'ecr';

/** Anything with the SDK v3 client `send`. */
export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy?: () => void;
}

export interface ClientConfig {
  region: string;
  profile?: string;
}

const MAX_ATTEMPTS = 6;

/**
 * Per-call options: `region` sends to a client of that region (an ECR registry or an S3 bucket
 * elsewhere). The S3 client's followRegionRedirects is not used instead: it swaps the shared
 * client's region during a redirect, which breaks concurrent requests (aws-sdk-js-v3#5554).
 */
export interface CallOptions {
  region?: string;
}

/**
 * The configuration every client gets: region, profile and the retry policy; never an endpoint.
 * Exported so tests can build a real client (full middleware, retries included) the same way.
 */
export function sdkClientConfig(config: ClientConfig): { region: string; retryMode: 'adaptive'; maxAttempts: number; profile?: string } {
  return { region: config.region, retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS, ...(config.profile ? { profile: config.profile } : {}) };
}

/** Import and construct a service client. Each module is imported only when a run needs it. */
async function createClient(service: ServiceName, config: ClientConfig): Promise<SdkClient> {
  const base = sdkClientConfig(config);
  switch (service) {
    case 'sts':
      return new (await import('@aws-sdk/client-sts')).STSClient(base);
    case 'eks':
      return new (await import('@aws-sdk/client-eks')).EKSClient(base);
    case 'ec2':
      return new (await import('@aws-sdk/client-ec2')).EC2Client(base);
    case 'iam':
      return new (await import('@aws-sdk/client-iam')).IAMClient(base);
    case 's3':
      return new (await import('@aws-sdk/client-s3')).S3Client(base);
    case 'rds':
      return new (await import('@aws-sdk/client-rds')).RDSClient(base);
    case 'elasticache':
      return new (await import('@aws-sdk/client-elasticache')).ElastiCacheClient(base);
    case 'ecr':
      return new (await import('@aws-sdk/client-ecr')).ECRClient(base);
  }
}

/** Codes that mean "you may not": the fact is an error naming the action, never a pass. */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'AuthorizationError', 'Forbidden', 'AccessDeniedFault']);

export function isAccessDenied(code: string): boolean {
  return DENIED.has(code) || /AccessDenied|Unauthorized/i.test(code);
}

/** Map an SDK error to a FactError naming the IAM action; messages never carry request payloads. */
export function toFactError(err: unknown, action: string): FactError {
  const e = err as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return { code: 'timeout', message: `${action} did not finish before the deadline`, action };
  const code = e?.name && e.name !== 'Error' ? e.name : e?.Code ?? e?.code ?? (e?.$metadata?.httpStatusCode ? `HTTP${e.$metadata.httpStatusCode}` : 'Error');
  const normalized = isAccessDenied(code) ? 'AccessDenied' : code;
  const message = isAccessDenied(code) ? `not authorized to perform ${action}` : String(e?.message ?? code).slice(0, 300);
  return { code: normalized, message, action };
}

const deadlineError = (): Error => Object.assign(new Error('deadline reached'), { name: 'TimeoutError' });

/**
 * One run's AWS access: clients are created once per service and shared; every logical call
 * (each page counts) is recorded in `calls`, every retried attempt in `retries`.
 */
export class AwsRuntime {
  readonly calls: Record<string, number> = {};
  readonly retries: Record<string, number> = {};
  private readonly clients = new Map<string, Promise<SdkClient>>();

  constructor(
    readonly config: ClientConfig,
    /** Aborted at the run's deadline: calls still in flight become `timeout` errors. */
    readonly signal: AbortSignal = new AbortController().signal,
    private readonly factory: (service: ServiceName, config: ClientConfig) => Promise<SdkClient> = createClient,
  ) {}

  get region(): string {
    return this.config.region;
  }

  /** The service's client for the run's region, or for `region` when another is asked for. */
  client(service: ServiceName, region: string = this.config.region): Promise<SdkClient> {
    const key = region === this.config.region ? service : `${service}@${region}`;
    let c = this.clients.get(key);
    if (!c) {
      c = this.factory(service, region === this.config.region ? this.config : { ...this.config, region });
      this.clients.set(key, c);
    }
    return c;
  }

  /** Send one command, counting it under `action` (`ec2:DescribeSubnets`). Throws the SDK error. */
  async send<T>(action: string, command: unknown, opts: CallOptions = {}): Promise<T> {
    const service = action.slice(0, action.indexOf(':')) as ServiceName;
    const client = await this.client(service, opts.region);
    if (this.signal.aborted) throw deadlineError();
    this.calls[action] = (this.calls[action] ?? 0) + 1;
    try {
      // Raced against the deadline too: the SDK honours abortSignal only while a request is on the
      // wire, not while it waits between retries, and a stuck call must not hold the run.
      const out = (await untilAborted(client.send(command, { abortSignal: this.signal }), this.signal, () => {
        throw deadlineError();
      })) as T & { $metadata?: { attempts?: number } };
      this.countRetries(action, out?.$metadata?.attempts);
      return out;
    } catch (err) {
      this.countRetries(action, (err as { $metadata?: { attempts?: number } })?.$metadata?.attempts);
      throw err;
    }
  }

  /** send(), with the error turned into a Fact error instead of thrown. */
  async fact<T>(action: string, command: unknown, opts: CallOptions = {}): Promise<Fact<T>> {
    try {
      return { value: await this.send<T>(action, command, opts) };
    } catch (err) {
      return { error: toFactError(err, action) };
    }
  }

  /**
   * Follow a paginated operation to the end. `makeCommand(token)` builds the command for a page,
   * `read(page)` returns that page's items and its next token.
   */
  async paginate<P, I>(
    action: string,
    makeCommand: (token: string | undefined) => unknown,
    read: (page: P) => { items: I[] | undefined; next: string | undefined },
    opts: CallOptions = {},
  ): Promise<Fact<I[]>> {
    const items: I[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    try {
      do {
        const page = await this.send<P>(action, makeCommand(token), opts);
        const { items: pageItems, next } = read(page);
        items.push(...(pageItems ?? []));
        // A token seen before would loop forever: stop rather than hang a CI job.
        token = next && !seen.has(next) ? next : undefined;
        if (next) seen.add(next);
      } while (token);
      return { value: items };
    } catch (err) {
      return { error: toFactError(err, action) };
    }
  }

  private countRetries(action: string, attempts: number | undefined): void {
    if (attempts && attempts > 1) this.retries[action] = (this.retries[action] ?? 0) + attempts - 1;
  }

  destroy(): void {
    for (const c of this.clients.values()) void c.then((client) => client.destroy?.()).catch(() => undefined);
  }
}
