/**
 * "The nodes" (DESIGN.md §5): every managed node group and the self-managed nodes, each with the
 * subnets it runs in, the security groups its instances carry, and its IAM role. Network and IAM
 * checks judge every node set and name the ones that fall short.
 */
import type { Inventory, Subnet } from './types.js';
import { need } from './fact.js';

export interface NodeSet {
  /** 'nodegroup/<name>' or 'self-managed' */
  name: string;
  kind: 'managed' | 'self-managed';
  subnetIds: string[];
  securityGroupIds: string[];
  roleArns: string[];
  instanceTypes: string[];
  labels: Record<string, string>;
}

/**
 * The security groups a managed node group's instances carry: the launch template's when it names
 * any, otherwise the cluster security group, plus the remote-access group when set.
 */
export function nodeGroupSecurityGroups(ng: { launchTemplateSecurityGroupIds?: string[]; remoteAccessSecurityGroupId?: string }, clusterSecurityGroupId: string | undefined): string[] {
  const base = ng.launchTemplateSecurityGroupIds?.length ? ng.launchTemplateSecurityGroupIds : clusterSecurityGroupId ? [clusterSecurityGroupId] : [];
  return [...new Set([...base, ...(ng.remoteAccessSecurityGroupId ? [ng.remoteAccessSecurityGroupId] : [])])];
}

/** Throws FactUnavailable (→ check `error`) when the facts behind the nodes are missing. */
export function nodeSets(inv: Inventory): NodeSet[] {
  const cluster = need(inv.eks?.cluster, 'EKS cluster');
  if (!cluster) return [];
  const groups = need(inv.eks?.nodegroups, 'EKS node groups');
  const sets: NodeSet[] = groups.map((ng) => ({
    name: `nodegroup/${ng.name}`,
    kind: 'managed',
    subnetIds: ng.subnetIds,
    securityGroupIds: nodeGroupSecurityGroups(ng, cluster.clusterSecurityGroupId),
    roleArns: [ng.nodeRoleArn],
    instanceTypes: ng.launchTemplateInstanceType ? [ng.launchTemplateInstanceType] : ng.instanceTypes,
    labels: ng.labels,
  }));
  const selfManaged = inv.ec2?.selfManagedNodes ? need(inv.ec2.selfManagedNodes, 'self-managed nodes') : [];
  if (selfManaged.length) {
    sets.push({
      name: 'self-managed',
      kind: 'self-managed',
      subnetIds: [...new Set(selfManaged.map((i) => i.subnetId))],
      securityGroupIds: [...new Set(selfManaged.flatMap((i) => i.securityGroupIds))],
      roleArns: [...new Set(selfManaged.flatMap((i) => (i.roleArn ? [i.roleArn] : [])))],
      instanceTypes: [...new Set(selfManaged.map((i) => i.instanceType))],
      labels: {},
    });
  }
  return sets;
}

/** Subnet objects for ids; throws FactUnavailable when subnets were not collected. */
export function subnetsById(inv: Inventory, ids: readonly string[]): Subnet[] {
  const all = need(inv.ec2?.subnets, 'subnets');
  return ids.map((id) => all.find((s) => s.id === id)).filter((s): s is Subnet => s !== undefined);
}

/** Role name from an IAM role ARN (`arn:aws:iam::1:role/path/name` → `name`). */
export function roleNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The account an ARN belongs to ('' when it is not an ARN). */
export function accountOfArn(arn: string): string {
  return arn.startsWith('arn:') ? (arn.split(':')[4] ?? '') : '';
}

/** The role whose permissions a Pod Identity association's pods get: the target role when it chains. */
export function effectiveRoleArn(a: { roleArn: string; targetRoleArn?: string }): string {
  return a.targetRoleArn ?? a.roleArn;
}
