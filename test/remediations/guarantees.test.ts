/**
 * The remediation guarantees, tried where they are easiest to break: configuration that exists
 * already (a bucket S3 says it "created", a same-named user policy, a subnet tag someone set on
 * purpose) is never rewritten, narrowed or replaced, and an edited plan file cannot reorder the
 * plan or open a port to the whole internet in halves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import * as IamSdk from '@aws-sdk/client-iam';
import { writeFileSync } from 'node:fs';
import { s3Bucket } from '../../src/checks/s3/s3-bucket.js';
import { s3Credentials } from '../../src/checks/s3/s3-credentials.js';
import { s3PolicyScope } from '../../src/checks/s3/s3-policy-scope.js';
import { eksSubnetTags } from '../../src/checks/eks/eks-subnet-tags.js';
import { AwsRuntime, type ServiceName } from '../../src/inventory/aws/runtime.js';
import { ok } from '../../src/inventory/fact.js';
import type { PolicyDocument } from '../../src/inventory/types.js';
import { createRedactor } from '../../src/secrets/redact.js';
import { applyActions } from '../../src/remediations/apply.js';
import { registryPolicy } from '../../src/remediations/scope-bucket-access.js';
import { readPlanFile } from '../../src/remediations/plan-file.js';
import { digestOf } from '../../src/remediations/state.js';
import type { ApplyContext, PlannedAction } from '../../src/remediations/types.js';
import { awsError } from '../helpers/aws-mocks.js';
import { fixtureInventory, makeIntent, s3Intent } from '../helpers/intent.js';
import { planFor } from './support/plan.js';
import { expectPlanKeepsTheRules } from './support/rules.js';
import { memorySecretStore, NEW_KEY_ID, SECRET_CANARY } from './support/fake-writes.js';
import { tempPath } from './support/harness.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const meta = (requestId: string) => ({ $metadata: { httpStatusCode: 200, requestId } });
const TAG = { Key: 'managed-by', Value: 'daytona-preflight' };

function context(rt: AwsRuntime, store = memorySecretStore()): ApplyContext {
  return { rt, redactor: createRedactor({}), now: () => NOW, secrets: async () => store };
}

describe('create-bucket never configures a bucket that was there before', () => {
  /** S3 as it answers: in us-east-1 CreateBucket of a bucket you own is a 200 (legacy), elsewhere BucketAlreadyOwnedByYou. */
  function fakeS3(buckets: Record<string, { region: string; tags?: unknown; encryption?: unknown; publicAccessBlock?: unknown }>) {
    const sent: string[] = [];
    const factory = async (_service: ServiceName, config: { region: string }) => ({
      send: async (cmd: unknown) => {
        const op = (cmd as object).constructor.name.replace(/Command$/, '');
        const input = (cmd as { input: Record<string, unknown> }).input;
        const name = String(input.Bucket);
        sent.push(op);
        const b = buckets[name];
        switch (op) {
          case 'HeadBucket':
            if (!b) throw Object.assign(awsError('NotFound', 'Not Found', 404), { $metadata: { httpStatusCode: 404, requestId: 'req-head' } });
            return meta('req-head');
          case 'CreateBucket':
            if (b && config.region !== 'us-east-1') throw awsError('BucketAlreadyOwnedByYou', 'you already own it', 409);
            if (!b) buckets[name] = { region: config.region, tags: (input.CreateBucketConfiguration as { Tags?: unknown } | undefined)?.Tags };
            return meta('req-create');
          case 'PutPublicAccessBlock':
            buckets[name]!.publicAccessBlock = input.PublicAccessBlockConfiguration;
            return meta('req-pab');
          case 'PutBucketEncryption':
            buckets[name]!.encryption = input.ServerSideEncryptionConfiguration;
            return meta('req-enc');
          case 'PutBucketTagging':
            // Replaces the whole tag set, as S3 does.
            buckets[name]!.tags = (input.Tagging as { TagSet: unknown }).TagSet;
            return meta('req-tags');
        }
        throw new Error(`unexpected ${op}`);
      },
    });
    return { sent, rt: new AwsRuntime({ region: 'us-east-1' }, undefined, factory) };
  }

  it('tags the bucket in CreateBucket itself: PutBucketTagging replaces the whole tag set, so it is never sent', () => {
    const plan = planFor(s3Bucket, s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1' }]), fixtureInventory('s3', 'bucket-missing'));
    const calls = plan.actions[0]!.calls;
    expect(calls.map((c) => c.api)).not.toContain('s3:PutBucketTagging');
    expect(calls[0]).toMatchObject({ api: 's3:CreateBucket', params: { Bucket: 'daytona-registry', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1', Tags: [TAG] } } });
    expectPlanKeepsTheRules(plan.actions);
  });

  it('in us-east-1, where CreateBucket answers 200 for a bucket you own, leaves a bucket made since the facts were read as it is', async () => {
    const plan = planFor(s3Bucket, s3Intent([{ bucket: 'daytona-registry', region: 'us-east-1' }]), fixtureInventory('s3', 'bucket-missing'));
    expectPlanKeepsTheRules(plan.actions);
    // Someone created it with their own key and tags between the check and the apply.
    const theirs = { region: 'us-east-1', tags: [{ Key: 'team', Value: 'data' }], encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/k' } }] } };
    const buckets: Parameters<typeof fakeS3>[0] = { 'daytona-registry': structuredClone(theirs) };
    const { sent, rt } = fakeS3(buckets);
    const [o] = await applyActions(plan.actions, context(rt), { fixType: 'safe' });
    expect(o!.status).toBe('applied');
    expect(o!.notes.join('\n')).toContain('existed before this run: its settings were left as they are');
    expect(sent.filter((op) => op.startsWith('Put'))).toEqual([]);
    expect(buckets['daytona-registry']).toEqual(theirs);
  });

  it('in us-east-1, still creates, blocks, encrypts and tags a bucket that is really missing', async () => {
    const plan = planFor(s3Bucket, s3Intent([{ bucket: 'daytona-registry', region: 'us-east-1' }]), fixtureInventory('s3', 'bucket-missing'));
    const buckets: Parameters<typeof fakeS3>[0] = {};
    const { sent, rt } = fakeS3(buckets);
    const [o] = await applyActions(plan.actions, context(rt), { fixType: 'safe' });
    expect(o!.status).toBe('applied');
    expect(sent).toEqual(['HeadBucket', 'CreateBucket', 'PutPublicAccessBlock', 'PutBucketEncryption']);
    expect(buckets['daytona-registry']!.tags).toEqual([TAG]);
    expect(o!.requestIds).toEqual(['req-head', 'req-create', 'req-pab', 'req-enc']);
  });
});

describe('scope-bucket-access never narrows the registry user\'s policy', () => {
  const KEY = 'AKIAIOSFODNN7EXAMPLE';
  const USER_ARN = 'arn:aws:iam::111122223333:user/daytona-harbor-registry';
  const intent = () => s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: KEY }]);
  /** The registry user of an earlier install, for another bucket. */
  const otherBucket = (): PolicyDocument => registryPolicy('older-registry', 'aws');
  const withUser = (inline: { name: string; document: PolicyDocument }[]) => {
    const inv = fixtureInventory('remediations', 'registry-key-inactive');
    inv.iam!.users!['daytona-harbor-registry'] = ok({ kind: 'user', name: 'daytona-harbor-registry', arn: USER_ARN, attached: [], inline, groups: [] });
    return inv;
  };

  it('plans no PutUserPolicy over a same-named policy that grants more (another bucket): steps instead, and no key', () => {
    const plan = planFor(s3Credentials, intent(), withUser([{ name: 'daytona-harbor-s3', document: otherBucket() }]));
    expect(plan.actions.flatMap((a) => a.calls.map((c) => c.api))).toEqual([]);
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([['manual:s3-credentials:policy:daytona-harbor-registry', 'manual']]);
    expect(plan.actions[0]!.notes!.join('\n')).toContain('arn:aws:s3:::older-registry');
    expectPlanKeepsTheRules(plan.actions);
  });

  it('does not narrow a broader same-named policy to fix s3-policy-scope either', () => {
    const broad: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::daytona-registry', 'arn:aws:s3:::daytona-registry/*'] }] };
    const plan = planFor([s3Credentials, s3PolicyScope], intent(), withUser([{ name: 'daytona-harbor-s3', document: broad }]));
    expect(plan.actions.some((a) => a.calls.some((c) => c.api === 'iam:PutUserPolicy'))).toBe(false);
  });

  it('rewrites a same-named policy the new one only widens (the bucket now uses SSE-KMS), and treats a reordered copy as in place', () => {
    const inv = withUser([{ name: 'daytona-harbor-s3', document: registryPolicy('daytona-registry', 'aws') }]);
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    (inv.s3!.buckets['daytona-registry'] as { value: { encryption: unknown } }).value.encryption = ok({ algorithm: 'aws:kms', kmsKeyId: key });
    expect(planFor(s3Credentials, intent(), inv).actions.map((a) => a.id)).toContain('scope-bucket-access:policy:daytona-harbor-registry:daytona-registry');

    const reordered = registryPolicy('daytona-registry', 'aws');
    (reordered.Statement as { Action: string[] }[]).forEach((s) => s.Action.reverse());
    const same = planFor(s3Credentials, intent(), withUser([{ name: 'daytona-harbor-s3', document: reordered }]));
    expect(same.actions.map((a) => a.id)).toEqual(['scope-bucket-access:key:daytona-harbor-registry:daytona/harbor-s3-secret']);
  });

  describe('applying, when the registry user was not in the facts', () => {
    let iam: ReturnType<typeof mockClient>;
    beforeEach(() => {
      iam = mockClient(IamSdk.IAMClient);
      // It exists already (an earlier install): the facts only hold the owner of the values' key.
      iam.on(IamSdk.CreateUserCommand).rejects(awsError('EntityAlreadyExistsException', 'User with name daytona-harbor-registry already exists.', 409));
      iam.on(IamSdk.PutUserPolicyCommand).resolves(meta('req-put') as never);
      iam.on(IamSdk.CreateAccessKeyCommand).resolves({ AccessKey: { UserName: 'daytona-harbor-registry', AccessKeyId: NEW_KEY_ID, SecretAccessKey: SECRET_CANARY, Status: 'Active' }, ...meta('req-key') } as never);
    });
    afterEach(() => iam.restore());
    const plan = () => planFor(s3Credentials, intent(), fixtureInventory('remediations', 'registry-key-inactive')).actions;
    const answer = (doc: PolicyDocument) => iam.on(IamSdk.GetUserPolicyCommand).resolves({ UserName: 'daytona-harbor-registry', PolicyName: 'daytona-harbor-s3', PolicyDocument: encodeURIComponent(JSON.stringify(doc)), ...meta('req-get') } as never);

    it('reads the same-named policy first and never overwrites one that grants more: the policy fails, the key is not created', async () => {
      answer(otherBucket());
      const outcomes = await applyActions(plan(), context(new AwsRuntime({ region: 'eu-west-1' })), { fixType: 'risky' });
      expect(outcomes.map((o) => o.status)).toEqual(['applied', 'failed', 'skipped']);
      expect(outcomes[1]!.error).toContain('arn:aws:s3:::older-registry');
      expect(outcomes[1]!.requestIds).toEqual(['req-get']);
      expect(iam.commandCalls(IamSdk.PutUserPolicyCommand)).toHaveLength(0);
      expect(iam.commandCalls(IamSdk.CreateAccessKeyCommand)).toHaveLength(0);
    });

    it('counts the same policy already there as done, and puts it when there is none', async () => {
      answer(registryPolicy('daytona-registry', 'aws'));
      const same = await applyActions(plan(), context(new AwsRuntime({ region: 'eu-west-1' })), { fixType: 'risky' });
      expect(same.map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
      expect(iam.commandCalls(IamSdk.PutUserPolicyCommand)).toHaveLength(0);

      iam.on(IamSdk.GetUserPolicyCommand).rejects(awsError('NoSuchEntityException', 'The user policy with name daytona-harbor-s3 cannot be found.', 404));
      const none = await applyActions(plan(), context(new AwsRuntime({ region: 'eu-west-1' })), { fixType: 'risky' });
      expect(none.map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
      expect(iam.commandCalls(IamSdk.PutUserPolicyCommand)).toHaveLength(1);
    });
  });
});

describe('tag-subnets never replaces a tag value someone set', () => {
  it('leaves a subnet whose role tag says 0 (kept away from load balancers on purpose) to a person', () => {
    const inv = fixtureInventory('eks', 'subnets-untagged');
    const subnets = (inv.ec2!.subnets as { value: { id: string; tags: Record<string, string> }[] }).value;
    subnets.find((s) => s.id === 'subnet-priv-a')!.tags['kubernetes.io/role/internal-elb'] = '0';
    const plan = planFor(eksSubnetTags, makeIntent(), inv);
    const tagged = plan.actions.flatMap((a) => a.calls.flatMap((c) => c.params.Resources as string[]));
    expect(tagged).toEqual(['subnet-priv-b']);
    const manual = plan.actions.find((a) => a.safety === 'manual')!;
    expect(manual.notes!.join('\n')).toContain('subnet-priv-a');
    expectPlanKeepsTheRules(plan.actions);
  });
});

describe('plan files', () => {
  /** A plan as --plan-out writes it, then edited by hand (its facts and digest still agree). */
  const save = (actions: PlannedAction[]): string => {
    const file = tempPath('plan.json');
    const facts = { target: null };
    writeFileSync(file, JSON.stringify({ kind: 'daytona-preflight/plan', version: 1, createdAt: NOW.toISOString(), tool: { name: 'daytona-preflight', version: '0' }, target: {}, failOn: 'fail', digest: digestOf(facts), facts, actions }));
    return file;
  };
  const rule = (id: string, ranges: unknown[], dependsOn: string[] = []): PlannedAction => ({
    id,
    checkId: 'rds-port-5432',
    description: 'x',
    calls: [{ api: 'ec2:AuthorizeSecurityGroupIngress', iamAction: 'ec2:AuthorizeSecurityGroupIngress', target: 'sg-db', params: { GroupId: 'sg-db', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: ranges }] } }],
    safety: 'safe',
    remediation: 'authorize-sg-ingress',
    dependsOn,
  });

  it('refuses address ranges in a security-group rule: the whole internet in two halves is still the whole internet', () => {
    const file = save([rule('a', [{ CidrIp: '0.0.0.0/1' }, { CidrIp: '128.0.0.0/1' }])]);
    expect(() => readPlanFile(file)).toThrow(/never an address range/);
    const v6 = rule('a', []);
    (v6.calls[0]!.params.IpPermissions as Record<string, unknown>[])[0]!.Ipv6Ranges = [{ CidrIpv6: '::/1' }, { CidrIpv6: '8000::/1' }];
    expect(() => readPlanFile(save([v6]))).toThrow('names ::/1 (a group or prefix list, never an address range)');
  });

  it('refuses an action that comes before what it depends on', () => {
    const file = save([rule('b', [], ['a']), rule('a', [])]);
    expect(() => readPlanFile(file)).toThrow('depends on a, which does not come before it');
  });
});
