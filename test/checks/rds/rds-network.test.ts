import { describe, expect, it } from 'vitest';
import type { RouteTable } from '../../../src/inventory/types.js';
import { rdsNetwork } from '../../../src/checks/rds/rds-network.js';
import { rdsInstance } from '../../../src/checks/rds/rds-instance.js';
import { fixtureInventory, runOne } from '../../helpers/intent.js';
import { dbIntent } from './intents.js';

const run = (scenario: string, intent = dbIntent()) => runOne(rdsNetwork, intent, fixtureInventory('rds', scenario));

describe('rds-network', () => {
  it("passes when the database is in the cluster's VPC", () => {
    const r = run('same-vpc');
    expect(r.status).toBe('pass');
    expect(r.message).toBe("RDS instance daytona-db is in the cluster's VPC vpc-main");
  });

  it('passes when the database VPC is peered (active) with routes both ways, naming the peering', () => {
    const r = run('peered-vpc');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('peered with the cluster\'s VPC vpc-main through active pcx-0data');
    expect(r.evidence.peeringId).toBe('pcx-0data');
    expect(r.resources).toContain('pcx-0data');
    const forward = r.evidence.forward as { routeTableId: string; via: string }[];
    expect(new Set(forward.map((h) => `${h.routeTableId}->${h.via}`))).toEqual(new Set(['rtb-private->pcx-0data']));
  });

  it('fails, with manual remediation, when the database is in another VPC and no peering joins them', () => {
    const r = run('other-vpc-no-peering');
    expect(r.status).toBe('fail');
    expect(r.message).toContain("RDS instance daytona-db is in vpc-data, not the cluster's VPC vpc-main, and no VPC peering connection joins the two");
    expect(r.remediation).toEqual({ id: 'manual', automatic: false });
  });

  it('fails when the node route tables lack the route to the peering', () => {
    const inv = fixtureInventory('rds', 'peered-vpc');
    const tables = inv.ec2!.routeTables as { value: { id: string; routes: { vpcPeeringConnectionId?: string }[] }[] };
    const rtb = tables.value.find((t) => t.id === 'rtb-private')!;
    rtb.routes = rtb.routes.filter((x) => !x.vpcPeeringConnectionId);
    const r = runOne(rdsNetwork, dbIntent(), inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('node side: rtb-private (subnet-priv-a, subnet-priv-b) sends 10.20.1.0/24, 10.20.2.0/24 to nat-0a1');
  });

  it('fails when a more specific blackhole route (a deleted peering) in the node route table catches a database subnet', () => {
    const inv = fixtureInventory('rds', 'peered-vpc');
    const tables = inv.ec2!.routeTables as { value: RouteTable[] };
    tables.value.find((t) => t.id === 'rtb-private')!.routes.push({ destinationCidr: '10.20.1.0/24', vpcPeeringConnectionId: 'pcx-0old', state: 'blackhole' });
    const r = runOne(rdsNetwork, dbIntent(), inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('node side: rtb-private (subnet-priv-a, subnet-priv-b) sends 10.20.1.0/24 nowhere');
  });

  it('warns when both directions route through a transit gateway it cannot see into', () => {
    const inv = fixtureInventory('rds', 'peered-vpc');
    inv.ec2!.peeringConnections = { value: [] };
    for (const t of (inv.ec2!.routeTables as unknown as { value: { routes: Record<string, string>[] }[] }).value) {
      for (const route of t.routes) if (route.vpcPeeringConnectionId) route.transitGatewayId = route.vpcPeeringConnectionId.replace('pcx-0data', 'tgw-0hub');
      for (const route of t.routes) delete route.vpcPeeringConnectionId;
    }
    const r = runOne(rdsNetwork, dbIntent(), inv);
    expect(r.status).toBe('warn');
    expect(r.message).toContain('transit gateway tgw-0hub');
  });

  it('is an error naming the denied action when peering connections could not be read', () => {
    const inv = fixtureInventory('rds', 'peered-vpc');
    inv.ec2!.peeringConnections = { error: { code: 'UnauthorizedOperation', message: 'denied', action: 'ec2:DescribeVpcPeeringConnections' } };
    const r = runOne(rdsNetwork, dbIntent(), inv);
    expect(r.status).toBe('error');
    expect(r.error?.action).toBe('ec2:DescribeVpcPeeringConnections');
  });

  it('is an error naming rds:DescribeDBInstances when that call was denied', () => {
    expect(run('access-denied').error?.action).toBe('rds:DescribeDBInstances');
  });

  it('is skipped naming rds-instance when the database is not found', () => {
    const r = runOne([rdsInstance, rdsNetwork], dbIntent({ host: 'gone.c9akciq32.eu-west-1.rds.amazonaws.com' }), fixtureInventory('rds', 'same-vpc'));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('depends on rds-instance');
  });
});
