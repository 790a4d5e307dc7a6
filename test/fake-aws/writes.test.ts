/**
 * Writes change the fake account the way AWS would (and answer "already exists" as AWS does), so
 * collecting again sees them; and the faults asked for (AccessDenied, throttling) look like AWS's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AuthorizeSecurityGroupIngressCommand, CreateTagsCommand, CreateVpcEndpointCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreateUserCommand, GetRoleCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, HeadBucketCommand, PutBucketTaggingCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { AwsRuntime } from '../../src/inventory/aws/runtime.js';
import { describeRouteTables } from '../../src/inventory/aws/ec2.js';
import { collectIamPrincipals } from '../../src/inventory/aws/iam.js';
import { FAKE_SECRET_PREFIX, installFakeAws, loadAccount, runCli, type AccountModel, type FakeAws } from './index.js';
import { checkArgs } from '../scenarios/support.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const REGION = 'us-east-2';
let fake: FakeAws | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

function install(edit: (m: AccountModel) => void = () => undefined, options: Parameters<typeof installFakeAws>[1] = {}): { fake: FakeAws; model: AccountModel } {
  const model = loadAccount('ready');
  edit(model);
  fake = installFakeAws(model, options);
  return { fake, model };
}

const ec2 = () => new EC2Client({ region: REGION });
const ingress5432 = (groupId: string, from: string) =>
  new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: from, Description: 'nodes' }] }], TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] }] });

describe('fake AWS: writes', () => {
  it('a rule added by AuthorizeSecurityGroupIngress makes rds-port-5432 pass on the next check; adding it again is a Duplicate', async () => {
    const { fake, model } = install((m) => {
      m.ec2.securityGroups.find((g) => g.id === 'sg-0db0000000000001')!.rules = [];
    });
    const before = await runCli(checkArgs());
    expect(before.report!.checks.find((c) => c.id === 'rds-port-5432')!.status).toBe('fail');
    const out = await ec2().send(ingress5432('sg-0db0000000000001', 'sg-0c1u5te000000001'));
    await ec2().send(ingress5432('sg-0db0000000000001', 'sg-0runner5000000001'));
    expect(out.SecurityGroupRules).toEqual([expect.objectContaining({ GroupId: 'sg-0db0000000000001', IsEgress: false, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, ReferencedGroupInfo: { GroupId: 'sg-0c1u5te000000001', UserId: '444455556666' }, Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] })]);
    await expect(ec2().send(ingress5432('sg-0db0000000000001', 'sg-0c1u5te000000001'))).rejects.toMatchObject({ name: 'InvalidPermission.Duplicate' });
    await expect(ec2().send(ingress5432('sg-0missing000000001', 'sg-0c1u5te000000001'))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
    expect(model.ec2.securityGroups.find((g) => g.id === 'sg-0db0000000000001')!.rules).toHaveLength(2);
    const after = await runCli(checkArgs());
    expect(after.report!.checks.find((c) => c.id === 'rds-port-5432')!.status).toBe('pass');
    expect(after.code).toBe(0);
    expect(fake.writes().map((c) => `${c.operation} ${c.outcome}`)).toEqual([
      'ec2:AuthorizeSecurityGroupIngress ok',
      'ec2:AuthorizeSecurityGroupIngress ok',
      'ec2:AuthorizeSecurityGroupIngress InvalidPermission.Duplicate',
      'ec2:AuthorizeSecurityGroupIngress InvalidGroup.NotFound',
    ]);
  });

  it('CreateVpcEndpoint (Gateway, S3) routes the prefix list on the route tables; a second one is RouteAlreadyExists', async () => {
    install((m) => {
      m.ec2.vpcEndpoints = m.ec2.vpcEndpoints.filter((e) => e.type !== 'Gateway');
      m.ec2.routeTables[0]!.routes = m.ec2.routeTables[0]!.routes.filter((r) => !r.prefixList);
    });
    const request = { VpcEndpointType: 'Gateway' as const, VpcId: 'vpc-0d1a7a0000000001', ServiceName: 'com.amazonaws.us-east-2.s3', RouteTableIds: ['rtb-0ma1n00000000001'] };
    const out = await ec2().send(new CreateVpcEndpointCommand(request));
    expect(out.VpcEndpoint).toMatchObject({ VpcEndpointType: 'Gateway', State: 'available', RouteTableIds: ['rtb-0ma1n00000000001'] });
    const tables = await describeRouteTables(new AwsRuntime({ region: REGION }), ['vpc-0d1a7a0000000001']);
    const main = 'value' in tables ? tables.value.find((t) => t.id === 'rtb-0ma1n00000000001') : undefined;
    expect(main?.routes).toContainEqual({ destinationPrefixListId: 'pl-0fa4e5300000001', gatewayId: out.VpcEndpoint!.VpcEndpointId, state: 'active' });
    await expect(ec2().send(new CreateVpcEndpointCommand(request))).rejects.toMatchObject({ name: 'RouteAlreadyExists' });
    await expect(ec2().send(new CreateVpcEndpointCommand({ ...request, ServiceName: 'com.amazonaws.eu-west-1.s3' }))).rejects.toMatchObject({ name: 'InvalidServiceName' });
  });

  it('CreateTags tags subnets; an unknown subnet is InvalidSubnetID.NotFound', async () => {
    install();
    await ec2().send(new CreateTagsCommand({ Resources: ['subnet-0db0000000000001'], Tags: [{ Key: 'kubernetes.io/role/internal-elb', Value: '1' }] }));
    const out = await ec2().send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0db0000000000001'] }));
    expect(out.Subnets![0]!.Tags).toContainEqual({ Key: 'kubernetes.io/role/internal-elb', Value: '1' });
    await expect(ec2().send(new CreateTagsCommand({ Resources: ['subnet-0missing00000001'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject({ name: 'InvalidSubnetID.NotFound' });
  });

  it('CreateBucket in the client region with S3 defaults; BucketAlreadyOwnedByYou outside us-east-1; a constraint for another region is refused', async () => {
    const { model } = install();
    const s3 = new S3Client({ region: REGION });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-new', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    expect(model.s3.buckets['acme-new']).toEqual({ region: REGION, publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }, encryption: { algorithm: 'AES256' } });
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'acme-new', Tagging: { TagSet: [{ Key: 'managed-by', Value: 'daytona-preflight' }] } }));
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-new', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false } }));
    expect(model.s3.buckets['acme-new']).toMatchObject({ tags: { 'managed-by': 'daytona-preflight' }, publicAccessBlock: { restrictPublicBuckets: false } });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'acme-new', CreateBucketConfiguration: { LocationConstraint: REGION } }))).rejects.toMatchObject({ name: 'BucketAlreadyOwnedByYou' });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'acme-other', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))).rejects.toMatchObject({ name: 'IllegalLocationConstraintException' });
    await expect(new S3Client({ region: 'eu-west-1' }).send(new HeadBucketCommand({ Bucket: 'acme-new' }))).rejects.toMatchObject({ name: 'PermanentRedirect', $response: { headers: { 'x-amz-bucket-region': REGION } } });
  });

  it('CreateBucket with CreateBucketConfiguration.Tags gives the new bucket that tag set', async () => {
    const { model } = install();
    const s3 = new S3Client({ region: REGION });
    await s3.send(new CreateBucketCommand({ Bucket: 'acme-tagged', CreateBucketConfiguration: { LocationConstraint: REGION, Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] } }));
    expect(model.s3.buckets['acme-tagged']!.tags).toEqual({ 'managed-by': 'daytona-preflight' });
  });

  it('CreateUser, PutUserPolicy and CreateAccessKey make a user the collector reads; the secret is marked as never to be printed', async () => {
    const { model } = install();
    const iam = new IAMClient({ region: REGION });
    await iam.send(new CreateUserCommand({ UserName: 'daytona-harbor-registry', Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] }));
    await expect(iam.send(new CreateUserCommand({ UserName: 'daytona-harbor-registry' }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
    const doc = { Version: '2012-10-17', Statement: [{ Sid: 'Bucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::acme-daytona-harbor' }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'daytona-harbor-registry', PolicyName: 'daytona-harbor-s3', PolicyDocument: JSON.stringify(doc) }));
    await expect(iam.send(new PutUserPolicyCommand({ UserName: 'daytona-harbor-registry', PolicyName: 'bad', PolicyDocument: '{not json' }))).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'daytona-harbor-registry' }));
    expect(key.AccessKey).toMatchObject({ UserName: 'daytona-harbor-registry', Status: 'Active', AccessKeyId: expect.stringMatching(/^AKIA[A-Z0-9]{16}$/), SecretAccessKey: expect.stringMatching(new RegExp(`^${FAKE_SECRET_PREFIX}`)) });
    expect(model.iam.users['daytona-harbor-registry']!.accessKeys.map((k) => k.id)).toEqual([key.AccessKey!.AccessKeyId]);
    const facts = await collectIamPrincipals(new AwsRuntime({ region: REGION }), { roles: [], users: ['daytona-harbor-registry'] });
    expect(facts.users!['daytona-harbor-registry']).toEqual({ value: expect.objectContaining({ tags: { 'managed-by': 'daytona-preflight' }, inline: [{ name: 'daytona-harbor-s3', document: doc }] }) });
  });

  it('AttachRolePolicy attaches an AWS-managed policy once (again is a no-op); an unknown policy is NoSuchEntity', async () => {
    const { model } = install((m) => {
      m.iam.roles['daytona-node-role']!.attached = m.iam.roles['daytona-node-role']!.attached.filter((a) => !a.includes('CNI'));
    });
    const iam = new IAMClient({ region: REGION });
    const cni = 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy';
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'daytona-node-role', PolicyArn: cni }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'daytona-node-role', PolicyArn: cni }));
    expect(model.iam.roles['daytona-node-role']!.attached.filter((a) => a === cni)).toHaveLength(1);
    await expect(iam.send(new AttachRolePolicyCommand({ RoleName: 'daytona-node-role', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(iam.send(new GetRoleCommand({ RoleName: 'nobody' }))).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
  });

  it('CreateRepository adds a repository at its full path; again is RepositoryAlreadyExistsException; a bad name is refused', async () => {
    const { model } = install();
    const ecr = new ECRClient({ region: REGION });
    const out = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'daytonaio/daytona-docs', imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: { encryptionType: 'AES256' }, tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] }));
    expect(out.repository).toMatchObject({ repositoryName: 'daytonaio/daytona-docs', repositoryUri: '444455556666.dkr.ecr.us-east-2.amazonaws.com/daytonaio/daytona-docs', imageScanningConfiguration: { scanOnPush: true } });
    expect(model.ecr.repositories.find((r) => r.name === 'daytonaio/daytona-docs')).toMatchObject({ images: [], tags: { 'managed-by': 'daytona-preflight' } });
    await expect(ecr.send(new CreateRepositoryCommand({ repositoryName: 'daytonaio/daytona-docs' }))).rejects.toMatchObject({ name: 'RepositoryAlreadyExistsException' });
    await expect(ecr.send(new CreateRepositoryCommand({ repositoryName: 'Daytona API' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('fake AWS: faults', () => {
  it('deny() answers in each service’s own shape, by operation or by IAM action, and never for GetCallerIdentity', async () => {
    const { fake } = install();
    fake.deny(['s3:ListBucket', 'ec2:Describe*', 'rds:*', 'sts:*']);
    await expect(new S3Client({ region: REGION }).send(new HeadBucketCommand({ Bucket: 'acme-daytona-harbor' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(ec2().send(new DescribeSubnetsCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    await expect(new RDSClient({ region: REGION }).send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(ec2().send(ingress5432('sg-0db0000000000001', 'sg-0cache000000001'))).resolves.toMatchObject({ Return: true });
    const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
    await expect(new STSClient({ region: REGION }).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: '444455556666' });
  });

  it('deny(…, { when }) denies one resource only: that role is an error naming iam:GetRole, the others are read', async () => {
    const { fake } = install();
    fake.deny('iam:GetRole', { when: (input) => input.RoleName === 'ebs-csi-role' });
    const facts = await collectIamPrincipals(new AwsRuntime({ region: REGION }), { roles: ['ebs-csi-role', 'daytona-node-role'], users: [] });
    expect(facts.roles!['ebs-csi-role']).toEqual({ error: { code: 'AccessDenied', message: 'not authorized to perform iam:GetRole', action: 'iam:GetRole' } });
    expect('value' in facts.roles!['daytona-node-role']!).toBe(true);
  });

  it('throttle() is retried as the SDK would: the answer reports its attempts; past maxAttempts the call fails', async () => {
    const { fake } = install(() => undefined, { latencyMs: 1 });
    fake.throttle('rds:DescribeDBInstances', { attempts: 2 });
    const ok = await new RDSClient({ region: REGION }).send(new DescribeDBInstancesCommand({}));
    expect(ok.$metadata.attempts).toBe(3);
    fake.throttle('rds:DescribeDBInstances', { attempts: 6 });
    await expect(new RDSClient({ region: REGION }).send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { attempts: 6 } });
    fake.throttle('ec2:DescribeSubnets', { sdkRetries: false });
    await expect(ec2().send(new DescribeSubnetsCommand({}))).rejects.toMatchObject({ name: 'RequestLimitExceeded', $metadata: { attempts: 1 } });
    expect(fake.calls.map((c) => `${c.operation} ${c.outcome} ${c.attempts}`)).toEqual(['rds:DescribeDBInstances ok 3', 'rds:DescribeDBInstances Throttling 6', 'ec2:DescribeSubnets RequestLimitExceeded 1']);
  });

  it('waits the latency asked for on every attempt', async () => {
    const { fake } = install(() => undefined, { latencyMs: 30 });
    await new RDSClient({ region: REGION }).send(new DescribeDBInstancesCommand({}));
    const [call] = fake.calls;
    expect(call!.end - call!.start).toBeGreaterThanOrEqual(29);
  });
});
