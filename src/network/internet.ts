/**
 * A subnet's way out to public AWS endpoints (S3, ECR, public registries) through its route
 * table's IPv4 default route. A NAT gateway works; an internet gateway works for instances with
 * public addresses; a transit gateway or an appliance may work, but what lies beyond cannot be
 * seen from here.
 */
import type { RouteTable, Subnet } from '../inventory/types.js';
import { defaultRoute } from './routes.js';

export interface InternetPath {
  /** ok: NAT, or IGW with public addresses; uncertain: IGW without public addresses, TGW, appliance; none: no default route. */
  verdict: 'ok' | 'uncertain' | 'none';
  /** nat-…, igw-…, tgw-…, or null. */
  via: string | null;
  note?: string;
}

export function internetPath(table: RouteTable, subnet: Pick<Subnet, 'id' | 'mapPublicIpOnLaunch'>): InternetPath {
  const d = defaultRoute(table);
  if (!d) return { verdict: 'none', via: null };
  switch (d.target.kind) {
    case 'nat':
      return { verdict: 'ok', via: d.target.id };
    case 'igw':
      // Nodes behind an internet gateway need public addresses; EKS gives them only when the subnet assigns them.
      return subnet.mapPublicIpOnLaunch === false
        ? { verdict: 'uncertain', via: d.target.id, note: `${subnet.id} routes to ${d.target.id} but does not assign public IPv4 addresses, so nodes without one cannot use it` }
        : { verdict: 'ok', via: d.target.id };
    case 'tgw':
      return { verdict: 'uncertain', via: d.target.id, note: `${subnet.id} sends its default route to transit gateway ${d.target.id}; egress beyond it cannot be verified here` };
    default:
      return { verdict: 'uncertain', via: d.target.id, note: `${subnet.id} sends its default route to ${d.target.id} (an appliance or instance); egress beyond it cannot be verified here` };
  }
}
