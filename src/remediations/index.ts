/**
 * The remediations and what they may call. `permissions --fix` prints REMEDIATION_ACTIONS: the
 * IAM write actions generated from what each remediation declares, never kept by hand.
 */
import { REMEDIATIONS } from './plan.js';

export { REMEDIATIONS, findRemediation, planRemediations, planContext, failingResults, dependencyOrder } from './plan.js';
export type { Plan } from './plan.js';
export type { PlannedAction, PlannedCall, Remediation, Safety, SecretStore } from './types.js';

/** Every IAM action the remediations may call, sorted and unique. */
export const REMEDIATION_ACTIONS: readonly string[] = [...new Set(REMEDIATIONS.flatMap((r) => r.iamActions))].sort();

/** What the in-cluster part of --fix needs (scope-bucket-access stores the registry key in a Secret). */
export const REMEDIATION_KUBE_RBAC = 'get namespaces; get and create secrets in the install namespace (scope-bucket-access stores the registry key there)';
