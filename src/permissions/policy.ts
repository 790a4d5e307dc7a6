/**
 * The IAM policy the tool itself needs, generated from what the collectors declare they call
 * (each collector module exports ACTIONS), never kept by hand. Read-only by default; `--fix` adds
 * the write actions the remediations declare.
 */
import { ACTIONS as STS_ACTIONS } from '../inventory/aws/sts.js';
import { ACTIONS as EKS_ACTIONS } from '../inventory/aws/eks.js';
import { ACTIONS as EC2_ACTIONS } from '../inventory/aws/ec2.js';
import { ACTIONS as IAM_ACTIONS } from '../inventory/aws/iam.js';
import { ACTIONS as S3_ACTIONS } from '../inventory/aws/s3.js';
import { ACTIONS as RDS_ACTIONS } from '../inventory/aws/rds.js';
import { ACTIONS as ELASTICACHE_ACTIONS } from '../inventory/aws/elasticache.js';
import { ACTIONS as ECR_ACTIONS } from '../inventory/aws/ecr.js';

/** Every collector module and the actions it may call. */
export const COLLECTOR_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  sts: STS_ACTIONS,
  eks: EKS_ACTIONS,
  ec2: EC2_ACTIONS,
  iam: IAM_ACTIONS,
  s3: S3_ACTIONS,
  rds: RDS_ACTIONS,
  elasticache: ELASTICACHE_ACTIONS,
  ecr: ECR_ACTIONS,
};

export interface IamPolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: '*';
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: IamPolicyStatement[];
}

/** How each service prefix is spelled in statement ids (Sids allow only [A-Za-z0-9]). */
const SERVICE_NAMES: Record<string, string> = {
  sts: 'STS',
  eks: 'EKS',
  ec2: 'EC2',
  iam: 'IAM',
  s3: 'S3',
  rds: 'RDS',
  elasticache: 'ElastiCache',
  ecr: 'ECR',
};

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

/** The union of the collectors' actions, sorted and deduplicated. */
export function readActions(): string[] {
  return normalize(Object.values(COLLECTOR_ACTIONS).flat());
}

function normalize(actions: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const a of actions) {
    if (!ACTION.test(a)) throw new Error(`not an IAM action: ${a}`);
    out.add(a);
  }
  return [...out].sort((a, b) => a.localeCompare(b));
}

function sidName(service: string): string {
  return SERVICE_NAMES[service] ?? service.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}

/** One statement per service: `prefix` + service name as its Sid, Resource "*". */
function statements(actions: readonly string[], prefix: string): IamPolicyStatement[] {
  const byService = new Map<string, string[]>();
  for (const a of actions) {
    const service = a.slice(0, a.indexOf(':'));
    byService.set(service, [...(byService.get(service) ?? []), a]);
  }
  return [...byService.keys()].sort().map((service) => ({ Sid: `${prefix}${sidName(service)}`, Effect: 'Allow', Action: byService.get(service)!, Resource: '*' }));
}

/**
 * The policy document. Every action is a describe/list/get call, which IAM does not scope by
 * resource for most of these services, hence Resource "*". Write actions (with --fix) get their
 * own statements so they can be reviewed, or split off, separately.
 */
export function buildPolicy(opts: { writeActions?: readonly string[] } = {}): IamPolicy {
  const read = readActions();
  const write = normalize(opts.writeActions ?? []).filter((a) => !read.includes(a));
  return { Version: '2012-10-17', Statement: [...statements(read, 'DaytonaPreflightRead'), ...statements(write, 'DaytonaPreflightFix')] };
}

/** Every action the policy allows (for coverage tests). */
export function policyActions(policy: IamPolicy): Set<string> {
  return new Set(policy.Statement.flatMap((s) => s.Action));
}
