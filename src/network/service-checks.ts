/**
 * The verdicts rds-port-5432 / elasticache-port-6379 and rds-network / elasticache-network share:
 * the same reasoning about a service the nodes must reach, worded for either.
 */
import type { Inventory } from '../inventory/types.js';
import type { Outcome } from '../engine/types.js';
import { FactUnavailable } from '../inventory/fact.js';
import { Findings, listBrief, withNodes } from './outcome.js';
import { portAccess, type ServiceTarget } from './port-access.js';
import { describeRule } from './security-groups.js';
import { vpcReach, type RouteHop } from './vpc-reach.js';
import { lookupSubnets } from './nodes.js';

export interface ServiceLabel {
  /** 'RDS instance db-1', 'ElastiCache replication group cache-1' */
  name: string;
  /** 'PostgreSQL', 'Redis' */
  protocol: string;
  /** The values path of the port: 'externalDatabase.port' */
  portPath: string;
  /** The IAM action whose answer carried the service's network placement. */
  describeAction: string;
}

export function portAccessOutcome(inv: Inventory, target: ServiceTarget, port: number, label: ServiceLabel): Outcome {
  return withNodes(inv, (sets) => {
    const pa = portAccess(inv, sets, target, port);
    const f = new Findings();
    // Judged on the per-set verdicts, so a service without any group cannot slip through.
    const inShort = pa.nodeSets.filter((n) => !n.ingress.allowed).map((n) => n.nodeSet);
    const outShort = pa.nodeSets.filter((n) => !n.egress.allowed).map((n) => `${n.nodeSet} (${n.securityGroupIds.join(', ')})`);
    if (inShort.length) {
      f.fail(
        `no rule in ${label.name}'s security group${target.securityGroupIds.length > 1 ? 's' : ''} (${target.securityGroupIds.join(', ')}) admits TCP ${port} from ${listBrief(inShort)}: ` +
          `none references a group those nodes carry or covers their subnets`,
      );
    }
    if (outShort.length) {
      f.fail(`the security groups of ${listBrief(outShort)} do not allow TCP ${port} outbound to ${label.name}`);
    }
    if (!f.fails.length && pa.worldOpen.length) {
      f.warn(`${label.name} admits TCP ${port} from every node, but ${pa.worldOpen.map(describeRule).join(', ')} ${pa.worldOpen.length > 1 ? 'are' : 'is'} open to the world: a ${label.protocol} port should admit only the nodes' groups`);
    }
    const via = pa.nodeSets.map((n) => `${n.nodeSet} via ${n.ingress.rules.map((r) => r.ruleId ?? r.peer).join(', ')}`);
    return f.outcome(`${label.name} admits TCP ${port} from every node set (${via.join('; ')}) and their groups allow it outbound`, {
      resources: [target.arn, ...target.securityGroupIds],
      evidence: {
        target: { kind: target.kind, id: target.id, arn: target.arn, vpcId: target.vpcId, securityGroupIds: target.securityGroupIds, subnetIds: target.subnetIds },
        port,
        nodeSets: pa.nodeSets,
        worldOpenRules: pa.worldOpen,
        missingIngress: pa.missingIngress,
        missingEgress: pa.missingEgress,
      },
      valuesPaths: [label.portPath],
    });
  });
}

/** Missing routes grouped per route table: `rtb-1 (subnet-a, subnet-b) sends 10.20.1.0/24, 10.20.2.0/24 to nat-1`. */
function hopsText(hops: readonly RouteHop[]): string[] {
  const byTable = new Map<string, { subnets: Set<string>; destinations: Set<string> }>();
  for (const h of hops) {
    const key = `${h.routeTableId}|${h.via ?? ''}`;
    const g = byTable.get(key) ?? { subnets: new Set<string>(), destinations: new Set<string>() };
    g.subnets.add(h.subnetId);
    g.destinations.add(h.destination);
    byTable.set(key, g);
  }
  return [...byTable.entries()].map(([key, g]) => {
    const [table, via] = key.split('|');
    return `${table} (${[...g.subnets].join(', ')}) sends ${[...g.destinations].join(', ')} ${via ? `to ${via}` : 'nowhere'}`;
  });
}

export function vpcReachOutcome(inv: Inventory, target: ServiceTarget, label: ServiceLabel): Outcome {
  // Serverless caches name no VPC: their subnets place them.
  const targetVpc = target.vpcId ?? lookupSubnets(inv, target.subnetIds).found[0]?.vpcId;
  if (!targetVpc) {
    throw new FactUnavailable({ code: 'NotCollected', message: `the VPC of ${label.name} is not known (neither its subnet group nor its subnets were described)`, action: label.describeAction });
  }
  return withNodes(inv, (sets) => {
    const r = vpcReach(inv, sets, { ...target, vpcId: targetVpc });
    const f = new Findings();
    const missing = (list: RouteHop[]) => list.filter((h) => h.via !== r.peeringId);
    const evidence: Record<string, unknown> = { target: { kind: target.kind, id: target.id, arn: target.arn, vpcId: targetVpc, subnetIds: target.subnetIds }, ...r };
    if (r.verdict === 'transit') {
      f.warn(
        `${label.name} is in ${r.targetVpcId}, not the cluster's VPC ${r.clusterVpcId}; routes both ways go through transit gateway ${[...new Set([...r.forward, ...r.back].map((h) => h.via))].join(', ')}, whose own route tables cannot be verified here`,
      );
    } else if (r.verdict === 'unreachable') {
      const active = r.peerings.filter((p) => p.status.toLowerCase() === 'active');
      if (r.peerings.length === 0) f.fail(`${label.name} is in ${r.targetVpcId}, not the cluster's VPC ${r.clusterVpcId}, and no VPC peering connection joins the two`);
      else if (active.length === 0) f.fail(`${label.name} is in ${r.targetVpcId}; the peering with the cluster's VPC ${r.clusterVpcId} is not active (${r.peerings.map((p) => `${p.id}: ${p.status}`).join(', ')})`);
      else {
        const fwd = missing(r.forward);
        const back = missing(r.back);
        const parts = [
          ...(fwd.length ? [`node side: ${listBrief(hopsText(fwd), 3)}`] : []),
          ...(back.length ? [`${label.name} side: ${listBrief(hopsText(back), 3)}`] : []),
        ];
        f.fail(`${label.name} is in ${r.targetVpcId}, peered with the cluster's VPC through ${r.peeringId}, but routes to the peering are missing (${parts.join('; ')})`);
        evidence.missingRoutes = { forward: fwd, back };
      }
    }
    const pass =
      r.verdict === 'same-vpc'
        ? `${label.name} is in the cluster's VPC ${r.clusterVpcId}`
        : `${label.name} is in ${r.targetVpcId}, peered with the cluster's VPC ${r.clusterVpcId} through active ${r.peeringId}, with routes both ways`;
    return f.outcome(pass, { resources: [target.arn, ...(r.peeringId ? [r.peeringId] : [])], evidence });
  });
}
