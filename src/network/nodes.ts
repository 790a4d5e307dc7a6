/**
 * The nodes as network peers. src/inventory/nodes.ts gives each node set the union of its
 * subnets and groups; for self-managed nodes that union is too generous (instance A's group may
 * allow what instance B's does not), so a node set is split into members that share one set of
 * groups, and a verdict holds for the node set only when it holds for every member.
 */
import type { Inventory, Subnet } from '../inventory/types.js';
import { need } from '../inventory/fact.js';
import { nodeSets, type NodeSet } from '../inventory/nodes.js';
import type { Peer, PeerBlock } from './security-groups.js';

export interface NodeMember {
  securityGroupIds: string[];
  subnetIds: string[];
  /** Self-managed instances in this member. */
  instanceIds?: string[];
}

export interface NetNodeSet extends NodeSet {
  members: NodeMember[];
}

export function networkNodeSets(inv: Inventory): NetNodeSet[] {
  return nodeSets(inv).map((set) => {
    if (set.kind !== 'self-managed') return { ...set, members: [{ securityGroupIds: set.securityGroupIds, subnetIds: set.subnetIds }] };
    const instances = inv.ec2?.selfManagedNodes ? need(inv.ec2.selfManagedNodes, 'self-managed nodes') : [];
    const byGroups = new Map<string, NodeMember>();
    for (const i of instances) {
      const groups = [...new Set(i.securityGroupIds)].sort();
      const key = groups.join(',');
      const m = byGroups.get(key) ?? { securityGroupIds: groups, subnetIds: [], instanceIds: [] };
      if (!m.subnetIds.includes(i.subnetId)) m.subnetIds.push(i.subnetId);
      m.instanceIds!.push(i.id);
      byGroups.set(key, m);
    }
    return { ...set, members: [...byGroups.values()] };
  });
}

/** The subnets with these ids; ids the facts lack come back as `missing`. */
export function lookupSubnets(inv: Inventory, ids: readonly string[]): { found: Subnet[]; missing: string[] } {
  const all = need(inv.ec2?.subnets, 'subnets');
  const found: Subnet[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const s = all.find((x) => x.id === id);
    if (s) found.push(s);
    else missing.push(id);
  }
  return { found, missing };
}

/**
 * Whether pods may talk IPv6: not in an IPv4 cluster (EKS's default), whose pods have IPv4
 * addresses only, so a rule admitting just the subnets' IPv6 blocks admits none of their traffic.
 * Unknown (a snapshot from before the field): both families, as before.
 */
export function podsUseIpv6(inv: Inventory): boolean {
  const c = inv.eks?.cluster;
  return !(c && 'value' in c && c.value?.ipFamily === 'ipv4');
}

/** Address blocks for subnets, in the families pods use; an uncollected subnet is a block with no addresses (never covered). */
export function subnetBlocks(inv: Inventory, ids: readonly string[]): PeerBlock[] {
  const { found } = lookupSubnets(inv, ids);
  const ipv6 = podsUseIpv6(inv);
  return ids.map((id) => {
    const s = found.find((x) => x.id === id);
    return s ? { id, ipv4: s.cidr, ipv6: ipv6 ? s.ipv6Cidrs : [] } : { id, ipv6: [] };
  });
}

/** A node member as the peer of a rule. */
export function memberPeer(inv: Inventory, m: NodeMember): Peer {
  return { securityGroupIds: m.securityGroupIds, blocks: subnetBlocks(inv, m.subnetIds) };
}

/** Every subnet any node runs in, with the node sets that use it. */
export function nodeSubnets(sets: readonly NetNodeSet[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of sets) for (const id of s.subnetIds) out.set(id, [...(out.get(id) ?? []), s.name]);
  return out;
}

/**
 * The groups to name as the source of a new rule so that every node of the set carries one
 * (DESIGN §6): the cluster security group when the set carries it, else the set's own group;
 * for self-managed members, the fewest groups that cover every member.
 */
export function sourceGroupsFor(set: NetNodeSet, clusterSecurityGroupId: string | undefined): string[] {
  if (clusterSecurityGroupId && set.members.every((m) => m.securityGroupIds.includes(clusterSecurityGroupId))) return [clusterSecurityGroupId];
  const chosen: string[] = [];
  let left = set.members.filter((m) => m.securityGroupIds.length > 0);
  while (left.length) {
    // Greedy cover: the group carried by most members still uncovered.
    const counts = new Map<string, number>();
    for (const m of left) for (const g of m.securityGroupIds) counts.set(g, (counts.get(g) ?? 0) + 1);
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]; // stable: ties keep the listed order
    chosen.push(best);
    left = left.filter((m) => !m.securityGroupIds.includes(best));
  }
  return chosen;
}
