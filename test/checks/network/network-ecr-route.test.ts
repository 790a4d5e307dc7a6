import { describe, expect, it } from 'vitest';
import type { RouteTable } from '../../../src/inventory/types.js';
import { networkEcrRoute } from '../../../src/checks/network/network-ecr-route.js';
import { ecrIntent, fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const run = (scenario: string, intent = ecrIntent()) => runOne(networkEcrRoute, intent, fixtureInventory('network', scenario));

describe('network-ecr-route', () => {
  it('passes with a NAT gateway route', () => {
    const r = run('nat');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('(nat-0a1)');
  });

  it('passes without NAT through ecr.api and ecr.dkr endpoints (private DNS on, admitting the nodes) and the S3 gateway endpoint', () => {
    const r = run('private-endpoints');
    expect(r.status).toBe('pass');
    expect(r.message).toContain('ECR and S3 endpoints');
    expect(r.evidence.ecrEndpoints).toMatchObject({ 'ecr.api': { id: 'vpce-0ecrapi', privateDnsEnabled: true }, 'ecr.dkr': { id: 'vpce-0ecrdkr' } });
  });

  it('fails when an endpoint has private DNS off or its group does not admit every node subnet', () => {
    const r = run('private-endpoints-broken');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('vpce-0ecrdkr (ecr.dkr) has private DNS off');
    expect(r.message).toContain('the security groups of vpce-0ecrapi (ecr.api: sg-endpoints) do not admit TCP 443 from nodegroup/system');
  });

  it('fails despite a NAT route when an endpoint with private DNS on refuses the nodes: the registry names resolve to it whatever the routes', () => {
    const inv = fixtureInventory('network', 'private-endpoints-broken');
    const tables = inv.ec2!.routeTables as { value: RouteTable[] };
    tables.value.find((t) => t.id === 'rtb-private')!.routes.push({ destinationCidr: '0.0.0.0/0', natGatewayId: 'nat-0a1' });
    const r = runOne(networkEcrRoute, ecrIntent(), inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the security groups of vpce-0ecrapi (ecr.api: sg-endpoints) do not admit TCP 443 from nodegroup/system');
    // The ecr.dkr endpoint has private DNS off: the NAT route carries that traffic, so it is not blamed.
    expect(r.message).not.toContain('vpce-0ecrdkr');
  });

  it('fails with neither NAT nor endpoints, listing what is missing', () => {
    const r = run('private-no-endpoints');
    expect(r.status).toBe('fail');
    const s = (r.evidence.subnets as { missing: string[] }[])[0]!;
    expect(s.missing).toEqual(['no ecr.api interface endpoint in vpc-main', 'no ecr.dkr interface endpoint in vpc-main', 'no S3 gateway endpoint on rtb-private (ECR serves layers from S3)']);
    expect(r.remediation).toEqual({ id: 'manual', automatic: false });
  });

  it('fails for a registry in another region: the VPC endpoints cannot serve it', () => {
    const r = run('private-endpoints', ecrIntent({ region: 'us-east-1' }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the registry is in us-east-1');
  });

  it('is an error naming the denied action', () => {
    const r = run('routes-denied');
    expect(r.status).toBe('error');
    expect(r.error?.action).toBe('ec2:DescribeRouteTables');
  });

  it('is an error, not a fail, when the endpoint group was not collected', () => {
    const inv = fixtureInventory('network', 'private-endpoints');
    const groups = inv.ec2!.securityGroups as { value: { id: string }[] };
    groups.value = groups.value.filter((g) => g.id !== 'sg-endpoints');
    const r = runOne(networkEcrRoute, ecrIntent(), inv);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'NotCollected', action: 'ec2:DescribeSecurityGroups' });
  });

  it('is skipped when images do not come from ECR', () => {
    expect(run('nat', makeIntent()).status).toBe('skip');
  });
});
