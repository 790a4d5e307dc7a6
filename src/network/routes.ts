/**
 * Route evaluation. A subnet uses the route table explicitly associated with it, else its VPC's
 * main table. Within a table the most specific active route that contains a destination wins.
 */
import type { Inventory, Route, RouteTable, VpcEndpoint } from '../inventory/types.js';
import { FactUnavailable, need } from '../inventory/fact.js';
import { cidrContains, cidrOverlaps, parseCidr } from './cidr.js';
import { isGatewayEndpointFor, type AwsService } from './services.js';

export interface SubnetRouteTable {
  table: RouteTable;
  association: 'explicit' | 'main';
}

export function routeTableFor(subnetId: string, vpcId: string, tables: readonly RouteTable[]): SubnetRouteTable | undefined {
  const explicit = tables.find((t) => t.subnetIds.includes(subnetId));
  if (explicit) return { table: explicit, association: 'explicit' };
  const main = tables.find((t) => t.vpcId === vpcId && t.main);
  return main ? { table: main, association: 'main' } : undefined;
}

/**
 * The route table of each subnet. A subnet with neither an explicit table nor a main table for
 * its VPC in the facts means the VPC's tables were not collected: error, not fail.
 */
export function routeTablesForSubnets(inv: Inventory, subnets: readonly { id: string; vpcId: string }[]): Map<string, SubnetRouteTable> {
  const tables = need(inv.ec2?.routeTables, 'route tables');
  const out = new Map<string, SubnetRouteTable>();
  for (const s of subnets) {
    const rt = routeTableFor(s.id, s.vpcId, tables);
    if (!rt) {
      throw new FactUnavailable({ code: 'NotCollected', message: `no route table for ${s.id} (route tables of ${s.vpcId} were not collected)`, action: 'ec2:DescribeRouteTables' });
    }
    out.set(s.id, rt);
  }
  return out;
}

export type RouteTargetKind = 'local' | 'igw' | 'nat' | 'vpce' | 'pcx' | 'tgw' | 'eigw' | 'other';

export interface RouteTarget {
  kind: RouteTargetKind;
  /** The target id (igw-…, nat-…, pcx-…), or 'local'. */
  id: string;
}

export function routeTarget(r: Route): RouteTarget {
  if (r.natGatewayId) return { kind: 'nat', id: r.natGatewayId };
  if (r.vpcPeeringConnectionId) return { kind: 'pcx', id: r.vpcPeeringConnectionId };
  if (r.transitGatewayId) return { kind: 'tgw', id: r.transitGatewayId };
  if (r.egressOnlyInternetGatewayId) return { kind: 'eigw', id: r.egressOnlyInternetGatewayId };
  const gw = r.gatewayId ?? '';
  if (gw === 'local') return { kind: 'local', id: 'local' };
  if (gw.startsWith('igw-')) return { kind: 'igw', id: gw };
  if (gw.startsWith('vpce-')) return { kind: 'vpce', id: gw };
  // Instance / network-interface / appliance targets are not modelled: a NAT instance lands here.
  return { kind: 'other', id: gw || 'unknown' };
}

function isActive(r: Route): boolean {
  return r.state === undefined || r.state === 'active';
}

export interface RouteMatch {
  route: Route;
  target: RouteTarget;
  destination: string;
}

/**
 * The route traffic to every address of `cidr` takes: the longest route containing it.
 * undefined when none does, when that route is a blackhole, or when a more specific route sends
 * part of it elsewhere (split). Blackhole routes take part in the longest-prefix match (their
 * traffic is dropped, not handed to a broader route), so they are not filtered out first.
 */
export function routeTo(table: RouteTable, cidr: string): RouteMatch | undefined {
  const dest = parseCidr(cidr);
  if (!dest) return undefined;
  const field = dest.version === 4 ? 'destinationCidr' : 'destinationIpv6Cidr';
  const candidates = table.routes.filter((r) => r[field] !== undefined && cidrContains(r[field]!, dest));
  const best = candidates.sort((a, b) => parseCidr(b[field]!)!.prefix - parseCidr(a[field]!)!.prefix)[0];
  if (!best || !isActive(best)) return undefined;
  const target = routeTarget(best);
  const split = table.routes.some(
    (r) => r[field] !== undefined && r !== best && cidrOverlaps(r[field]!, dest) && !cidrContains(r[field]!, dest) && (!isActive(r) || routeTarget(r).id !== target.id),
  );
  return split ? undefined : { route: best, target, destination: best[field]! };
}

/** The IPv4 default route (0.0.0.0/0), when active. */
export function defaultRoute(table: RouteTable): RouteMatch | undefined {
  const r = table.routes.find((x) => isActive(x) && x.destinationCidr !== undefined && parseCidr(x.destinationCidr)?.prefix === 0);
  return r ? { route: r, target: routeTarget(r), destination: r.destinationCidr! } : undefined;
}

/** Gateway endpoints of `service` (S3, DynamoDB) that route for this table. */
export function gatewayEndpointsOn(table: RouteTable, endpoints: readonly VpcEndpoint[], service: AwsService): VpcEndpoint[] {
  const viaRoute = new Set(table.routes.filter((r) => isActive(r) && r.destinationPrefixListId && r.gatewayId?.startsWith('vpce-')).map((r) => r.gatewayId!));
  return endpoints.filter((e) => isGatewayEndpointFor(e, service) && (e.routeTableIds.includes(table.id) || viaRoute.has(e.id)));
}
