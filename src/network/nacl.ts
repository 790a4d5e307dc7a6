/**
 * Network ACL evaluation. Each direction is evaluated on its own (ACLs are stateless, so return
 * traffic is a flow of its own): entries in ruleNumber order, the first entry that matches a
 * packet decides, and a packet no entry matches is denied (the `*` rule). A flow is a range of
 * ports and a set of peer addresses, so one entry can decide part of the flow: the port range is
 * cut where entries' ranges start and end, and for each piece the peer addresses are handed down
 * the entries until every address is decided.
 */
import type { Inventory, NaclEntry, NetworkAcl } from '../inventory/types.js';
import { FactUnavailable, need } from '../inventory/fact.js';
import { AddressSet, parseCidr } from './cidr.js';
import { overlaps, tcpPortsOf, formatPorts, type PortRange } from './ports.js';

export interface NaclFlow {
  direction: 'ingress' | 'egress';
  ports: PortRange;
  /** The other end's addresses (source for ingress, destination for egress). */
  peers: readonly string[];
}

/** A piece of the flow's port range that is not allowed for all peers. */
export interface BlockedPorts {
  ports: PortRange;
  /** 'all': every peer address is denied; 'some': part of the peer addresses are. */
  scope: 'all' | 'some';
  /** The deny entries that decide it; '*' is the default rule (no entry matched). */
  rules: (number | '*')[];
}

export interface NaclVerdict {
  aclId: string;
  allowed: boolean;
  blocked: BlockedPorts[];
}

/** The ACL of a subnet: the one that lists it, else the VPC's default ACL. */
export function naclFor(subnetId: string, vpcId: string, acls: readonly NetworkAcl[]): NetworkAcl | undefined {
  return acls.find((a) => a.subnetIds.includes(subnetId)) ?? acls.find((a) => a.vpcId === vpcId && a.isDefault);
}

/** As naclFor, but a subnet whose VPC has no ACLs in the facts means they were not collected. */
export function naclForSubnet(inv: Inventory, subnet: { id: string; vpcId: string }): NetworkAcl {
  const acls = need(inv.ec2?.networkAcls, 'network ACLs');
  const acl = naclFor(subnet.id, subnet.vpcId, acls);
  if (!acl) throw new FactUnavailable({ code: 'NotCollected', message: `no network ACL for ${subnet.id} (ACLs of ${subnet.vpcId} were not collected)`, action: 'ec2:DescribeNetworkAcls' });
  return acl;
}

function entryCidr(e: NaclEntry) {
  return parseCidr(e.cidrIpv4 ?? e.cidrIpv6 ?? '');
}

export function evaluateNacl(acl: NetworkAcl, flow: NaclFlow): NaclVerdict {
  const entries = acl.entries
    .filter((e) => e.egress === (flow.direction === 'egress'))
    .map((e) => ({ e, ports: tcpPortsOf(e), cidr: entryCidr(e) }))
    .filter((x) => x.ports !== undefined && x.cidr !== undefined && overlaps(x.ports, flow.ports))
    .sort((a, b) => a.e.ruleNumber - b.e.ruleNumber);

  // Cut points: every entry's range edges inside the flow's range.
  const cuts = new Set<number>([flow.ports.from, flow.ports.to + 1]);
  for (const { ports } of entries) {
    if (ports!.from > flow.ports.from && ports!.from <= flow.ports.to) cuts.add(ports!.from);
    if (ports!.to + 1 > flow.ports.from && ports!.to + 1 <= flow.ports.to) cuts.add(ports!.to + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);

  const blocked: BlockedPorts[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const piece = { from: points[i]!, to: points[i + 1]! - 1 };
    let rest = AddressSet.of(flow.peers);
    let allowedSome = false;
    const denying: (number | '*')[] = [];
    for (const { e, ports, cidr } of entries) {
      if (rest.isEmpty) break;
      if (ports!.from > piece.from || piece.from > ports!.to) continue;
      if (!rest.intersects(cidr!)) continue;
      if (e.action === 'allow') allowedSome = true;
      else denying.push(e.ruleNumber);
      rest = rest.minus(cidr!);
    }
    if (!rest.isEmpty) denying.push('*');
    if (denying.length) blocked.push({ ports: piece, scope: allowedSome ? 'some' : 'all', rules: denying });
  }
  return { aclId: acl.id, allowed: blocked.length === 0, blocked: mergeAdjacent(blocked) };
}

/** Join neighbouring pieces with the same scope and rules, so evidence reads `1024-65535`. */
function mergeAdjacent(list: BlockedPorts[]): BlockedPorts[] {
  const out: BlockedPorts[] = [];
  for (const b of list) {
    const last = out[out.length - 1];
    if (last && last.ports.to + 1 === b.ports.from && last.scope === b.scope && last.rules.join() === b.rules.join()) last.ports = { from: last.ports.from, to: b.ports.to };
    else out.push({ ...b, ports: { ...b.ports } });
  }
  return out;
}

export function describeBlocked(b: BlockedPorts): string {
  const rules = b.rules.map((r) => (r === '*' ? 'default *' : `#${r}`)).join(', ');
  return `ports ${formatPorts(b.ports)} denied for ${b.scope === 'all' ? 'every' : 'some'} peer address${b.scope === 'all' ? '' : 'es'} (rule ${rules})`;
}
