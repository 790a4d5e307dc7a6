import type { Check } from '../../engine/types.js';
import type { Intent } from '../../values/types.js';
import type { Inventory, NetworkAcl, Subnet } from '../../inventory/types.js';
import { FactUnavailable } from '../../inventory/fact.js';
import { Findings, listBrief, withNodes } from '../../network/outcome.js';
import { lookupSubnets, nodeSubnets, type NetNodeSet } from '../../network/nodes.js';
import { describeBlocked, evaluateNacl, naclForSubnet, type BlockedPorts } from '../../network/nacl.js';
import { EPHEMERAL, LINUX_EPHEMERAL, formatPorts, overlaps, type PortRange } from '../../network/ports.js';
import type { ServiceTarget } from '../../network/port-access.js';
import { databaseTarget, resolveDatabase } from '../rds/target.js';
import { cacheTarget, resolveCache } from '../elasticache/target.js';

interface Service {
  name: string;
  port: number;
  target: ServiceTarget;
}

interface Flow {
  subnet: Subnet;
  direction: 'ingress' | 'egress';
  ports: PortRange;
  peer: string;
  purpose: string;
  /** The internet as a peer: a rule that admits only part of it may still admit what is needed. */
  internet: boolean;
  /**
   * The peer is outside the nodes' VPC, so the nodes SNAT pods' connections to it (the VPC CNI
   * default, with --random-fully): their replies come back to any port in 1024-65535, not only
   * the Linux range a pod picks from.
   */
  snat: boolean;
}

function subnetsOrError(inv: Inventory, ids: readonly string[], whose: string): Subnet[] {
  const { found, missing } = lookupSubnets(inv, ids);
  if (missing.length) throw new FactUnavailable({ code: 'NotCollected', message: `${whose} subnets ${missing.join(', ')} not collected`, action: 'ec2:DescribeSubnets' });
  return found;
}

/** The external database and cache the install uses, when they resolve; what could not be resolved is noted, not judged. */
function services(intent: Intent, inv: Inventory, notEvaluated: string[]): Service[] {
  const out: Service[] = [];
  if (intent.database.external) {
    const m = resolveDatabase(intent, inv).match;
    if (m) out.push({ name: 'the database', port: intent.database.port, target: databaseTarget(m.resource) });
    else notEvaluated.push(`TCP ${intent.database.port}: externalDatabase.host is not an RDS endpoint here (see rds-instance)`);
  }
  if (intent.redis.external) {
    const m = resolveCache(intent, inv).match;
    if (m) out.push({ name: 'the cache', port: intent.redis.port, target: cacheTarget(m.resource) });
    else notEvaluated.push(`TCP ${intent.redis.port}: externalRedis.host is not an ElastiCache endpoint here (see elasticache-cluster)`);
  }
  return out;
}

function flowsFor(nodes: readonly Subnet[], svcs: readonly Service[], inv: Inventory): Flow[] {
  const flows: Flow[] = [];
  for (const s of nodes) {
    flows.push({ subnet: s, direction: 'egress', ports: { from: 443, to: 443 }, peer: '0.0.0.0/0', purpose: 'HTTPS to S3, ECR and registries', internet: true, snat: true });
    flows.push({ subnet: s, direction: 'ingress', ports: EPHEMERAL, peer: '0.0.0.0/0', purpose: 'return traffic of HTTPS', internet: true, snat: true });
  }
  for (const svc of svcs) {
    const far = subnetsOrError(inv, svc.target.subnetIds, `${svc.target.id}'s`);
    const port = { from: svc.port, to: svc.port };
    for (const a of nodes) {
      for (const b of far) {
        // ACLs apply where traffic crosses a subnet boundary, not within one subnet.
        if (a.id === b.id) continue;
        const snat = a.vpcId !== b.vpcId;
        flows.push({ subnet: a, direction: 'egress', ports: port, peer: b.cidr, purpose: `TCP ${svc.port} to ${svc.name} (${b.id})`, internet: false, snat });
        flows.push({ subnet: b, direction: 'ingress', ports: port, peer: a.cidr, purpose: `TCP ${svc.port} from the nodes (${a.id})`, internet: false, snat });
        flows.push({ subnet: b, direction: 'egress', ports: EPHEMERAL, peer: a.cidr, purpose: `return traffic of ${svc.port} to the nodes (${a.id})`, internet: false, snat });
        flows.push({ subnet: a, direction: 'ingress', ports: EPHEMERAL, peer: b.cidr, purpose: `return traffic of ${svc.port} from ${svc.name} (${b.id})`, internet: false, snat });
      }
    }
  }
  return flows;
}

/**
 * How bad a blocked piece is. Return traffic reaches Linux nodes (and their pods) on
 * 32768-60999 when nothing translates their ports: blocking other ephemeral ports then only
 * warns. Connections the nodes SNAT (to the internet, to a peered VPC) come back on random ports
 * over all of 1024-65535, so there any blocked ephemeral port fails. Part of the internet
 * blocked warns: the addresses that matter (S3, ECR, registries) may be among those still allowed.
 */
function severityOf(flow: Flow, b: BlockedPorts): 'fail' | 'warn' {
  if (flow.ports === EPHEMERAL && !flow.snat && !overlaps(b.ports, LINUX_EPHEMERAL)) return 'warn';
  if (flow.internet && b.scope === 'some') return 'warn';
  return 'fail';
}

export const networkNacl: Check = {
  id: 'network-nacl',
  area: 'network',
  title: 'Network ACLs let through 443, 5432, 6379 and their return traffic',
  severity: 'high',
  appliesTo: () => true,
  needs: ['eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.nacls', 'ec2.selfManagedNodes', 'rds', 'elasticache'],
  evaluate: (intent, inv) =>
    withNodes(inv, (sets: NetNodeSet[]) => {
      const bySubnet = nodeSubnets(sets);
      const nodes = subnetsOrError(inv, [...bySubnet.keys()], 'node');
      const notEvaluated: string[] = [];
      const svcs = services(intent, inv, notEvaluated);
      const f = new Findings();
      // One evaluation per ACL, direction, ports and peer; the subnets that share it are named together.
      const groups = new Map<string, { acl: NetworkAcl; flow: Flow; subnetIds: string[] }>();
      for (const flow of flowsFor(nodes, svcs, inv)) {
        const acl = naclForSubnet(inv, flow.subnet);
        const key = `${acl.id}|${flow.direction}|${formatPorts(flow.ports)}|${flow.peer}`;
        const g = groups.get(key) ?? { acl, flow, subnetIds: [] };
        if (!g.subnetIds.includes(flow.subnet.id)) g.subnetIds.push(flow.subnet.id);
        groups.set(key, g);
      }
      const blocked: Record<string, unknown>[] = [];
      for (const { acl, flow, subnetIds } of groups.values()) {
        const v = evaluateNacl(acl, { direction: flow.direction, ports: flow.ports, peers: [flow.peer] });
        const users = [...new Set(subnetIds.flatMap((id) => bySubnet.get(id) ?? []))];
        for (const b of v.blocked) {
          const level = severityOf(flow, b);
          const text = `${acl.id} on ${subnetIds.join(', ')}${users.length ? ` (${users.join(', ')})` : ''} ${flow.direction === 'egress' ? 'outbound' : 'inbound'} ${flow.purpose}: ${describeBlocked(b)}`;
          if (level === 'fail') f.fail(text);
          else f.warn(text);
          blocked.push({ aclId: acl.id, subnetIds, direction: flow.direction, ports: formatPorts(b.ports), peer: flow.peer, purpose: flow.purpose, scope: b.scope, rules: b.rules, severity: level });
        }
      }
      const acls = [...new Set([...groups.values()].map((g) => g.acl.id))];
      return f.outcome(
        `the network ACLs of the node subnets${svcs.length ? ` and of ${svcs.map((s) => s.name).join(' and ')}` : ''} allow ${['443', ...svcs.map((s) => String(s.port))].join(', ')} and the return traffic${notEvaluated.length ? `; not evaluated: ${listBrief(notEvaluated)}` : ''}`,
        {
          resources: acls,
          evidence: { acls, flowsEvaluated: groups.size, blocked, ...(notEvaluated.length ? { notEvaluated } : {}) },
        },
      );
    }),
  remediation: 'manual',
  docs: {
    what: "Network ACLs (stateless, first matching rule by number wins, per direction) on the node subnets allow TCP 443 out to 0.0.0.0/0 and the return traffic in on ephemeral ports 1024-65535; and, with an external database or cache, between each node subnet and each of its subnets: the port (5432/6379) out and in, and the ephemeral return traffic both ways. Blocking the Linux ephemeral range 32768-60999 fails; so does blocking any of 1024-65535 for replies from the internet or a peered VPC (the nodes SNAT pods' connections there to random ports, the VPC CNI default); blocking only other ephemeral ports for a database or cache in the cluster's VPC, or only part of the internet for 443, warns.",
    why: 'A stateless ACL that admits a request but not its reply breaks the connection just as surely as a security group: image pulls, S3 access and database connections time out with no error pointing at the ACL.',
    fix: [
      'Find the ACL and the blocking rule (evidence.blocked[].aclId / rules), then add allow rules numbered below it:',
      '  aws ec2 describe-network-acls --network-acl-ids <acl-id>',
      '  aws ec2 create-network-acl-entry --network-acl-id <acl-id> --egress --rule-number 100 --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow',
      '  aws ec2 create-network-acl-entry --network-acl-id <acl-id> --ingress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow',
      '  aws ec2 create-network-acl-entry --network-acl-id <db-acl-id> --ingress --rule-number 120 --protocol tcp --port-range From=5432,To=5432 --cidr-block <node-subnet-cidr> --rule-action allow',
      '  aws ec2 create-network-acl-entry --network-acl-id <db-acl-id> --egress --rule-number 120 --protocol tcp --port-range From=1024,To=65535 --cidr-block <node-subnet-cidr> --rule-action allow',
      'Or replace a rule that is in the way: aws ec2 replace-network-acl-entry (same options).',
    ].join('\n'),
  },
};
