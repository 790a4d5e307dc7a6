import type { Intent } from '../values/types.js';
import type { Inventory } from '../inventory/types.js';
import type { FactError } from '../inventory/fact.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export const STATUSES: readonly Status[] = ['pass', 'fail', 'warn', 'skip', 'error'];

export type Area = 'values' | 'eks' | 'iam' | 'ecr' | 's3' | 'rds' | 'elasticache' | 'network' | 'k8s';

/**
 * The facts a check reads. Collection is driven by these: a run collects only what its
 * selected, applicable checks need, and `permissions` is generated from them.
 */
export type FactNeed =
  | 'sts'
  | 'eks.cluster'
  | 'eks.versions'
  | 'eks.nodegroups'
  | 'eks.addons'
  | 'eks.podIdentity'
  | 'ec2.network' // vpcs, subnets, security groups of the cluster and nodes
  | 'ec2.routes'
  | 'ec2.nacls'
  | 'ec2.endpoints'
  | 'ec2.peering'
  | 'ec2.selfManagedNodes'
  | 'iam.clusterRole'
  | 'iam.nodeRoles'
  | 'iam.s3User'
  | 'iam.addonRoles'
  | 's3.buckets'
  | 'rds'
  | 'elasticache'
  | 'ecr'
  | 'kube.access'
  | 'kube.lbController'
  | 'kube.secrets'
  | 'kube.storageClasses'
  | 'kube.ingressClasses'
  | 'kube.nodes'
  | 'kube.csiDrivers';

/** What a check returns. The engine adds id, title, timing and the rest. */
export interface Outcome {
  status: Exclude<Status, 'skip' | 'error'> | 'skip' | 'error';
  message: string;
  /** Why a skip or error, in a few words ('depends on rds-instance', 'timeout'). */
  reason?: string;
  error?: FactError;
  /** ARNs or ids the verdict is about. */
  resources?: string[];
  /** What the verdict rests on: values paths and values (redacted), rule ids, statement Sids… */
  evidence?: Record<string, unknown>;
  /** Values paths the finding concerns, for SARIF locations. */
  valuesPaths?: string[];
}

export interface CheckDocs {
  /** What is checked. */
  what: string;
  /** Why it breaks (or weakens) the install. */
  why: string;
  /** How to fix it by hand: short, exact steps or commands. */
  fix: string;
}

export interface Check {
  /** kebab-case, area prefix, stable forever. */
  id: string;
  area: Area;
  title: string;
  severity: Severity;
  /** true when the check applies, else the reason it does not (becomes a `skip`). */
  appliesTo: (intent: Intent) => true | string;
  /** Facts the check reads (empty for values checks). */
  needs: readonly FactNeed[];
  /** Checks whose failure makes this one moot: it is skipped naming them. */
  dependsOn?: readonly string[];
  /** Pure: the same intent and inventory give the same outcome. May throw FactUnavailable (→ error). */
  evaluate: (intent: Intent, inventory: Inventory) => Outcome;
  /** Id of the remediation that fixes a failure, or 'manual'. */
  remediation?: string;
  docs: CheckDocs;
  compliance?: string[];
}

export interface CheckResult {
  id: string;
  area: Area;
  title: string;
  severity: Severity;
  status: Status;
  message: string;
  reason?: string;
  error?: FactError;
  resources: string[];
  evidence: Record<string, unknown>;
  valuesPaths: string[];
  /** Where in the values files the finding points (SARIF needs one): the first valuesPath that a file set, else line 1 of the first file. */
  location?: { file: string; line: number };
  remediation?: { id: string; automatic: boolean };
  docs: string;
  durationMs: number;
}

export interface Summary {
  pass: number;
  fail: number;
  warn: number;
  skip: number;
  error: number;
  exitCode: number;
}
