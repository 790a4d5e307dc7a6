import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import * as Ec2Sdk from '@aws-sdk/client-ec2';
import * as IamSdk from '@aws-sdk/client-iam';
import * as S3Sdk from '@aws-sdk/client-s3';
import * as EcrSdk from '@aws-sdk/client-ecr';
import { rdsPort5432 } from '../../src/checks/rds/rds-port-5432.js';
import { s3Bucket } from '../../src/checks/s3/s3-bucket.js';
import { s3Credentials } from '../../src/checks/s3/s3-credentials.js';
import { ecrRepositories } from '../../src/checks/ecr/ecr-repositories.js';
import { iamNodeRole } from '../../src/checks/iam/iam-node-role.js';
import { eksSubnetTags } from '../../src/checks/eks/eks-subnet-tags.js';
import { networkS3Route } from '../../src/checks/network/network-s3-route.js';
import { AwsRuntime, type ClientConfig, type ServiceName } from '../../src/inventory/aws/runtime.js';
import { ok } from '../../src/inventory/fact.js';
import { createRedactor } from '../../src/secrets/redact.js';
import { applyActions } from '../../src/remediations/apply.js';
import type { ApplyContext, PlannedAction, SecretStore } from '../../src/remediations/types.js';
import { awsError } from '../helpers/aws-mocks.js';
import { ecrIntent, fixtureInventory, makeIntent, s3Intent } from '../helpers/intent.js';
import { dbIntent } from '../checks/rds/intents.js';
import { planFor } from './support/plan.js';
import { memorySecretStore, NEW_KEY_ID, SECRET_CANARY } from './support/fake-writes.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const meta = (requestId: string) => ({ $metadata: { httpStatusCode: 200, requestId } });

const stubs = () => ({ ec2: mockClient(Ec2Sdk.EC2Client), iam: mockClient(IamSdk.IAMClient), s3: mockClient(S3Sdk.S3Client), ecr: mockClient(EcrSdk.ECRClient) });
let ec2: ReturnType<typeof stubs>['ec2'];
let iam: ReturnType<typeof stubs>['iam'];
let s3: ReturnType<typeof stubs>['s3'];
let ecr: ReturnType<typeof stubs>['ecr'];

beforeEach(() => {
  ({ ec2, iam, s3, ecr } = stubs());
});
afterEach(() => [ec2, iam, s3, ecr].forEach((m) => m.restore()));

function context(store: SecretStore | { unavailable: string } = { unavailable: 'no cluster in this test' }, rt = new AwsRuntime({ region: 'eu-west-1' })): ApplyContext & { rt: AwsRuntime } {
  return { rt, redactor: createRedactor({}), now: () => NOW, secrets: async () => store };
}

/** The inputs of every call of one command, in order. */
const inputs = (stub: { calls(): { args: unknown[] }[] }, command: abstract new (...args: never[]) => unknown): unknown[] =>
  stub
    .calls()
    .map((c) => c.args[0])
    .filter((cmd) => cmd instanceof command)
    .map((cmd) => (cmd as { input: unknown }).input);

describe('applying', () => {
  it('sends AuthorizeSecurityGroupIngress exactly as planned, recording the request id and the time', async () => {
    ec2.on(Ec2Sdk.AuthorizeSecurityGroupIngressCommand).resolves({ Return: true, ...meta('req-ingress-1') } as never);
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'sg-without-5432'));
    const ctx = context();
    const [o] = await applyActions(plan.actions, ctx, { fixType: 'safe' });
    expect(o).toMatchObject({ status: 'applied', requestIds: ['req-ingress-1'], at: NOW.toISOString() });
    expect(inputs(ec2, Ec2Sdk.AuthorizeSecurityGroupIngressCommand)).toEqual([plan.actions[0]!.calls[0]!.params]);
    expect(ctx.rt.calls).toEqual({ 'ec2:AuthorizeSecurityGroupIngress': 1 });
  });

  it('counts a rule that is already there (InvalidPermission.Duplicate) as success', async () => {
    ec2.on(Ec2Sdk.AuthorizeSecurityGroupIngressCommand).rejects(awsError('InvalidPermission.Duplicate', 'the specified rule already exists'));
    const plan = planFor(rdsPort5432, dbIntent(), fixtureInventory('rds', 'sg-without-5432'));
    const [o] = await applyActions(plan.actions, context(), { fixType: 'safe' });
    expect(o!.status).toBe('applied');
    expect(o!.notes).toEqual(['ec2:AuthorizeSecurityGroupIngress sg-db: already there']);
  });

  it('creates the bucket tagged, then blocks public access and encrypts it, each call as planned, to the bucket region', async () => {
    const sent: { service: ServiceName; region: string; op: string; input: unknown }[] = [];
    const factory = async (service: ServiceName, config: ClientConfig) => ({
      send: async (cmd: unknown) => {
        sent.push({ service, region: config.region, op: (cmd as object).constructor.name, input: (cmd as { input: unknown }).input });
        return meta(`req-${sent.length}`);
      },
    });
    const rt = new AwsRuntime({ region: 'us-east-1' }, undefined, factory);
    const plan = planFor(s3Bucket, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]), fixtureInventory('s3', 'bucket-missing'));
    const [o] = await applyActions(plan.actions, context(undefined, rt), { fixType: 'safe' });
    expect(o).toMatchObject({ status: 'applied', requestIds: ['req-1', 'req-2', 'req-3'] });
    expect(sent.map((s) => [s.service, s.region, s.op])).toEqual([
      ['s3', 'eu-west-1', 'CreateBucketCommand'],
      ['s3', 'eu-west-1', 'PutPublicAccessBlockCommand'],
      ['s3', 'eu-west-1', 'PutBucketEncryptionCommand'],
    ]);
    expect(sent.map((s) => s.input)).toEqual(plan.actions[0]!.calls.map((c) => c.params));
    // Counted under the IAM action each call needs.
    expect(rt.calls).toEqual({ 's3:CreateBucket': 1, 's3:PutBucketPublicAccessBlock': 1, 's3:PutEncryptionConfiguration': 1 });
  });

  it('leaves a bucket that turns out to exist already (BucketAlreadyOwnedByYou) as it is: success, no settings changed', async () => {
    s3.on(S3Sdk.CreateBucketCommand).rejects(awsError('BucketAlreadyOwnedByYou', 'you already own it', 409));
    const plan = planFor(s3Bucket, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]), fixtureInventory('s3', 'bucket-missing'));
    const [o] = await applyActions(plan.actions, context(), { fixType: 'safe' });
    expect(o!.status).toBe('applied');
    expect(s3.commandCalls(S3Sdk.PutPublicAccessBlockCommand)).toHaveLength(0);
    expect(o!.notes.join('\n')).toContain('existed before this run: its settings were left as they are');
  });

  it('fails the bucket when the name belongs to someone else (BucketAlreadyExists), naming the IAM action', async () => {
    s3.on(S3Sdk.CreateBucketCommand).rejects(awsError('BucketAlreadyExists', 'The requested bucket name is not available.', 409));
    const plan = planFor(s3Bucket, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]), fixtureInventory('s3', 'bucket-missing'));
    const [o] = await applyActions(plan.actions, context(), { fixType: 'safe' });
    expect(o).toMatchObject({ status: 'failed', error: 'BucketAlreadyExists on s3:CreateBucket (arn:aws:s3:::daytona-registry): The requested bucket name is not available.', at: NOW.toISOString() });
  });

  it('creates ECR repositories in the registry region, an existing one (RepositoryAlreadyExistsException) counting as success', async () => {
    ecr.on(EcrSdk.CreateRepositoryCommand, { repositoryName: 'daytonaio/daytona-api' }).resolves(meta('req-ecr-1') as never);
    ecr.on(EcrSdk.CreateRepositoryCommand, { repositoryName: 'daytonaio/daytona-proxy' }).rejects(awsError('RepositoryAlreadyExistsException', 'already exists'));
    const plan = planFor(ecrRepositories, ecrIntent(), fixtureInventory('ecr', 'pathless-repos'));
    const outcomes = await applyActions(plan.actions, context(), { fixType: 'safe' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(inputs(ecr, EcrSdk.CreateRepositoryCommand)).toEqual(plan.actions.map((a) => a.calls[0]!.params));
  });

  it('attaches the managed policy to the node role', async () => {
    iam.on(IamSdk.AttachRolePolicyCommand).resolves(meta('req-attach') as never);
    const plan = planFor(iamNodeRole, ecrIntent(), fixtureInventory('iam', 'node-role-missing-ecr'));
    await applyActions(plan.actions, context(), { fixType: 'safe' });
    expect(inputs(iam, IamSdk.AttachRolePolicyCommand)).toEqual([{ RoleName: 'daytona-node', PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' }]);
  });

  it('tags the subnets in one CreateTags call', async () => {
    ec2.on(Ec2Sdk.CreateTagsCommand).resolves(meta('req-tags') as never);
    const plan = planFor(eksSubnetTags, makeIntent(), fixtureInventory('eks', 'subnets-untagged'));
    await applyActions(plan.actions, context(), { fixType: 'safe' });
    expect(inputs(ec2, Ec2Sdk.CreateTagsCommand)).toEqual([{ Resources: ['subnet-priv-a', 'subnet-priv-b'], Tags: [{ Key: 'kubernetes.io/role/internal-elb', Value: '1' }] }]);
  });

  it('creates the S3 gateway endpoint; a route already there (RouteAlreadyExists) counts as success', async () => {
    ec2.on(Ec2Sdk.CreateVpcEndpointCommand).rejects(awsError('RouteAlreadyExists', 'route table rtb-private already has a route with destination-prefix-list-id pl-6da54004'));
    const plan = planFor(networkS3Route, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]), fixtureInventory('network', 'private-no-endpoints'));
    const [o] = await applyActions(plan.actions, context(), { fixType: 'safe' });
    expect(o!.status).toBe('applied');
    expect(inputs(ec2, Ec2Sdk.CreateVpcEndpointCommand)).toEqual([plan.actions[0]!.calls[0]!.params]);
  });

  it('skips the actions that depend on a failed one, goes on with the independent ones, and reports all', async () => {
    const inv = fixtureInventory('remediations', 'registry-key-inactive');
    inv.s3!.buckets['daytona-registry'] = ok(null);
    const intent = s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }]);
    const plan = planFor([s3Bucket, s3Credentials, eksSubnetTags], { ...intent, sshGateway: makeIntent().sshGateway }, { ...inv, ec2: fixtureInventory('eks', 'subnets-untagged').ec2 });
    s3.on(S3Sdk.CreateBucketCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    iam.on(IamSdk.CreateUserCommand).resolves(meta('req-user') as never);
    ec2.on(Ec2Sdk.CreateTagsCommand).resolves(meta('req-tags') as never);
    const outcomes = await applyActions(plan.actions, context(memorySecretStore()), { fixType: 'risky' });
    const byId = Object.fromEntries(outcomes.map((o) => [o.action.id, o]));
    expect(byId['create-bucket:daytona-registry']).toMatchObject({ status: 'failed', error: 'AccessDenied on s3:CreateBucket (arn:aws:s3:::daytona-registry): not authorized to perform s3:CreateBucket' });
    expect(byId['scope-bucket-access:user:daytona-harbor-registry']!.status).toBe('applied');
    expect(byId['scope-bucket-access:policy:daytona-harbor-registry:daytona-registry']).toMatchObject({ status: 'skipped', notes: ['not applied: depends on create-bucket:daytona-registry (failed)'] });
    expect(byId['scope-bucket-access:key:daytona-harbor-registry:daytona/harbor-s3-secret']).toMatchObject({ status: 'skipped' });
    expect(byId['scope-bucket-access:key:daytona-harbor-registry:daytona/harbor-s3-secret']!.notes[0]).toContain('scope-bucket-access:policy:daytona-harbor-registry:daytona-registry (skipped)');
    expect(Object.values(byId).filter((o) => o.action.remediation === 'tag-subnets').map((o) => o.status)).toEqual(['applied']);
    expect(iam.commandCalls(IamSdk.PutUserPolicyCommand)).toHaveLength(0);
    expect(iam.commandCalls(IamSdk.CreateAccessKeyCommand)).toHaveLength(0);
  });

  it('runs risky actions only with --fix-type risky, and manual ones never', async () => {
    const plan = planFor(s3Credentials, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }]), fixtureInventory('remediations', 'registry-key-inactive'));
    const manual: PlannedAction = { id: 'manual:x', checkId: 'x', description: 'by hand', calls: [], safety: 'manual', remediation: 'manual', dependsOn: [], notes: ['step'] };
    const outcomes = await applyActions([...plan.actions, manual], context(memorySecretStore()), { fixType: 'safe' });
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped', 'planned']);
    expect(outcomes[0]!.notes).toEqual(['not applied: risky actions run only with --fix-type risky']);
    expect(iam.calls()).toHaveLength(0);
  });
});

describe('applying scope-bucket-access', () => {
  const plan = () => planFor(s3Credentials, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }]), fixtureInventory('remediations', 'registry-key-inactive')).actions;
  const answerIam = () => {
    iam.on(IamSdk.CreateUserCommand).rejects(awsError('EntityAlreadyExistsException', 'User with name daytona-harbor-registry already exists.', 409));
    iam.on(IamSdk.GetUserPolicyCommand).rejects(awsError('NoSuchEntityException', 'The user policy with name daytona-harbor-s3 cannot be found.', 404));
    iam.on(IamSdk.PutUserPolicyCommand).resolves(meta('req-policy') as never);
    iam.on(IamSdk.CreateAccessKeyCommand).resolves({ AccessKey: { UserName: 'daytona-harbor-registry', AccessKeyId: NEW_KEY_ID, SecretAccessKey: SECRET_CANARY, Status: 'Active' }, ...meta('req-key') } as never);
  };

  it('reuses an existing user (EntityAlreadyExists), puts the policy, and stores the new key only in the Secret', async () => {
    answerIam();
    const store = memorySecretStore();
    const ctx = context(store);
    const outcomes = await applyActions(plan(), ctx, { fixType: 'risky' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
    expect(inputs(iam, IamSdk.GetUserPolicyCommand)).toEqual([plan()[1]!.calls[0]!.params]);
    expect(inputs(iam, IamSdk.PutUserPolicyCommand)).toEqual([plan()[1]!.calls[1]!.params]);
    expect(inputs(iam, IamSdk.CreateAccessKeyCommand)).toEqual([{ UserName: 'daytona-harbor-registry' }]);
    expect(store.secrets.get('daytona/harbor-s3-secret')).toEqual({ REGISTRY_STORAGE_S3_ACCESSKEY: NEW_KEY_ID, REGISTRY_STORAGE_S3_SECRETKEY: SECRET_CANARY });
    // The redactor knew the secret the moment it was read: nothing after can print it.
    expect(ctx.redactor.text(`x ${SECRET_CANARY} ${NEW_KEY_ID}`)).toBe('x [REDACTED] [REDACTED]');
    expect(JSON.stringify(outcomes)).not.toContain(SECRET_CANARY);
    expect(outcomes[2]!.notes).toEqual(['access key AKIA…0001 stored in Secret daytona/harbor-s3-secret through https://fake-cluster (test)']);
    expect(outcomes[2]!.requestIds).toEqual(['req-key']);
  });

  it('creates no key without cluster access or when the namespace is missing (failed, saying so)', async () => {
    answerIam();
    const cases: [SecretStore | { unavailable: string }, string][] = [
      [{ unavailable: 'there is no cluster access (Unauthorized)' }, 'no access key was created: there is no cluster access (Unauthorized)'],
      [memorySecretStore({ namespaces: [] }), 'no access key was created: namespace daytona does not exist'],
    ];
    for (const [store, error] of cases) {
      const outcomes = await applyActions(plan(), context(store), { fixType: 'risky' });
      expect(outcomes[2]!.status).toBe('failed');
      expect(outcomes[2]!.error).toContain(error);
    }
    expect(iam.commandCalls(IamSdk.CreateAccessKeyCommand)).toHaveLength(0);
  });

  it('leaves an existing Secret alone and creates no key: already there counts as done, never replaced', async () => {
    answerIam();
    const existing = memorySecretStore();
    await existing.create('daytona', 'harbor-s3-secret', { a: 'b' }, {});
    const outcomes = await applyActions(plan(), context(existing), { fixType: 'risky' });
    expect(outcomes[2]).toMatchObject({ status: 'applied', notes: ['Secret daytona/harbor-s3-secret already exists: it was not replaced, and no new access key was created'] });
    expect(iam.commandCalls(IamSdk.CreateAccessKeyCommand)).toHaveLength(0);
    expect(existing.secrets.get('daytona/harbor-s3-secret')).toEqual({ a: 'b' });
  });

  it('never deletes: a key it could not store is reported, masked, with how to remove it', async () => {
    answerIam();
    const ctx = context(memorySecretStore({ failCreate: 'secrets is forbidden: User "ops" cannot create resource "secrets"' }));
    const outcomes = await applyActions(plan(), ctx, { fixType: 'risky' });
    expect(outcomes[2]!.status).toBe('failed');
    expect(outcomes[2]!.error).toBe(
      'could not store the key in Secret daytona/harbor-s3-secret (secrets is forbidden: User "ops" cannot create resource "secrets"); the new key AKIA…0001 of user daytona-harbor-registry was created but not stored; its secret was never written anywhere, so the key is unusable: remove it with aws iam delete-access-key --user-name daytona-harbor-registry --access-key-id <its id from aws iam list-access-keys --user-name daytona-harbor-registry>',
    );
    expect(iam.commandCalls(IamSdk.DeleteAccessKeyCommand)).toHaveLength(0);
    expect(JSON.stringify(outcomes)).not.toContain(NEW_KEY_ID);
    expect(JSON.stringify(outcomes)).not.toContain(SECRET_CANARY);
  });
});
