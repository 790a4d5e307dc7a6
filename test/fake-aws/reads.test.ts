/**
 * The fake answers reads as AWS does: pages at each API's size with tokens bound to the request,
 * EC2 filters and id lists, regional S3 and ECR, and the tool's own collectors read it unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { AwsRuntime } from '../../src/inventory/aws/runtime.js';
import { collectRds } from '../../src/inventory/aws/rds.js';
import { collectElastiCache } from '../../src/inventory/aws/elasticache.js';
import { collectS3 } from '../../src/inventory/aws/s3.js';
import { collectIamPrincipals } from '../../src/inventory/aws/iam.js';
import { describeSecurityGroups } from '../../src/inventory/aws/ec2.js';
import { installFakeAws, loadAccount, type AccountModel, type FakeAws } from './index.js';

const REGION = 'us-east-2';
let fake: FakeAws | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

function install(edit: (m: AccountModel) => void = () => undefined): { fake: FakeAws; model: AccountModel } {
  const model = loadAccount('ready');
  edit(model);
  fake = installFakeAws(model);
  return { fake, model };
}

const rt = () => new AwsRuntime({ region: REGION });

describe('fake AWS: pagination', () => {
  it('serves 250 RDS instances in pages of 100 (MaxRecords), and the collector reads them all in 3 calls', async () => {
    const { fake } = install((m) => {
      for (let i = 0; i < 248; i++) m.rds.instances.push({ ...m.rds.instances[1]!, id: `filler-${i}`, address: `filler-${i}.c7fake0xyz12.us-east-2.rds.amazonaws.com` });
    });
    const facts = await collectRds(rt());
    expect('value' in facts.instances && facts.instances.value.length).toBe(250);
    expect(fake.count('rds:DescribeDBInstances')).toBe(3);
    expect(fake.calls.filter((c) => c.operation === 'rds:DescribeDBInstances').map((c) => c.input.Marker === undefined)).toEqual([true, false, false]);
  });

  it('honours a smaller page size and refuses one outside the documented range', async () => {
    install();
    const rds = new RDSClient({ region: REGION });
    const page = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }));
    expect(page.DBInstances).toHaveLength(2);
    expect(page.Marker).toBeUndefined();
    await expect(rds.send(new DescribeDBInstancesCommand({ MaxRecords: 10 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('binds a token to its request: a token reused with other parameters is refused', async () => {
    install((m) => {
      for (let i = 0; i < 5; i++) m.eks.clusters[0]!.nodegroups.push({ ...m.eks.clusters[0]!.nodegroups[0]!, name: `extra-${i}` });
    });
    const eks = new EKSClient({ region: REGION });
    const first = await eks.send(new ListNodegroupsCommand({ clusterName: 'daytona-prod', maxResults: 3 }));
    expect(first.nodegroups).toEqual(['system', 'runners', 'extra-0']);
    const second = await eks.send(new ListNodegroupsCommand({ clusterName: 'daytona-prod', maxResults: 3, nextToken: first.nextToken }));
    expect(second.nodegroups).toEqual(['extra-1', 'extra-2', 'extra-3']);
    await expect(eks.send(new ListNodegroupsCommand({ clusterName: 'other', nextToken: first.nextToken }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const rds = new RDSClient({ region: REGION });
    await expect(rds.send(new DescribeDBInstancesCommand({ Marker: first.nextToken }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('pages IAM lists with Marker and IsTruncated, and the collector follows them', async () => {
    const { fake } = install((m) => {
      for (let i = 0; i < 150; i++) m.iam.roles['daytona-node-role']!.inline[`p${String(i).padStart(3, '0')}`] = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] };
    });
    const first = await new IAMClient({ region: REGION }).send(new ListRolePoliciesCommand({ RoleName: 'daytona-node-role' }));
    expect(first).toMatchObject({ IsTruncated: true });
    expect(first.PolicyNames).toHaveLength(100);
    fake.resetCalls();
    const facts = await collectIamPrincipals(rt(), { roles: ['daytona-node-role'], users: [] });
    const role = facts.roles!['daytona-node-role']!;
    expect('value' in role && role.value?.inline).toHaveLength(150);
    expect(fake.count('iam:ListRolePolicies')).toBe(2);
    expect(fake.count('iam:GetRolePolicy')).toBe(150);
  });

  it('serves ElastiCache caches, clusters (with nodes only when asked) and serverless caches, paged', async () => {
    const { fake } = install((m) => {
      for (let i = 0; i < 60; i++) m.elasticache.serverless.push({ name: `sl-${i}`, engine: 'valkey', endpoint: `sl-${i}.serverless.use2.cache.amazonaws.com`, port: 6379, groupIds: [], subnetIds: [] });
    });
    const facts = await collectElastiCache(rt());
    expect('value' in facts.cacheClusters && facts.cacheClusters.value.filter((c) => c.serverless)).toHaveLength(60);
    expect('value' in facts.cacheClusters && facts.cacheClusters.value.find((c) => c.id === 'daytona-cache-001')).toMatchObject({ vpcId: 'vpc-0d1a7a0000000001', nodeEndpoints: ['daytona-cache-001.daytona-cache.fake01.use2.cache.amazonaws.com'] });
    // DescribeServerlessCaches: 50 per page unless asked.
    expect(fake.count('elasticache:DescribeServerlessCaches')).toBe(2);
  });
});

describe('fake AWS: EC2 filters and ids', () => {
  it('answers a filtered describe with the matching resources only, rules from DescribeSecurityGroupRules', async () => {
    install();
    const groups = await describeSecurityGroups(rt(), ['sg-0db0000000000001', 'sg-0nonexistent00001']);
    expect('value' in groups && groups.value.map((g) => [g.id, g.ingress.map((r) => `${r.ruleId} ${r.referencedGroupId}`)])).toEqual([
      ['sg-0db0000000000001', ['sgr-0db0000000000001 sg-0c1u5te000000001', 'sgr-0db0000000000002 sg-0runner5000000001']],
    ]);
  });

  it('nests DescribeSecurityGroups rules by protocol and port, as IpPermissions', async () => {
    install();
    const out = await new EC2Client({ region: REGION }).send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0db0000000000001'] }));
    expect(out.SecurityGroups![0]!.IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 5432,
        ToPort: 5432,
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [
          { GroupId: 'sg-0c1u5te000000001', UserId: '444455556666', Description: 'EKS nodes' },
          { GroupId: 'sg-0runner5000000001', UserId: '444455556666', Description: 'runner nodes' },
        ],
      },
    ]);
  });

  it('refuses an unknown filter, more than 200 values in one filter, and an unknown id in an id list', async () => {
    install();
    const ec2 = new EC2Client({ region: REGION });
    await expect(ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-identifier', Values: ['x'] }] }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: Array.from({ length: 201 }, (_, i) => `subnet-${i}`) }] }))).rejects.toMatchObject({ name: 'FilterLimitExceeded' });
    await expect(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0a11ce0000000001', 'subnet-0missing00000001'] }))).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
  });

  it('matches tag filters and wildcards', async () => {
    install();
    const ec2 = new EC2Client({ region: REGION });
    const tagged = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:kubernetes.io/role/elb', Values: ['1'] }] }));
    expect(tagged.Subnets!.map((s) => s.SubnetId)).toEqual(['subnet-0b0b0b0000000001', 'subnet-0b0b0b0000000002']);
    const wild = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:Name', Values: ['data-*'] }] }));
    expect(wild.Subnets).toHaveLength(2);
  });
});

describe('fake AWS: regions and not-found answers', () => {
  it('answers S3 only in the bucket region (301 naming it elsewhere); the collector follows it there', async () => {
    const { fake } = install((m) => {
      m.s3.buckets['acme-daytona-harbor']!.region = 'eu-west-1';
    });
    const facts = await collectS3(rt(), ['acme-daytona-harbor', 'no-such-bucket']);
    expect(facts.buckets['acme-daytona-harbor']).toEqual({
      value: { name: 'acme-daytona-harbor', region: 'eu-west-1', publicAccessBlock: { value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } }, encryption: { value: { algorithm: 'AES256' } } },
    });
    expect(facts.buckets['no-such-bucket']).toEqual({ value: null });
    expect(fake.calls.filter((c) => c.region === 'eu-west-1').map((c) => `${c.operation} ${c.outcome}`)).toEqual(['s3:GetPublicAccessBlock ok', 's3:GetBucketEncryption ok']);
    expect(fake.calls.find((c) => c.operation === 's3:HeadBucket' && c.input.Bucket === 'acme-daytona-harbor')?.outcome).toBe('PermanentRedirect');
  });

  it('fails DescribeImages as a whole when one wanted tag is missing, as ECR does', async () => {
    install();
    const ecr = new ECRClient({ region: REGION });
    const both = await ecr.send(new DescribeImagesCommand({ repositoryName: 'library/busybox', imageIds: [{ imageTag: '1.37' }, { imageTag: 'latest' }] }));
    expect(both.imageDetails!.map((d) => d.imageTags)).toEqual([['1.37'], ['latest']]);
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'library/busybox', imageIds: [{ imageTag: '1.37' }, { imageTag: '1.36' }] }))).rejects.toMatchObject({ name: 'ImageNotFoundException' });
    // ECR repositories live in their region: another region's registry has none.
    await expect(new ECRClient({ region: 'eu-west-1' }).send(new DescribeImagesCommand({ repositoryName: 'library/busybox' }))).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
  });

  it('lists every command it does not model and answers it with an error', async () => {
    const { fake } = install();
    const { DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
    await expect(new EC2Client({ region: REGION }).send(new DescribeRegionsCommand({}))).rejects.toMatchObject({ name: 'FakeAwsNotModelled' });
    expect(fake.unsupported).toEqual(['ec2:DescribeRegions']);
  });
});
