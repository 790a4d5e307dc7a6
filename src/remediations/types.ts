/**
 * Remediations (DESIGN §6): each turns a failed finding plus the Inventory into planned actions
 * (pure, data only), and the apply step sends exactly the calls an action lists. A plan is data so
 * that it can be printed, saved (--plan-out), reviewed and applied later (--apply-plan) unchanged.
 */
import type { CheckResult, FactNeed } from '../engine/types.js';
import type { FailOn } from '../engine/exit-code.js';
import type { Intent } from '../values/types.js';
import type { Inventory } from '../inventory/types.js';
import type { AwsRuntime } from '../inventory/aws/runtime.js';
import type { Redactor } from '../secrets/redact.js';
import type { ApiCallRecord } from '../report/types.js';

export type Safety = 'safe' | 'risky' | 'manual';

/** The tag every resource the tool creates carries. */
export const MANAGED_BY = { Key: 'managed-by', Value: 'daytona-preflight' } as const;
/** Written into security-group rule descriptions so a rule says who added it and why. */
export const TOOL_DESCRIPTION = 'added by daytona-preflight';

/** One API request, exactly as it will be sent. */
export interface PlannedCall {
  /** `service:Operation` as sent (`s3:PutBucketEncryption`); what the report shows. */
  api: string;
  /** The IAM action the call needs (`s3:PutEncryptionConfiguration`): counted and named in errors under it. */
  iamAction: string;
  /** The resource the call acts on (a group id, an ARN, a bucket). */
  target: string;
  /** The request parameters, exactly as sent. Never a secret. */
  params: Record<string, unknown>;
  /** Send to a client of this region (an S3 bucket elsewhere); default the run's region. */
  region?: string;
  /**
   * The call creates the resource the later calls of the action configure. When it answers
   * "already exists", the resource was not ours to configure: the action ends there, successful.
   */
  stopIfExists?: boolean;
  /**
   * A read sent before the writes it guards (HeadBucket, GetUserPolicy): an answer means the thing
   * is already there ("already exists", with `stopIfExists` the action ends); NotFound lets it go on.
   */
  probe?: boolean;
  /** A call that is not an AWS request (the Kubernetes Secret): run by the remediation's own apply. */
  custom?: boolean;
}

export interface PlannedAction {
  /** Unique within the plan, stable for the same facts (`authorize-sg-ingress:sg-0db:5432:sg-0nodes`). */
  id: string;
  checkId: string;
  /** One sentence: what it will do. */
  description: string;
  calls: PlannedCall[];
  safety: Safety;
  /** The remediation id (`create-bucket`, or `manual`). */
  remediation: string;
  /** Ids of actions of the same plan that must be applied first. */
  dependsOn: string[];
  /** Manual steps, follow-up commands (copy images in), the values snippet. */
  notes?: string[];
}

export type ActionStatus = 'planned' | 'applied' | 'skipped' | 'failed';

/** An action after the apply step (or as planned, in plan and dry-run modes). */
export interface ActionOutcome {
  action: PlannedAction;
  status: ActionStatus;
  requestIds: string[];
  error?: string;
  at?: string;
  /** Notes learned while applying (why skipped, the values snippet…), after the planned ones. */
  notes: string[];
}

export interface PlanContext {
  intent: Intent;
  inventory: Inventory;
  failOn: FailOn;
  /** Every check result of the run (a planner may look at a sibling's evidence). */
  results: readonly CheckResult[];
  /** From the caller identity; 'aws' when unknown. */
  partition: string;
  accountId?: string;
  /** The run's region (the caller identity's, else the cluster ARN's). */
  region?: string;
}

/** Where the apply step writes a Kubernetes Secret. Only `scope-bucket-access` uses it. */
export interface SecretStore {
  /** For messages: the API server and the credentials used. */
  readonly where: string;
  /** true when the namespace exists (a Secret cannot be created in one that does not). */
  namespaceExists(namespace: string): Promise<boolean>;
  /** true when the Secret exists. */
  exists(namespace: string, name: string): Promise<boolean>;
  /** Create the Secret; throws when it exists (the tool never replaces a Secret). */
  create(namespace: string, name: string, data: Record<string, string>, labels: Record<string, string>): Promise<void>;
}

export interface ApplyContext {
  rt: AwsRuntime;
  redactor: Redactor;
  /** A Secret store, or why there is none (no cluster access). */
  secrets: () => Promise<SecretStore | { unavailable: string }>;
  now: () => Date;
}

/** The result of sending one call: its request id, and whether it found the thing already there. */
export interface CallResult {
  requestId?: string;
  alreadyExisted: boolean;
  output?: unknown;
}

export interface Remediation {
  id: string;
  /** Check ids whose failure this remediation plans for. */
  fixes: readonly string[];
  /** The IAM actions apply may call (for `permissions --fix`); plan files are held to them. */
  iamActions: readonly string[];
  /** Calls that are not AWS requests, which this remediation's own apply performs (`kubernetes:CreateSecret`). */
  customApis?: readonly string[];
  /** Facts the planner reads beyond the needs of the checks it fixes (bound into the plan digest). */
  reads?: readonly FactNeed[];
  /** Pure: the actions that fix this finding, planned from the facts. Empty when there is nothing to do. */
  plan(ctx: PlanContext, result: CheckResult): PlannedAction[];
  /**
   * Apply an action of this remediation its own way: required for one with a `custom` call; for
   * others `undefined` means the default (the calls in order). `send` sends one planned call
   * through the runtime and maps "already exists" to success.
   */
  apply?(action: PlannedAction, ctx: ApplyContext, send: (call: PlannedCall) => Promise<CallResult>): Promise<{ requestIds: string[]; notes: string[] } | undefined>;
}

/** What the report shows of a call: api, target, params. */
export function callRecord(call: PlannedCall): ApiCallRecord {
  return { api: call.api, target: call.target, params: call.params };
}
