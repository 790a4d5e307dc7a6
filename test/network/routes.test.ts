import { describe, expect, it } from 'vitest';
import type { RouteTable, VpcEndpoint } from '../../src/inventory/types.js';
import { defaultRoute, gatewayEndpointsOn, routeTableFor, routeTablesForSubnets, routeTarget, routeTo } from '../../src/network/routes.js';
import { internetPath } from '../../src/network/internet.js';
import { FactUnavailable } from '../../src/inventory/fact.js';

const main: RouteTable = {
  id: 'rtb-main',
  vpcId: 'vpc-1',
  main: true,
  subnetIds: [],
  routes: [
    { destinationCidr: '10.0.0.0/16', gatewayId: 'local' },
    { destinationCidr: '0.0.0.0/0', natGatewayId: 'nat-1' },
  ],
};
const privateA: RouteTable = {
  id: 'rtb-a',
  vpcId: 'vpc-1',
  main: false,
  subnetIds: ['subnet-a'],
  routes: [
    { destinationCidr: '10.0.0.0/16', gatewayId: 'local' },
    { destinationCidr: '10.1.0.0/16', vpcPeeringConnectionId: 'pcx-1' },
    { destinationCidr: '10.1.5.0/24', transitGatewayId: 'tgw-1' },
    { destinationPrefixListId: 'pl-63a5400a', gatewayId: 'vpce-s3' },
  ],
};

describe('route tables', () => {
  it('uses the explicitly associated table', () => {
    expect(routeTableFor('subnet-a', 'vpc-1', [main, privateA])).toEqual({ table: privateA, association: 'explicit' });
  });

  it("falls back to the VPC's main table for a subnet without an association", () => {
    expect(routeTableFor('subnet-b', 'vpc-1', [privateA, main])).toEqual({ table: main, association: 'main' });
    expect(routeTableFor('subnet-z', 'vpc-2', [privateA, main])).toBeUndefined();
  });

  it("a subnet whose VPC has no tables in the facts is an error naming DescribeRouteTables", () => {
    const inv = { ec2: { routeTables: { value: [main] } } };
    expect(() => routeTablesForSubnets(inv, [{ id: 'subnet-z', vpcId: 'vpc-2' }])).toThrow(FactUnavailable);
  });

  it('picks the longest matching route, and refuses a destination that a more specific route splits', () => {
    expect(routeTo(privateA, '10.1.2.0/24')!.target).toEqual({ kind: 'pcx', id: 'pcx-1' });
    expect(routeTo(privateA, '10.1.5.0/24')!.target).toEqual({ kind: 'tgw', id: 'tgw-1' });
    expect(routeTo(privateA, '10.1.0.0/16')).toBeUndefined();
    expect(routeTo(privateA, '192.168.0.0/24')).toBeUndefined();
  });

  it('ignores blackhole routes', () => {
    const t: RouteTable = { ...main, routes: [{ destinationCidr: '0.0.0.0/0', natGatewayId: 'nat-gone', state: 'blackhole' }] };
    expect(defaultRoute(t)).toBeUndefined();
  });

  it('a more specific blackhole route still wins the longest-prefix match: its traffic is dropped, not sent by a broader route', () => {
    const t: RouteTable = {
      ...privateA,
      routes: [
        { destinationCidr: '10.0.0.0/16', gatewayId: 'local' },
        { destinationCidr: '10.1.0.0/16', vpcPeeringConnectionId: 'pcx-1' },
        { destinationCidr: '10.1.7.0/24', vpcPeeringConnectionId: 'pcx-old', state: 'blackhole' },
      ],
    };
    expect(routeTo(t, '10.1.7.0/24')).toBeUndefined();
    expect(routeTo(t, '10.1.7.128/25')).toBeUndefined();
    // A blackhole inside the destination drops part of it.
    expect(routeTo(t, '10.1.0.0/16')).toBeUndefined();
    expect(routeTo(t, '10.1.2.0/24')!.target.id).toBe('pcx-1');
  });

  it('classifies route targets', () => {
    expect(routeTarget({ gatewayId: 'igw-1' }).kind).toBe('igw');
    expect(routeTarget({ gatewayId: 'vpce-1' }).kind).toBe('vpce');
    expect(routeTarget({ egressOnlyInternetGatewayId: 'eigw-1' }).kind).toBe('eigw');
    expect(routeTarget({}).kind).toBe('other');
  });

  it('finds S3 gateway endpoints by their association or by the prefix-list route they add', () => {
    const s3 = (id: string, routeTableIds: string[]): VpcEndpoint => ({ id, vpcId: 'vpc-1', serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway', state: 'available', routeTableIds, subnetIds: [], securityGroupIds: [] });
    expect(gatewayEndpointsOn(privateA, [s3('vpce-s3', [])], 's3').map((e) => e.id)).toEqual(['vpce-s3']);
    expect(gatewayEndpointsOn(main, [s3('vpce-s3', ['rtb-main'])], 's3').map((e) => e.id)).toEqual(['vpce-s3']);
    expect(gatewayEndpointsOn(main, [s3('vpce-s3', ['rtb-a'])], 's3')).toEqual([]);
  });
});

describe('internet path', () => {
  it('a NAT default route is a way out', () => {
    expect(internetPath(main, { id: 'subnet-b' })).toEqual({ verdict: 'ok', via: 'nat-1' });
  });

  it('an internet gateway needs public addresses on the subnet', () => {
    const pub: RouteTable = { ...main, routes: [{ destinationCidr: '0.0.0.0/0', gatewayId: 'igw-1' }] };
    expect(internetPath(pub, { id: 'subnet-p', mapPublicIpOnLaunch: true }).verdict).toBe('ok');
    expect(internetPath(pub, { id: 'subnet-p', mapPublicIpOnLaunch: false }).verdict).toBe('uncertain');
  });

  it('a transit gateway default route cannot be verified', () => {
    const t: RouteTable = { ...main, routes: [{ destinationCidr: '0.0.0.0/0', transitGatewayId: 'tgw-1' }] };
    expect(internetPath(t, { id: 'subnet-t' })).toMatchObject({ verdict: 'uncertain', via: 'tgw-1' });
    expect(internetPath(privateA, { id: 'subnet-a' })).toEqual({ verdict: 'none', via: null });
  });
});
