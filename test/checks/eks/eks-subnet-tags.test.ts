import { describe, expect, it } from 'vitest';
import { eksSubnetTags } from '../../../src/checks/eks/eks-subnet-tags.js';
import { fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const INTERNET_FACING = { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' };
const run = (scenario: string, annotations: Record<string, string> = {}) =>
  runOne(eksSubnetTags, makeIntent({ sshGateway: { annotations } }), fixtureInventory('eks', scenario));

describe('eks-subnet-tags', () => {
  it('passes for the default internal scheme when the private subnets carry kubernetes.io/role/internal-elb=1 in every zone', () => {
    const r = run('healthy');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ scheme: 'internal', wantedTagKey: 'kubernetes.io/role/internal-elb', taggedSubnetIds: ['subnet-priv-a', 'subnet-priv-b'], untaggedSubnetIds: [] });
  });

  it('passes for an internet-facing scheme when the public subnets (routed to an internet gateway) carry kubernetes.io/role/elb=1', () => {
    const r = run('healthy', INTERNET_FACING);
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ scheme: 'internet-facing', wantedTagKey: 'kubernetes.io/role/elb', publicSubnetIds: ['subnet-pub-a', 'subnet-pub-b'] });
  });

  it('fails an internet-facing gateway when no public subnet is tagged, listing the public subnets to tag', () => {
    const r = run('subnets-untagged', INTERNET_FACING);
    expect(r.status).toBe('fail');
    expect(r.evidence).toMatchObject({ wantedTagKey: 'kubernetes.io/role/elb', untaggedSubnetIds: ['subnet-pub-a', 'subnet-pub-b'] });
  });

  it('fails an internal gateway when no subnet is tagged, listing the private subnets to tag', () => {
    const r = run('subnets-untagged');
    expect(r.status).toBe('fail');
    expect(r.evidence).toMatchObject({ wantedTagKey: 'kubernetes.io/role/internal-elb', untaggedSubnetIds: ['subnet-priv-a', 'subnet-priv-b'] });
  });

  it('warns when a zone has no tagged subnet: the load balancer will not span it', () => {
    const r = run('subnets-internal-one-zone');
    expect(r.status).toBe('warn');
    expect(r.evidence.untaggedSubnetIds).toEqual(['subnet-priv-b']);
    expect(r.message).toContain('eu-west-1b');
  });

  it('fails an internet-facing gateway when the cluster has no public subnet at all (nothing to tag)', () => {
    const r = run('subnets-no-public', INTERNET_FACING);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('internet gateway');
    expect(r.evidence).toMatchObject({ publicSubnetIds: [], untaggedSubnetIds: [] });
  });

  it('passes when the Service names its subnets explicitly', () => {
    const r = run('subnets-untagged', { 'service.beta.kubernetes.io/aws-load-balancer-subnets': 'subnet-priv-a,subnet-priv-b' });
    expect(r.status).toBe('pass');
  });

  it('does not apply when the SSH gateway is not a LoadBalancer', () => {
    const r = runOne(eksSubnetTags, makeIntent({ sshGateway: { loadBalancer: false } }), fixtureInventory('eks', 'healthy'));
    expect(r.status).toBe('skip');
  });

  it('is an error naming ec2:DescribeSubnets when subnets cannot be read', () => {
    const r = run('nodegroups-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'ec2:DescribeSubnets' });
  });
});
