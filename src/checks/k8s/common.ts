/**
 * What every in-cluster check does first. Access failures are the checks' own `error` (with the
 * reason: Unauthorized, Forbidden on a verb and resource, unreachable, timeout), never a pass; an
 * API server that is another cluster's makes them `skip`, naming k8s-access, which fails.
 */
import type { Outcome } from '../../engine/types.js';
import type { Inventory, KubeAccess } from '../../inventory/types.js';
import { need } from '../../inventory/fact.js';

export const ACCESS_WHAT = 'Kubernetes API access (get /version)';

/** Resource ids in findings: `k8s:secret/daytona/daytona-db`, `k8s:storageclass/gp3`. */
export function k8sId(kind: string, name: string, namespace?: string): string {
  return `k8s:${kind}/${namespace ? `${namespace}/` : ''}${name}`;
}

/** The access fact; throws (→ `error`) when the API could not be reached or refused the credentials. */
export function kubeAccess(inv: Inventory): KubeAccess {
  return need(inv.kube?.access, ACCESS_WHAT);
}

export function isOtherCluster(access: KubeAccess): boolean {
  return !access.matchesCluster || access.caMatches === false;
}

/** Under --no-kube: the skip, with the reason the collector recorded. */
export function kubeDisabledSkip(inv: Inventory): Outcome | undefined {
  const reason = inv.kube?.disabled;
  return reason ? { status: 'skip', message: `skipped: ${reason}`, reason } : undefined;
}

/**
 * The gate: undefined to go on; a skip under --no-kube or when the API reached is another cluster's.
 * Throws when access failed.
 */
export function inClusterGate(inv: Inventory): Outcome | undefined {
  const disabled = kubeDisabledSkip(inv);
  if (disabled) return disabled;
  const access = kubeAccess(inv);
  if (isOtherCluster(access)) {
    return {
      status: 'skip',
      message: `skipped: the Kubernetes API at ${access.server} is not cluster ${inv.eks?.clusterName ?? ''}'s (see k8s-access)`,
      reason: 'depends on k8s-access',
    };
  }
  return undefined;
}
