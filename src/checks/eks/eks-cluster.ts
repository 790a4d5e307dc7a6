import type { Check } from '../../engine/types.js';
import { clusterNameOf, describedCluster, regionOf } from './common.js';

/**
 * UPDATING clusters keep serving the API (version or config updates roll in place), so they are a
 * warning; every other non-ACTIVE state means there is no usable control plane to install into.
 */
const SERVING_WHILE_BUSY = new Set(['UPDATING']);

export const eksCluster: Check = {
  id: 'eks-cluster',
  area: 'eks',
  title: 'The EKS cluster exists and is ACTIVE',
  severity: 'critical',
  appliesTo: () => true,
  needs: ['eks.cluster'],
  evaluate: (_intent, inv) => {
    const name = clusterNameOf(inv);
    const region = regionOf(inv);
    const where = region ? ` in ${region}` : '';
    const cluster = describedCluster(inv);
    if (!cluster) {
      return {
        status: 'fail',
        message: `EKS cluster ${name} was not found${where}`,
        evidence: { cluster: name, region: region ?? null, found: false },
      };
    }
    const evidence = { cluster: cluster.name, region: region ?? null, found: true, status: cluster.status, version: cluster.version, arn: cluster.arn };
    if (cluster.status === 'ACTIVE') {
      return { status: 'pass', message: `EKS cluster ${cluster.name}${where} is ACTIVE (Kubernetes ${cluster.version})`, resources: [cluster.arn], evidence };
    }
    return {
      status: SERVING_WHILE_BUSY.has(cluster.status) ? 'warn' : 'fail',
      message: `EKS cluster ${cluster.name}${where} is ${cluster.status}, not ACTIVE`,
      resources: [cluster.arn],
      evidence,
    };
  },
  remediation: 'manual',
  docs: {
    what: 'eks:DescribeCluster finds the named cluster in the target region and its status is ACTIVE (UPDATING is a warning: the API keeps serving while an update rolls).',
    why: 'The chart is installed into this cluster, and every other EKS, IAM and network check reasons about its VPC, subnets, security groups and node groups. A wrong name or region, or a cluster still CREATING or FAILED, means there is nothing to install into.',
    fix: [
      'List the clusters in the region and pick the right one: `aws eks list-clusters --region <region>`; pass it with `--cluster <name> --region <region>`.',
      'Wait for a CREATING or UPDATING cluster: `aws eks wait cluster-active --name <cluster> --region <region>`.',
      'A FAILED cluster must be recreated (e.g. `eksctl create cluster --name <cluster> --region <region>`).',
    ].join('\n'),
  },
};
