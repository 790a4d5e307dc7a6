/**
 * Can every node open a TCP connection to a service (an RDS database, an ElastiCache cache) on
 * its port? Two halves, both needed: one of the service's groups admits the node (ingress), and
 * one of the node's groups lets it out (egress). Verdicts hold per node set and per member.
 */
import type { Inventory } from '../inventory/types.js';
import { FactUnavailable, need } from '../inventory/fact.js';
import { assertDecided, evaluateGroups, groupsById, prefixListEntriesOf, type RuleRef, type Peer } from './security-groups.js';
import { memberPeer, sourceGroupsFor, subnetBlocks, type NetNodeSet, type NodeMember } from './nodes.js';

/** The thing the nodes must reach. */
export interface ServiceTarget {
  /** 'db-instance', 'db-cluster', 'replication-group', 'cache-cluster' */
  kind: string;
  id: string;
  arn: string;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface NodeSetAccess {
  nodeSet: string;
  kind: NetNodeSet['kind'];
  securityGroupIds: string[];
  subnetIds: string[];
  ingress: { allowed: boolean; rules: RuleRef[]; uncoveredSubnetIds: string[] };
  egress: { allowed: boolean; rules: RuleRef[] };
}

/** For the remediation: which rule to add where (group ids only, never a CIDR). */
export interface MissingIngress {
  nodeSet: string;
  /** Group(s) every node of the set carries: the source of the new rule. */
  sourceGroupIds: string[];
  /** The service's group to add the rule to. */
  targetGroupId: string;
  port: number;
}

export interface MissingEgress {
  nodeSet: string;
  /** The node group(s) to add the egress rule to. */
  groupIds: string[];
  /** The service's groups: the destination of the new rule. */
  destinationGroupIds: string[];
  port: number;
}

export interface PortAccess {
  port: number;
  nodeSets: NodeSetAccess[];
  worldOpen: RuleRef[];
  missingIngress: MissingIngress[];
  missingEgress: MissingEgress[];
}

export function portAccess(inv: Inventory, sets: readonly NetNodeSet[], target: ServiceTarget, port: number): PortAccess {
  const cluster = need(inv.eks?.cluster, 'EKS cluster');
  const targetGroups = groupsById(inv, target.securityGroupIds);
  const targetPeer: Peer = { securityGroupIds: target.securityGroupIds, blocks: subnetBlocks(inv, target.subnetIds) };
  const prefixLists = prefixListEntriesOf(inv);
  const worldOpen = new Map<string, RuleRef>();
  const results: NodeSetAccess[] = [];
  const missingIngress: MissingIngress[] = [];
  const missingEgress: MissingEgress[] = [];

  for (const set of sets) {
    let inOk = true;
    let outOk = true;
    const inRules = new Map<string, RuleRef>();
    const outRules = new Map<string, RuleRef>();
    const uncovered = new Set<string>();
    // Members that fall short: a new rule needs to name only their groups.
    const inShort: NodeMember[] = [];
    const outShort: NodeMember[] = [];
    for (const m of set.members) {
      const inV = evaluateGroups(targetGroups, 'ingress', port, memberPeer(inv, m), prefixLists);
      for (const r of inV.worldOpen) worldOpen.set(`${r.groupId}/${r.ruleId ?? r.peer}`, r);
      // A node subnet that was not collected leaves a CIDR verdict unknown: error, not fail.
      if (!inV.allowed && inV.unknownBlocks.length) throw notCollected(inV.unknownBlocks);
      assertDecided(inV);
      inOk &&= inV.allowed;
      if (!inV.allowed) inShort.push(m);
      for (const r of inV.matchedBy) inRules.set(`${r.groupId}/${r.ruleId ?? r.peer}`, r);
      for (const b of inV.uncoveredBlocks) uncovered.add(b);

      const outV = evaluateGroups(groupsById(inv, m.securityGroupIds), 'egress', port, targetPeer, prefixLists);
      if (!outV.allowed && outV.unknownBlocks.length) throw notCollected(outV.unknownBlocks);
      assertDecided(outV);
      outOk &&= outV.allowed;
      if (!outV.allowed) outShort.push(m);
      for (const r of outV.matchedBy) outRules.set(`${r.groupId}/${r.ruleId ?? r.peer}`, r);
    }
    if (set.members.length === 0) inOk = outOk = false;
    results.push({
      nodeSet: set.name,
      kind: set.kind,
      securityGroupIds: set.securityGroupIds,
      subnetIds: set.subnetIds,
      ingress: { allowed: inOk, rules: inOk ? [...inRules.values()] : [], uncoveredSubnetIds: inOk ? [] : [...uncovered] },
      egress: { allowed: outOk, rules: outOk ? [...outRules.values()] : [] },
    });
    const groupsFor = (short: NodeMember[]) => sourceGroupsFor({ ...set, members: short.length ? short : set.members }, cluster?.clusterSecurityGroupId);
    if (!inOk && target.securityGroupIds[0]) missingIngress.push({ nodeSet: set.name, sourceGroupIds: groupsFor(inShort), targetGroupId: target.securityGroupIds[0], port });
    if (!outOk) missingEgress.push({ nodeSet: set.name, groupIds: groupsFor(outShort), destinationGroupIds: target.securityGroupIds, port });
  }
  return { port, nodeSets: results, worldOpen: [...worldOpen.values()], missingIngress, missingEgress };
}

function notCollected(ids: readonly string[]): FactUnavailable {
  return new FactUnavailable({ code: 'NotCollected', message: `subnet${ids.length > 1 ? 's' : ''} ${ids.join(', ')} not collected`, action: 'ec2:DescribeSubnets' });
}
