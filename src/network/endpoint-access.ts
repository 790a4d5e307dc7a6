/**
 * Interface endpoints are network interfaces with security groups: the nodes reach one only when
 * its groups admit TCP 443 from them, and the nodes' own groups let 443 out to it.
 */
import type { Inventory, VpcEndpoint } from '../inventory/types.js';
import { isOk } from '../inventory/fact.js';
import { assertDecided, evaluateGroups, groupsById, prefixListEntriesOf, type Peer, type PeerBlock } from './security-groups.js';
import { lookupSubnets, memberPeer, podsUseIpv6, type NetNodeSet } from './nodes.js';

/** The endpoint's addresses: its subnets' CIDRs, else (subnets not collected) its VPC's CIDRs. */
export function endpointBlocks(inv: Inventory, e: VpcEndpoint): PeerBlock[] {
  const { found, missing } = lookupSubnets(inv, e.subnetIds);
  if (missing.length === 0 && found.length) return found.map((s) => ({ id: s.id, ipv4: s.cidr, ipv6: podsUseIpv6(inv) ? s.ipv6Cidrs : [] }));
  const vpc = isOk(inv.ec2?.vpcs) ? inv.ec2!.vpcs.value.find((v) => v.id === e.vpcId) : undefined;
  return vpc ? vpc.cidrs.map((c) => ({ id: vpc.id, ipv4: c, ipv6: [] })) : [{ id: e.id, ipv6: [] }];
}

/** The endpoint as the destination of a node's egress rule. */
export function endpointPeer(inv: Inventory, e: VpcEndpoint): Peer {
  return { securityGroupIds: e.securityGroupIds, blocks: endpointBlocks(inv, e) };
}

/** Node sets some member of which the endpoint's groups do not admit on TCP 443. */
export function nodeSetsNotAdmitted(inv: Inventory, e: VpcEndpoint, sets: readonly NetNodeSet[]): string[] {
  const groups = groupsById(inv, e.securityGroupIds);
  const prefixLists = prefixListEntriesOf(inv);
  const admitted = (m: Parameters<typeof memberPeer>[1]) => {
    const v = evaluateGroups(groups, 'ingress', 443, memberPeer(inv, m), prefixLists);
    assertDecided(v);
    return v.allowed;
  };
  return sets.filter((s) => s.members.length === 0 || s.members.some((m) => !admitted(m))).map((s) => s.name);
}
