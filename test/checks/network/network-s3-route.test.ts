import { describe, expect, it } from 'vitest';
import { networkS3Route } from '../../../src/checks/network/network-s3-route.js';
import { ecrIntent, fixtureInventory, makeIntent, runOne, s3Intent } from '../../helpers/intent.js';

const harbor = s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]);
const run = (scenario: string, intent = harbor) => runOne(networkS3Route, intent, fixtureInventory('network', scenario));

describe('network-s3-route', () => {
  it('passes when the node subnets route 0.0.0.0/0 to a NAT gateway', () => {
    const r = run('nat');
    expect(r.status).toBe('pass');
    expect(r.message).toBe('every node subnet reaches S3 (nat-0a1)');
    expect(r.evidence.routeTableIds).toEqual([]);
  });

  it('passes through an S3 gateway endpoint on the node route table, without NAT', () => {
    const r = run('private-endpoints');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('vpce-0s3');
    expect((r.evidence.subnets as { verdict: string }[]).every((s) => s.verdict === 'endpoint')).toBe(true);
  });

  it('fails without NAT, internet gateway or S3 endpoint, naming the route tables for create-s3-endpoint', () => {
    const r = run('private-no-endpoints');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('node subnets subnet-priv-a (rtb-private; nodegroup/system), subnet-priv-b (rtb-private; nodegroup/system) cannot reach S3');
    expect(r.evidence).toMatchObject({ routeTableIds: ['rtb-private'], vpcId: 'vpc-main', region: 'eu-west-1' });
    expect(r.remediation).toEqual({ id: 'create-s3-endpoint', automatic: true });
  });

  it('counts an S3 interface endpoint only when it has private DNS and its group admits the nodes', () => {
    const inv = fixtureInventory('network', 'private-endpoints');
    const eps = inv.ec2!.vpcEndpoints as { value: { id: string; serviceName: string; type: string }[] };
    // Replace the gateway endpoint by an interface endpoint in the ECR endpoints' group (admits 10.0.0.0/16 on 443).
    const gw = eps.value.find((e) => e.id === 'vpce-0s3')!;
    Object.assign(gw, { type: 'Interface', routeTableIds: [], subnetIds: ['subnet-priv-a', 'subnet-priv-b'], securityGroupIds: ['sg-endpoints'], privateDnsEnabled: true });
    const tables = inv.ec2!.routeTables as { value: { routes: { gatewayId?: string }[] }[] };
    for (const t of tables.value) t.routes = t.routes.filter((x) => x.gatewayId !== 'vpce-0s3');
    expect(runOne(networkS3Route, harbor, inv).status).toBe('pass');
    Object.assign(gw, { privateDnsEnabled: false });
    expect(runOne(networkS3Route, harbor, inv).status).toBe('fail');
  });

  it('fails for a bucket in another region even with a gateway endpoint, which serves its own region only', () => {
    const r = run('private-endpoints', s3Intent([{ bucket: 'daytona-registry', region: 'us-east-1' }]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('S3 in us-east-1 needs a NAT or internet gateway');
    expect(r.evidence.crossRegion).toEqual(['us-east-1']);
  });

  it("uses the VPC's main route table for subnets without an explicit association", () => {
    const r = run('main-route-table');
    expect(r.status).toBe('pass');
    expect((r.evidence.subnets as { routeTableId: string; association: string }[])[0]).toMatchObject({ routeTableId: 'rtb-main', association: 'main' });
  });

  it('warns when the default route goes to a transit gateway it cannot see beyond', () => {
    const r = run('transit-default-route');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('transit gateway tgw-0egress');
  });

  it('applies with ECR images alone (layers come from S3)', () => {
    expect(run('private-no-endpoints', ecrIntent()).status).toBe('fail');
  });

  it('is an error naming ec2:DescribeRouteTables when that call was denied', () => {
    const r = run('routes-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'UnauthorizedOperation', action: 'ec2:DescribeRouteTables' });
  });

  it('is skipped when nothing uses S3', () => {
    const r = run('nat', makeIntent());
    expect(r.status).toBe('skip');
  });

  it('is skipped when the cluster has no nodes', () => {
    expect(run('no-nodes').status).toBe('skip');
  });
});
