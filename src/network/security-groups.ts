/**
 * Security-group evaluation: does the union of a set of groups' rules allow TCP on a port from
 * (ingress) or to (egress) a peer? Groups are allow-lists, so any rule of any group attached to
 * the interface may grant it. A peer is matched by a rule that references a group the peer
 * carries, a prefix list that stands for it, or CIDRs that together cover every block the peer
 * may send from. Rules open to the whole world match too, and are reported as such. A rule that
 * names a customer-managed prefix list stands for that list's CIDRs.
 */
import type { Inventory, SecurityGroup, SgRule } from '../inventory/types.js';
import { failed, FactUnavailable, need, type Fact, type FactError } from '../inventory/fact.js';
import { coveredBy, isWorldCidr, cidrOverlaps } from './cidr.js';
import { coversPort, formatPorts, tcpPortsOf } from './ports.js';

/** One address block of a peer: a subnet (its IPv4 CIDR and IPv6 CIDRs), a VPC, or the internet. */
export interface PeerBlock {
  /** subnet-…, vpc-…, or 'internet', for evidence. */
  id: string;
  ipv4?: string;
  ipv6: readonly string[];
}

export interface Peer {
  /** Groups the peer's network interfaces carry: a rule referencing any of them matches the whole peer. */
  securityGroupIds: readonly string[];
  /** Blocks the peer's addresses come from. A CIDR match needs every block covered. */
  blocks: readonly PeerBlock[];
  /** Prefix lists that stand for the peer (the S3 prefix list for S3). */
  prefixListIds?: readonly string[];
}

/** A rule named in evidence. */
export interface RuleRef {
  groupId: string;
  ruleId?: string;
  ports: string;
  /** The rule's other end: a group id, CIDR or prefix list id. */
  peer: string;
  description?: string;
}

export interface SgVerdict {
  allowed: boolean;
  /** Rules that (together) grant it. */
  matchedBy: RuleRef[];
  /** Rules on the port open to 0.0.0.0/0 or ::/0 (whether or not they were needed). */
  worldOpen: RuleRef[];
  /** Blocks no matching CIDR covers (empty when a group or prefix-list rule matched). */
  uncoveredBlocks: string[];
  /** Blocks whose addresses are unknown (subnet not collected): a CIDR verdict cannot rest on them. */
  unknownBlocks: string[];
  /** Why the entries of prefix lists that port-matching rules name are unknown (only when not allowed). */
  unknownPrefixLists: FactError[];
}

/** The CIDRs a prefix list named by a rule stands for; undefined for an AWS service list (S3, DynamoDB), which never holds a VPC's addresses. */
export type PrefixListEntries = (prefixListId: string) => Fact<readonly string[]> | undefined;

export function prefixListEntriesOf(inv: Inventory): PrefixListEntries {
  const entries = inv.ec2?.prefixListEntries ?? {};
  const lists = inv.ec2?.prefixLists;
  const serviceLists = new Set(lists && 'value' in lists ? lists.value.map((l) => l.id) : []);
  return (id) =>
    entries[id] ??
    (serviceLists.has(id) ? undefined : failed({ code: 'NotCollected', message: `the entries of prefix list ${id} were not collected`, action: 'ec2:GetManagedPrefixListEntries' }));
}

/** Rules naming a prefix list, replaced by one rule per CIDR the list holds (the list id kept for evidence). */
function expandPrefixLists(rules: readonly { groupId: string; rule: SgRule }[], peer: Peer, entriesOf: PrefixListEntries | undefined) {
  const out: { groupId: string; rule: SgRule }[] = [];
  const unknown: FactError[] = [];
  for (const r of rules) {
    const id = r.rule.prefixListId;
    const entries = id !== undefined && !(peer.prefixListIds ?? []).includes(id) ? entriesOf?.(id) : undefined;
    if (!entries) out.push(r);
    else if ('error' in entries) unknown.push({ ...entries.error, message: `prefix list ${id} in ${r.groupId}: ${entries.error.message}` });
    else for (const cidr of entries.value) out.push({ groupId: r.groupId, rule: { ...r.rule, ...(cidr.includes(':') ? { cidrIpv6: cidr } : { cidrIpv4: cidr }) } });
  }
  return { rules: out, unknown };
}

export function ruleRef(groupId: string, rule: SgRule): RuleRef {
  const ports = tcpPortsOf(rule);
  return {
    groupId,
    ...(rule.ruleId ? { ruleId: rule.ruleId } : {}),
    ports: ports ? formatPorts(ports) : `${rule.protocol}`,
    peer: peerOf(rule),
    ...(rule.description ? { description: rule.description } : {}),
  };
}

function peerOf(rule: SgRule): string {
  const cidr = rule.cidrIpv4 ?? rule.cidrIpv6;
  if (rule.prefixListId) return cidr ? `${rule.prefixListId} (${cidr})` : rule.prefixListId;
  return rule.referencedGroupId ?? cidr ?? '?';
}

/** Text form for messages: `sg-1/sgr-2 (0.0.0.0/0)`. */
export function describeRule(r: RuleRef): string {
  return `${r.groupId}${r.ruleId ? `/${r.ruleId}` : ''} (${r.peer}, port ${r.ports})`;
}

function ruleIsWorld(rule: SgRule): boolean {
  return isWorldCidr(rule.cidrIpv4) || isWorldCidr(rule.cidrIpv6);
}

/**
 * Evaluate one direction of the given groups' rules for TCP `port` against `peer`.
 * `direction` picks ingress (peer is the source) or egress (peer is the destination).
 */
export function evaluateGroups(groups: readonly SecurityGroup[], direction: 'ingress' | 'egress', port: number, peer: Peer, prefixLists?: PrefixListEntries): SgVerdict {
  const expanded = expandPrefixLists(
    groups.flatMap((g) => g[direction].filter((r) => coversPort(r, port)).map((r) => ({ groupId: g.id, rule: r }))),
    peer,
    prefixLists,
  );
  const rules = expanded.rules;
  const worldOpen = rules.filter(({ rule }) => ruleIsWorld(rule)).map(({ groupId, rule }) => ruleRef(groupId, rule));

  const byGroupOrList = rules.filter(
    ({ rule }) =>
      (rule.referencedGroupId !== undefined && peer.securityGroupIds.includes(rule.referencedGroupId)) ||
      (rule.prefixListId !== undefined && (peer.prefixListIds ?? []).includes(rule.prefixListId)),
  );
  if (byGroupOrList.length) {
    return { allowed: true, matchedBy: byGroupOrList.map(({ groupId, rule }) => ruleRef(groupId, rule)), worldOpen, uncoveredBlocks: [], unknownBlocks: [], unknownPrefixLists: [] };
  }

  const v4 = rules.filter(({ rule }) => rule.cidrIpv4 !== undefined);
  const v6 = rules.filter(({ rule }) => rule.cidrIpv6 !== undefined);
  const used = new Map<SgRule, RuleRef>();
  const uncovered: string[] = [];
  const unknown: string[] = [];
  for (const block of peer.blocks) {
    if (block.ipv4 === undefined && block.ipv6.length === 0) {
      // Addresses unknown (not collected): only a rule open to every IPv4 address still covers it.
      const world = v4.filter(({ rule }) => isWorldCidr(rule.cidrIpv4));
      if (world.length) for (const { groupId, rule } of world) used.set(rule, ruleRef(groupId, rule));
      else unknown.push(block.id);
      continue;
    }
    // A block is reachable over IPv4 if its IPv4 CIDR is covered, or over IPv6 if all its IPv6 CIDRs are.
    const v4ok = block.ipv4 !== undefined && coveredBy(block.ipv4, v4.map(({ rule }) => rule.cidrIpv4!));
    const v6ok = !v4ok && block.ipv6.length > 0 && block.ipv6.every((c) => coveredBy(c, v6.map(({ rule }) => rule.cidrIpv6!)));
    if (!v4ok && !v6ok) {
      uncovered.push(block.id);
      continue;
    }
    const contributing = v4ok
      ? v4.filter(({ rule }) => cidrOverlaps(rule.cidrIpv4!, block.ipv4!))
      : v6.filter(({ rule }) => block.ipv6.some((c) => cidrOverlaps(rule.cidrIpv6!, c)));
    for (const { groupId, rule } of contributing) used.set(rule, ruleRef(groupId, rule));
  }
  const allowed = peer.blocks.length > 0 && uncovered.length === 0 && unknown.length === 0;
  return { allowed, matchedBy: allowed ? [...used.values()] : [], worldOpen, uncoveredBlocks: uncovered, unknownBlocks: unknown, unknownPrefixLists: allowed ? [] : expanded.unknown };
}

/** A verdict of "not allowed" that rests on prefix-list entries not read cannot be a fail: the check is an error naming why. */
export function assertDecided(v: SgVerdict): void {
  if (!v.allowed && v.unknownPrefixLists[0]) throw new FactUnavailable(v.unknownPrefixLists[0]);
}

/**
 * The groups with these ids, from the collected facts. A group the facts lack was not collected
 * (an attached group always exists), so the verdict cannot be made: error, not fail.
 */
export function groupsById(inv: Inventory, ids: readonly string[]): SecurityGroup[] {
  const all = need(inv.ec2?.securityGroups, 'security groups');
  const missing = ids.filter((id) => !all.some((g) => g.id === id));
  if (missing.length) {
    throw new FactUnavailable({
      code: 'NotCollected',
      message: `security group${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} not collected`,
      action: 'ec2:DescribeSecurityGroups',
    });
  }
  return ids.map((id) => all.find((g) => g.id === id)!);
}
