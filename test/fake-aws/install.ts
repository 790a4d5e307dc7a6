/**
 * Installs the fake account behind the SDK: aws-sdk-client-mock stubs `send` on each client class
 * (so the clients the tool imports lazily are caught too), and one dispatcher per client answers
 * every command from the model, records it, and applies the faults asked for.
 */
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import * as StsSdk from '@aws-sdk/client-sts';
import * as EksSdk from '@aws-sdk/client-eks';
import * as Ec2Sdk from '@aws-sdk/client-ec2';
import * as IamSdk from '@aws-sdk/client-iam';
import * as S3Sdk from '@aws-sdk/client-s3';
import * as RdsSdk from '@aws-sdk/client-rds';
import * as EcSdk from '@aws-sdk/client-elasticache';
import * as EcrSdk from '@aws-sdk/client-ecr';
import { makeCtx, nextRequestId, serviceError, SERVICE_ERRORS, type ServiceName } from './context.js';
import type { AccountModel } from './model.js';
import type { Handlers } from './handlers/types.js';
import { eksHandlers, stsHandlers } from './handlers/sts-eks.js';
import { ec2Handlers } from './handlers/ec2.js';
import { iamHandlers } from './handlers/iam.js';
import { s3Handlers } from './handlers/s3.js';
import { ecrHandlers, elasticacheHandlers, rdsHandlers } from './handlers/data-stores.js';

type SdkModule = Record<string, unknown>;
/** The stub of any of the eight clients: they differ in their generics, the fake only uses `send`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStub = AwsStub<any, any, any>;

const SDK: Record<ServiceName, { module: SdkModule; client: unknown }> = {
  sts: { module: StsSdk, client: StsSdk.STSClient },
  eks: { module: EksSdk, client: EksSdk.EKSClient },
  ec2: { module: Ec2Sdk, client: Ec2Sdk.EC2Client },
  iam: { module: IamSdk, client: IamSdk.IAMClient },
  s3: { module: S3Sdk, client: S3Sdk.S3Client },
  rds: { module: RdsSdk, client: RdsSdk.RDSClient },
  elasticache: { module: EcSdk, client: EcSdk.ElastiCacheClient },
  ecr: { module: EcrSdk, client: EcrSdk.ECRClient },
};

const HANDLERS: Record<ServiceName, Handlers> = {
  sts: stsHandlers,
  eks: eksHandlers,
  ec2: ec2Handlers,
  iam: iamHandlers,
  s3: s3Handlers,
  rds: rdsHandlers,
  elasticache: elasticacheHandlers,
  ecr: ecrHandlers,
};

/** API operations authorised under another IAM action name. */
const IAM_ACTION: Record<string, string> = {
  's3:HeadBucket': 's3:ListBucket',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
};

export const iamActionOf = (operation: string): string => IAM_ACTION[operation] ?? operation;

/** The operations that change the account. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:CreateTags',
  'ec2:CreateVpcEndpoint',
  's3:CreateBucket',
  's3:PutPublicAccessBlock',
  's3:PutBucketEncryption',
  's3:PutBucketTagging',
  'iam:CreateUser',
  'iam:PutUserPolicy',
  'iam:CreateAccessKey',
  'iam:AttachRolePolicy',
  'ecr:CreateRepository',
]);

/** sts:GetCallerIdentity needs no permission: AWS never denies it, so neither does deny('*'). */
const NEVER_DENIED = 'sts:GetCallerIdentity';

export interface CallRecord {
  seq: number;
  /** The API operation, `ec2:DescribeSubnets`. */
  operation: string;
  /** The IAM action it is authorised as (`s3:ListBucket` for `s3:HeadBucket`). */
  action: string;
  region: string;
  /** The request as sent (a copy). */
  input: Record<string, unknown>;
  /** performance.now() when the request was sent and when it was answered. */
  start: number;
  end: number;
  /** 'ok', or the error code answered. */
  outcome: string;
  /** Attempts the (emulated) SDK made: more than 1 after throttling. */
  attempts: number;
  /** CPU time the fake spent building the answer (it stands in for the SDK's parsing of a real one). */
  serveMs: number;
}

export type Selector = string | readonly string[];

export interface FaultOptions {
  /** Only requests this returns true for (e.g. one role: `(i) => i.RoleName === 'x'`). */
  when?: (input: Record<string, unknown>) => boolean;
}

export interface ThrottleOptions extends FaultOptions {
  /** How many attempts are throttled before the API answers again (default 1). */
  attempts?: number;
  /**
   * true (default): behave as the SDK's retry does for the caller: throttled attempts are
   * retried inside the call (each costs the latency), the answer's $metadata.attempts counts
   * them, and only when maxAttempts are used up does the call fail. false: fail at once.
   */
  sdkRetries?: boolean;
}

export interface FakeAwsOptions {
  /** Milliseconds each attempt takes before it is answered (default 0): fixed, or per operation. */
  latencyMs?: number | ((operation: string) => number);
  /** The SDK's maxAttempts for the throttling emulation (default 6, as the tool configures). */
  maxAttempts?: number;
}

interface Fault {
  match: (operation: string, action: string, input: Record<string, unknown>) => boolean;
  remaining: number;
  sdkRetries: boolean;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** `*`, `ec2:*`, `ec2:Describe*`, an operation (`s3:HeadBucket`) or its IAM action (`s3:ListBucket`). */
function selectorMatcher(selector: Selector, opts: FaultOptions): Fault['match'] {
  const patterns = (typeof selector === 'string' ? [selector] : [...selector]).map(globToRegExp);
  return (operation, action, input) => patterns.some((p) => p.test(operation) || p.test(action)) && (!opts.when || opts.when(input));
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** A deep copy that keeps Dates (structuredClone) of what a handler answered. */
const copy = <T>(x: T): T => structuredClone(x);

export class FakeAws {
  /** Every request answered, in the order sent. */
  readonly calls: CallRecord[] = [];
  /** Commands the fake does not model (`ec2:DescribeRegions`): each answered with an error. */
  readonly unsupported: string[] = [];
  private readonly stubs = new Map<ServiceName, AnyStub>();
  private readonly faults = { deny: [] as Fault[], throttle: [] as Fault[] };
  private seq = 0;
  private ids = 0;

  constructor(
    /** The account: read at every request, changed by writes; tests may edit it between runs. */
    readonly model: AccountModel,
    private readonly options: FakeAwsOptions = {},
  ) {}

  /** Answer the matching requests AccessDenied (in each service's own error shape). */
  deny(selector: Selector, opts: FaultOptions = {}): this {
    const match = selectorMatcher(selector, opts);
    this.faults.deny.push({ match: (op, action, input) => op !== NEVER_DENIED && match(op, action, input), remaining: Infinity, sdkRetries: false });
    return this;
  }

  /** Throttle the next `attempts` attempts of the matching requests (see ThrottleOptions). */
  throttle(selector: Selector, opts: ThrottleOptions = {}): this {
    this.faults.throttle.push({ match: selectorMatcher(selector, opts), remaining: opts.attempts ?? 1, sdkRetries: opts.sdkRetries ?? true });
    return this;
  }

  clearFaults(): this {
    this.faults.deny = [];
    this.faults.throttle = [];
    return this;
  }

  /** Requests per operation (`ec2:DescribeSubnets`), or of one operation. */
  count(operation: string): number;
  count(): Record<string, number>;
  count(operation?: string): number | Record<string, number> {
    if (operation) return this.calls.filter((c) => c.operation === operation).length;
    const out: Record<string, number> = {};
    for (const c of this.calls) out[c.operation] = (out[c.operation] ?? 0) + 1;
    return out;
  }

  /** The requests that changed (or tried to change) the account. */
  writes(): CallRecord[] {
    return this.calls.filter((c) => WRITE_OPERATIONS.has(c.operation));
  }

  /** Forget the recorded calls (the model and faults stay). */
  resetCalls(): this {
    this.calls.length = 0;
    this.unsupported.length = 0;
    return this;
  }

  /** The aws-sdk-client-mock stub of one service, to override a command (`.on(Command)` wins over the fake). */
  stub(service: ServiceName): AnyStub {
    const s = this.stubs.get(service);
    if (!s) throw new Error(`the fake is not installed for ${service}`);
    return s;
  }

  /** Put the real `send` back on every client class. */
  restore(): void {
    for (const s of this.stubs.values()) s.restore();
    this.stubs.clear();
  }

  /** @internal installFakeAws wires this as each client's `send`. */
  attach(service: ServiceName, stub: AnyStub): void {
    this.stubs.set(service, stub);
    const names = new Map<unknown, string>();
    for (const [key, value] of Object.entries(SDK[service].module)) if (key.endsWith('Command') && typeof value === 'function') names.set(value, key.slice(0, -'Command'.length));
    const fake = this;
    stub.send.callsFake(async function (this: { config?: { region?: unknown } }, command: { input?: Record<string, unknown>; constructor: unknown }) {
      const region = await regionOf(this);
      return fake.answer(service, names.get(command.constructor) ?? 'UnknownCommand', region, command.input ?? {});
    });
  }

  private latency(operation: string): number {
    const l = this.options.latencyMs ?? 0;
    return typeof l === 'function' ? l(operation) : l;
  }

  private async answer(service: ServiceName, name: string, region: string, input: Record<string, unknown>): Promise<unknown> {
    const operation = `${service}:${name}`;
    const action = iamActionOf(operation);
    const record: CallRecord = { seq: ++this.seq, operation, action, region, input: JSON.parse(JSON.stringify(input)) as Record<string, unknown>, start: performance.now(), end: 0, outcome: 'ok', attempts: 0, serveMs: 0 };
    this.calls.push(record);
    const maxAttempts = this.options.maxAttempts ?? 6;
    try {
      for (;;) {
        record.attempts++;
        await sleep(this.latency(operation));
        const throttled = this.faults.throttle.find((f) => f.remaining > 0 && f.match(operation, action, input));
        if (throttled) {
          throttled.remaining--;
          if (throttled.sdkRetries && record.attempts < maxAttempts) continue;
          const [code, status] = SERVICE_ERRORS[service].throttled;
          throw serviceError(code, 'Rate exceeded', status);
        }
        if (this.faults.deny.some((f) => f.match(operation, action, input))) {
          const [code, status] = SERVICE_ERRORS[service].denied;
          throw serviceError(code, `User: ${this.model.caller.arn} is not authorized to perform: ${action}`, status);
        }
        const handler = HANDLERS[service][name];
        if (!handler) {
          this.unsupported.push(operation);
          throw serviceError('FakeAwsNotModelled', `the fake AWS account does not model ${operation}`, 501);
        }
        const served = performance.now();
        const ctx = makeCtx(this.model, service, name, region, input, (prefix) => `${prefix}-0fa4e${String(++this.ids).padStart(12, '0')}`);
        // Handlers are synchronous: awaiting one would let other work in and blur serveMs.
        const out = copy(handler(input, ctx)) as Record<string, unknown>;
        record.serveMs = performance.now() - served;
        return { ...out, $metadata: { httpStatusCode: 200, requestId: nextRequestId(), attempts: record.attempts, totalRetryDelay: 0 } };
      }
    } catch (err) {
      const e = err as { name?: string; $metadata?: { attempts?: number } };
      record.outcome = e?.name ?? 'Error';
      if (e?.$metadata) e.$metadata.attempts = record.attempts;
      throw err;
    } finally {
      record.end = performance.now();
    }
  }
}

/** The region a client was configured with (its config holds a provider). */
async function regionOf(client: { config?: { region?: unknown } }): Promise<string> {
  const r = client?.config?.region;
  return String(typeof r === 'function' ? await (r as () => Promise<string>)() : r);
}

/**
 * Install the fake: from now until `restore()`, every SDK client of the eight services answers
 * from `model`. Tests may still override one command with the returned stubs
 * (`fake.stub('eks').on(DescribeClusterCommand).rejects(…)`): a specific `.on()` wins over the fake.
 */
export function installFakeAws(model: AccountModel, options: FakeAwsOptions = {}): FakeAws {
  const fake = new FakeAws(model, options);
  for (const service of Object.keys(SDK) as ServiceName[]) {
    // The SDK's client classes differ in their generics; the stub only needs `send`.
    const stub = mockClient(SDK[service].client as never) as AnyStub;
    fake.attach(service, stub);
  }
  return fake;
}
