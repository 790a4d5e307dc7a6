/**
 * The node subnets with their route tables, for the route checks: every subnet any node set
 * uses, once, with the node sets that use it.
 */
import type { Inventory, RouteTable, Subnet } from '../inventory/types.js';
import { FactUnavailable } from '../inventory/fact.js';
import { lookupSubnets, nodeSubnets, type NetNodeSet } from './nodes.js';
import { routeTablesForSubnets } from './routes.js';

export interface RoutedSubnet {
  subnet: Subnet;
  nodeSets: string[];
  table: RouteTable;
  association: 'explicit' | 'main';
}

export function routedNodeSubnets(inv: Inventory, sets: readonly NetNodeSet[]): RoutedSubnet[] {
  const bySubnet = nodeSubnets(sets);
  const { found, missing } = lookupSubnets(inv, [...bySubnet.keys()]);
  if (missing.length) throw new FactUnavailable({ code: 'NotCollected', message: `node subnets ${missing.join(', ')} not collected`, action: 'ec2:DescribeSubnets' });
  const tables = routeTablesForSubnets(inv, found);
  return found.map((subnet) => {
    const rt = tables.get(subnet.id)!;
    return { subnet, nodeSets: bySubnet.get(subnet.id)!, table: rt.table, association: rt.association };
  });
}
