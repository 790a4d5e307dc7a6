/** Small pieces every remediation shares: the plan context, tags, manual actions, evidence readers. */
import type { CheckResult } from '../engine/types.js';
import type { Inventory } from '../inventory/types.js';
import { isOk } from '../inventory/fact.js';
import { partitionOf } from '../iam/managed.js';
import { regionOfArn } from '../network/services.js';
import { MANAGED_BY, type PlanContext, type PlannedAction } from './types.js';

/** The partition, account and region of the run, from the caller identity, else the cluster ARN. */
export function runTarget(inv: Inventory): { partition: string; accountId?: string; region?: string } {
  if (isOk(inv.target)) return { partition: inv.target.value.partition, accountId: inv.target.value.accountId, region: inv.target.value.region };
  const cluster = isOk(inv.eks?.cluster) ? inv.eks.cluster.value : null;
  if (cluster) {
    const accountId = cluster.arn.split(':')[4];
    const region = regionOfArn(cluster.arn);
    return { partition: partitionOf(cluster.arn), ...(accountId ? { accountId } : {}), ...(region ? { region } : {}) };
  }
  return { partition: 'aws' };
}

/** Tags for a created resource, in the EC2/IAM/ECR/S3 `{ Key, Value }` shape. */
export function managedTags(): { Key: string; Value: string }[] {
  return [{ Key: MANAGED_BY.Key, Value: MANAGED_BY.Value }];
}

/** EC2 TagSpecifications for a resource created by the call. */
export function tagSpecifications(resourceType: string): { ResourceType: string; Tags: { Key: string; Value: string }[] }[] {
  return [{ ResourceType: resourceType, Tags: managedTags() }];
}

/** A printed-steps action: never automated. */
export function manualAction(checkId: string, key: string, description: string, steps: string[]): PlannedAction {
  return { id: `manual:${checkId}${key ? `:${key}` : ''}`, checkId, description, calls: [], safety: 'manual', remediation: 'manual', dependsOn: [], notes: steps };
}

/** Whether the plan should also address this check's warnings (they only fail the run under --fail-on warn). */
export function includeWarnings(ctx: PlanContext): boolean {
  return ctx.failOn === 'warn';
}

// ---------------------------------------------------------------- evidence readers
// Evidence is free-form JSON: read it defensively, and plan nothing from a shape that is not there.

export function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
}

export function evidenceArray(result: CheckResult, key: string): Record<string, unknown>[] {
  return records(result.evidence[key]);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

export function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

/** Lines of a check's manual fix text, for a manual action. */
export function fixLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
