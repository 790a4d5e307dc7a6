/**
 * The IAM roles of "the nodes" (src/inventory/nodes.ts): each role once, with the node sets that
 * use it, so a verdict about a role can name the node groups that fall short.
 */
import type { IamPrincipal, Inventory } from '../inventory/types.js';
import { FactUnavailable, need } from '../inventory/fact.js';
import { nodeSets, roleNameFromArn } from '../inventory/nodes.js';

export interface NodeRole {
  roleArn: string;
  roleName: string;
  /** 'nodegroup/<name>' or 'self-managed'. */
  nodeSets: string[];
  /** null when the role does not exist. */
  principal: IamPrincipal | null;
}

export interface NodeRoles {
  roles: NodeRole[];
  /** Node sets with no role at all (self-managed instances without an instance profile). */
  withoutRole: string[];
  /** Names of every node set (empty when the cluster has no nodes). */
  allNodeSets: string[];
}

/**
 * Resolve the node roles. Throws FactUnavailable (→ `error`) when the node groups, the
 * self-managed instances or a role could not be read, or an instance profile was not resolved
 * to its role.
 */
export function nodeRoles(inv: Inventory): NodeRoles {
  const sets = nodeSets(inv);
  const byArn = new Map<string, string[]>();
  for (const s of sets) for (const arn of s.roleArns) byArn.set(arn, [...(byArn.get(arn) ?? []), s.name]);

  const withoutRole: string[] = [];
  const selfManaged = inv.ec2?.selfManagedNodes ? need(inv.ec2.selfManagedNodes, 'self-managed nodes') : [];
  const unresolved = selfManaged.filter((i) => i.iamInstanceProfileArn && !i.roleArn);
  if (unresolved.length)
    throw new FactUnavailable({
      code: 'NotResolved',
      action: 'iam:GetInstanceProfile',
      message: `the role behind instance profile ${unresolved[0]!.iamInstanceProfileArn} (instance ${unresolved[0]!.id}) was not resolved`,
    });
  const bare = selfManaged.filter((i) => !i.iamInstanceProfileArn);
  if (bare.length) withoutRole.push(`self-managed (${bare.map((i) => i.id).join(', ')})`);

  const roles = [...byArn.entries()].map(([roleArn, names]): NodeRole => {
    const roleName = roleNameFromArn(roleArn);
    const principal = need(inv.iam?.roles?.[roleName], `IAM role ${roleName}`);
    return { roleArn, roleName, nodeSets: names, principal };
  });
  return { roles, withoutRole, allNodeSets: sets.map((s) => s.name) };
}
