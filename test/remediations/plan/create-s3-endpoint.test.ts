import { describe, expect, it } from 'vitest';
import { networkS3Route } from '../../../src/checks/network/network-s3-route.js';
import type { RouteTable } from '../../../src/inventory/types.js';
import { fixtureInventory, s3Intent } from '../../helpers/intent.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

const harbor = (region = 'eu-west-1') => s3Intent([{ bucket: 'daytona-registry', region }]);

describe('create-s3-endpoint (planning)', () => {
  it('creates one S3 gateway endpoint on the route tables of the subnets that cannot reach S3, tagged', () => {
    const plan = planFor(networkS3Route, harbor(), fixtureInventory('network', 'private-no-endpoints'));
    expect(plan.actions).toEqual([
      {
        id: 'create-s3-endpoint:vpc-main',
        checkId: 'network-s3-route',
        description: 'Create an S3 gateway endpoint (com.amazonaws.eu-west-1.s3) in vpc-main on route tables rtb-private',
        calls: [
          {
            api: 'ec2:CreateVpcEndpoint',
            iamAction: 'ec2:CreateVpcEndpoint',
            target: 'vpc-main',
            params: { VpcEndpointType: 'Gateway', VpcId: 'vpc-main', ServiceName: 'com.amazonaws.eu-west-1.s3', RouteTableIds: ['rtb-private'], TagSpecifications: [{ ResourceType: 'vpc-endpoint', Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] }] },
          },
        ],
        safety: 'safe',
        remediation: 'create-s3-endpoint',
        dependsOn: [],
      },
    ]);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('under --fail-on warn, is risky where the default route goes through a transit gateway (S3 traffic would be diverted from it)', () => {
    const inv = fixtureInventory('network', 'transit-default-route');
    expect(planFor(networkS3Route, harbor(), inv).actions).toEqual([]);
    const plan = planFor(networkS3Route, harbor(), inv, 'warn');
    expect(plan.statuses['network-s3-route']).toBe('warn');
    const tables = (inv.ec2!.routeTables as { value: RouteTable[] }).value;
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]!.safety).toBe('risky');
    const ids = plan.actions[0]!.calls[0]!.params.RouteTableIds as string[];
    expect(ids.every((id) => tables.find((t) => t.id === id)!.routes.some((r) => r.destinationCidr === '0.0.0.0/0' && r.transitGatewayId))).toBe(true);
  });

  it('prints a NAT route instead for a bucket in another region, which no endpoint serves', () => {
    const plan = planFor(networkS3Route, harbor('us-east-1'), fixtureInventory('network', 'private-no-endpoints'));
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([['manual:network-s3-route:nat', 'manual']]);
    expect(plan.actions[0]!.notes![0]).toBe('  aws ec2 create-route --route-table-id rtb-private --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-id>');
  });

  it('plans nothing when the subnets reach S3 through a NAT gateway', () => {
    expect(planFor(networkS3Route, harbor(), fixtureInventory('network', 'nat')).actions).toEqual([]);
  });
});
