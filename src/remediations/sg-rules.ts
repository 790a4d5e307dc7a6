/**
 * What authorize-sg-ingress and authorize-sg-egress share: the port verdict of the database or
 * cache re-derived from the facts (the same functions the checks use), and the shape of one
 * security-group rule as AuthorizeSecurityGroupIngress/Egress take it. A new rule always names
 * a security group or a prefix list as its other end, never a CIDR.
 */
import type { Inventory, SecurityGroup, SgRule } from '../inventory/types.js';
import { need } from '../inventory/fact.js';
import { coversPort } from '../network/ports.js';
import { networkNodeSets } from '../network/nodes.js';
import { portAccess, type PortAccess, type ServiceTarget } from '../network/port-access.js';
import { databaseTarget, dbLabel, resolveDatabase } from '../checks/rds/target.js';
import { cacheLabel, cacheTarget, resolveCache } from '../checks/elasticache/target.js';
import { TOOL_DESCRIPTION, type PlanContext, type PlannedCall } from './types.js';
import { tagSpecifications } from './support.js';

export const PORT_CHECKS = ['rds-port-5432', 'elasticache-port-6379'] as const;

export interface ServiceAccess {
  /** 'RDS instance db-1' */
  label: string;
  target: ServiceTarget;
  port: number;
  access: PortAccess;
}

/** The port verdict for the database (rds-port-5432) or the cache (elasticache-port-6379); undefined when there is no subject. */
export function serviceAccess(ctx: PlanContext, checkId: string): ServiceAccess | undefined {
  const { intent, inventory: inv } = ctx;
  let label: string;
  let target: ServiceTarget;
  let port: number;
  if (checkId === 'rds-port-5432') {
    const m = intent.database.external ? resolveDatabase(intent, inv).match : undefined;
    if (!m) return undefined;
    label = dbLabel(m.resource);
    target = databaseTarget(m.resource);
    port = intent.database.port;
  } else if (checkId === 'elasticache-port-6379') {
    const m = intent.redis.external ? resolveCache(intent, inv).match : undefined;
    if (!m) return undefined;
    label = cacheLabel(m.resource);
    target = cacheTarget(m.resource);
    port = intent.redis.port;
  } else return undefined;
  const access = portAccess(inv, networkNodeSets(inv), target, port);
  return { label, target, port, access };
}

export function securityGroup(inv: Inventory, id: string): SecurityGroup | undefined {
  return need(inv.ec2?.securityGroups, 'security groups').find((g) => g.id === id);
}

/** A rule of `group` in `direction` that already names `peer` (group or prefix list) on TCP `port`. */
export function hasRuleTo(group: SecurityGroup, direction: 'ingress' | 'egress', port: number, peer: { groupId?: string; prefixListId?: string }): SgRule | undefined {
  return group[direction].find(
    (r) => coversPort(r, port) && ((peer.groupId !== undefined && r.referencedGroupId === peer.groupId) || (peer.prefixListId !== undefined && r.prefixListId === peer.prefixListId)),
  );
}

/** Rule descriptions allow a limited character set (a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*) and 255 characters. */
export function ruleDescription(text: string): string {
  return `${TOOL_DESCRIPTION}: ${text}`.replace(/[^a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/g, '-').slice(0, 255);
}

export type RulePeer = { groupId: string } | { prefixListId: string };

/** One AuthorizeSecurityGroupIngress/Egress call: TCP `port` to or from one group or prefix list, tagged. */
export function ruleCall(direction: 'ingress' | 'egress', groupId: string, port: number, peer: RulePeer, description: string): PlannedCall {
  const op = direction === 'ingress' ? 'AuthorizeSecurityGroupIngress' : 'AuthorizeSecurityGroupEgress';
  const other = 'groupId' in peer ? { UserIdGroupPairs: [{ GroupId: peer.groupId, Description: ruleDescription(description) }] } : { PrefixListIds: [{ PrefixListId: peer.prefixListId, Description: ruleDescription(description) }] };
  return {
    api: `ec2:${op}`,
    iamAction: `ec2:${op}`,
    target: groupId,
    params: {
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...other }],
      TagSpecifications: tagSpecifications('security-group-rule'),
    },
  };
}

export function ruleActionId(remediation: string, groupId: string, port: number, peer: RulePeer): string {
  return `${remediation}:${groupId}:tcp${port}:${'groupId' in peer ? peer.groupId : peer.prefixListId}`;
}

/** The CLI command a person runs instead, for manual steps (a group reference, never a CIDR). */
export function ruleCommand(direction: 'ingress' | 'egress', groupId: string, port: number, peer: string): string {
  const kind = peer.startsWith('pl-') ? `PrefixListIds=[{PrefixListId=${peer}}]` : `UserIdGroupPairs=[{GroupId=${peer}}]`;
  return `aws ec2 authorize-security-group-${direction} --group-id ${groupId} --ip-permissions 'IpProtocol=tcp,FromPort=${port},ToPort=${port},${kind}'`;
}
