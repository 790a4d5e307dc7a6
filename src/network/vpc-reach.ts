/**
 * Is a service's VPC reachable from the nodes? The same VPC is; another VPC is when an active
 * peering connection joins the two and routes point at it both ways: every node subnet's route
 * table sends the service's subnets to the peering, and every service subnet's table sends the
 * node subnets back. Routes both ways through a transit gateway are plausible but not provable
 * from here (the gateway's own route tables decide): reported as 'transit'.
 */
import type { Inventory, RouteTable, VpcPeering } from '../inventory/types.js';
import { FactUnavailable, need } from '../inventory/fact.js';
import { lookupSubnets, type NetNodeSet } from './nodes.js';
import { routedNodeSubnets } from './node-subnets.js';
import { routeTablesForSubnets, routeTo } from './routes.js';
import type { ServiceTarget } from './port-access.js';

export interface RouteHop {
  subnetId: string;
  routeTableId: string;
  association: 'explicit' | 'main';
  destination: string;
  /** Target of the route that carries it (pcx-…, tgw-…, local…), or null when no route does. */
  via: string | null;
}

export interface VpcReach {
  verdict: 'same-vpc' | 'peered' | 'transit' | 'unreachable';
  clusterVpcId: string;
  targetVpcId: string;
  /** Peering connections between the two VPCs, whatever their status. */
  peerings: { id: string; status: string }[];
  /** The peering whose routes were judged (the active one that works, else the first active). */
  peeringId?: string;
  /** Node subnets → service subnets. */
  forward: RouteHop[];
  /** Service subnets → node subnets. */
  back: RouteHop[];
}

function joins(p: VpcPeering, a: string, b: string): boolean {
  return (p.requesterVpcId === a && p.accepterVpcId === b) || (p.requesterVpcId === b && p.accepterVpcId === a);
}

function hop(subnetId: string, table: RouteTable, association: 'explicit' | 'main', destination: string): RouteHop {
  return { subnetId, routeTableId: table.id, association, destination, via: routeTo(table, destination)?.target.id ?? null };
}

export function vpcReach(inv: Inventory, sets: readonly NetNodeSet[], target: ServiceTarget & { vpcId: string }): VpcReach {
  const cluster = need(inv.eks?.cluster, 'EKS cluster');
  const clusterVpcId = cluster?.vpcId ?? '';
  const base = { clusterVpcId, targetVpcId: target.vpcId, peerings: [], forward: [], back: [] };
  if (target.vpcId === clusterVpcId) return { ...base, verdict: 'same-vpc' };

  const all = need(inv.ec2?.peeringConnections, 'VPC peering connections').filter((p) => joins(p, clusterVpcId, target.vpcId));
  const peerings = all.map((p) => ({ id: p.id, status: p.status }));

  const active = all.filter((p) => p.status.toLowerCase() === 'active');
  // Service side: its subnets' CIDRs when collected, else its VPC's CIDRs as the peering reports them.
  const targetLookup = lookupSubnets(inv, target.subnetIds);
  const reported = active[0] ?? all[0];
  const targetCidrs =
    targetLookup.missing.length === 0 && targetLookup.found.length
      ? targetLookup.found.map((s) => s.cidr)
      : reported
        ? reported.requesterVpcId === target.vpcId
          ? reported.requesterCidrs
          : reported.accepterCidrs
        : [];
  const nodes = routedNodeSubnets(inv, sets);
  const forward = nodes.flatMap((n) => targetCidrs.map((d) => hop(n.subnet.id, n.table, n.association, d)));
  const backHops = (): RouteHop[] => {
    const tables = routeTablesForSubnets(inv, target.subnetIds.map((id) => ({ id, vpcId: target.vpcId })));
    return target.subnetIds.flatMap((id) => {
      const rt = tables.get(id)!;
      return nodes.map((n) => hop(id, rt.table, rt.association, n.subnet.cidr));
    });
  };
  let back: RouteHop[];
  try {
    back = backHops();
  } catch (err) {
    // Without an active peering the verdict is 'unreachable' whatever the far side's tables say;
    // they only matter to tell a transit-gateway path apart, so their absence is not an error then.
    if (active.length || !(err instanceof FactUnavailable)) throw err;
    back = [];
  }
  const carried = (list: RouteHop[], via: (v: string) => boolean) => list.length > 0 && list.every((h) => h.via !== null && via(h.via));

  const working = active.find((p) => carried(forward, (v) => v === p.id) && carried(back, (v) => v === p.id));
  if (working) return { ...base, peerings, peeringId: working.id, forward, back, verdict: 'peered' };
  const viaTgw = (v: string) => v.startsWith('tgw-');
  const verdict = carried(forward, viaTgw) && carried(back, viaTgw) ? 'transit' : 'unreachable';
  return { ...base, peerings, ...(active[0] ? { peeringId: active[0].id } : {}), forward, back, verdict };
}
