import { describe, expect, it } from 'vitest';
import { networkEgress443 } from '../../../src/checks/network/network-egress-443.js';
import { DEFAULT_IMAGES, ecrIntent, fixtureInventory, makeIntent, runOne, s3Intent } from '../../helpers/intent.js';

const onlyEcr = ecrIntent({}, DEFAULT_IMAGES.filter((i) => i.followsGlobalRegistry));
const run = (scenario: string, intent = onlyEcr) => runOne(networkEgress443, intent, fixtureInventory('network', scenario));

describe('network-egress-443', () => {
  it('passes when the nodes may send anything anywhere (the cluster group default)', () => {
    const r = run('nat', ecrIntent());
    expect(r.status).toBe('pass');
    expect(r.evidence.destinations).toEqual(['s3', 'ecr.api', 'ecr.dkr', 'registries']);
  });

  it('passes with 443 only to the S3 prefix list and the ECR endpoints group, when every image comes from ECR', () => {
    const r = run('private-endpoints');
    expect(r.status).toBe('pass');
    const set = (r.evidence.nodeSets as { destinations: Record<string, { rules: { ruleId: string }[] }> }[])[0]!;
    expect(set.destinations.s3!.rules.map((x) => x.ruleId)).toEqual(['sgr-cluster-s3']);
    expect(set.destinations['ecr.dkr']!.rules.map((x) => x.ruleId)).toEqual(['sgr-cluster-endpoints']);
  });

  it('does not count egress to ECR interface endpoints whose private DNS is off: the registry names resolve to public addresses', () => {
    const inv = fixtureInventory('network', 'private-endpoints');
    for (const e of (inv.ec2!.vpcEndpoints as { value: { privateDnsEnabled?: boolean }[] }).value) e.privateDnsEnabled = false;
    const r = runOne(networkEgress443, onlyEcr, inv);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('does not allow TCP 443 out to ECR (ecr.api), ECR (ecr.dkr)');
  });

  it('warns when images from other registries need 443 to the internet and the groups do not allow it', () => {
    const r = run('private-endpoints', ecrIntent());
    expect(r.status).toBe('warn');
    expect(r.message).toContain('has no TCP 443 egress to 0.0.0.0/0: images from docker.io need it');
  });

  it('fails naming ECR when 443 is open only to the S3 prefix list while images come from ECR', () => {
    const r = run('egress-s3-prefix-only', ecrIntent());
    expect(r.status).toBe('fail');
    expect(r.message).toContain('nodegroup/system (sg-cluster) does not allow TCP 443 out to ECR (ecr.api), ECR (ecr.dkr): 443 is open only to the S3 prefix list');
    expect(r.evidence.missingEgress).toEqual([{ nodeSet: 'nodegroup/system', groupIds: ['sg-cluster'], port: 443, destinations: ['ecr.api', 'ecr.dkr', 'registries'] }]);
    expect((r.evidence.destinationOptions as Record<string, { prefixListIds?: string[] }>).s3!.prefixListIds).toEqual(['pl-6da54004']);
    expect(r.remediation).toEqual({ id: 'authorize-sg-egress', automatic: true });
  });

  it('passes with 443 only to the S3 prefix list when S3 is all the install needs', () => {
    const r = run('egress-s3-prefix-only', s3Intent([{ region: 'eu-west-1' }], { images: [] }));
    expect(r.status).toBe('pass');
  });

  it('fails for S3 in another region: the prefix list covers this region only', () => {
    const r = run('egress-s3-prefix-only', s3Intent([{ region: 'us-east-1' }], { images: [] }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('does not allow TCP 443 out to S3');
  });

  it('is an error, not a fail, when the verdict rests on a prefix list this run could not identify', () => {
    const inv = fixtureInventory('network', 'egress-s3-prefix-only');
    delete inv.ec2!.prefixLists;
    const r = runOne(networkEgress443, s3Intent([{ region: 'eu-west-1' }], { images: [] }), inv);
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('NotCollected');
  });

  it('is an error naming the denied action when the endpoints could not be read', () => {
    const inv = fixtureInventory('network', 'nat');
    inv.ec2!.vpcEndpoints = { error: { code: 'UnauthorizedOperation', message: 'denied', action: 'ec2:DescribeVpcEndpoints' } };
    const r = runOne(networkEgress443, onlyEcr, inv);
    expect(r.status).toBe('error');
    expect(r.error?.action).toBe('ec2:DescribeVpcEndpoints');
  });

  it('is skipped when the cluster has no nodes', () => {
    expect(run('no-nodes', makeIntent()).status).toBe('skip');
  });
});
