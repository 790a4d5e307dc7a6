/** Small readers shared by the EKS checks. */
import type { Inventory, EksCluster } from '../../inventory/types.js';
import type { Outcome } from '../../engine/types.js';
import { isOk, need } from '../../inventory/fact.js';

/** The cluster name the run targets ('' when the EKS facts were never collected). */
export function clusterNameOf(inv: Inventory): string {
  return inv.eks?.clusterName ?? '';
}

/** The run's region when the caller identity was read; undefined otherwise. */
export function regionOf(inv: Inventory): string | undefined {
  return isOk(inv.target) ? inv.target.value.region : undefined;
}

/** DescribeCluster's answer: the cluster, or null when it does not exist. Throws when unreadable. */
export function describedCluster(inv: Inventory): EksCluster | null {
  return need(inv.eks?.cluster, 'EKS cluster (eks:DescribeCluster)');
}

/** For checks that depend on eks-cluster: their subject is missing, so they do not judge. */
export function clusterMissingSkip(inv: Inventory): Outcome {
  return {
    status: 'skip',
    message: `skipped: cluster ${clusterNameOf(inv)} was not found (see eks-cluster)`,
    reason: 'depends on eks-cluster',
  };
}
