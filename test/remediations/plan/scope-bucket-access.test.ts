import { describe, expect, it } from 'vitest';
import { s3Credentials } from '../../../src/checks/s3/s3-credentials.js';
import { s3PolicyScope } from '../../../src/checks/s3/s3-policy-scope.js';
import { k8sSecrets } from '../../../src/checks/k8s/k8s-secrets.js';
import { failed, ok } from '../../../src/inventory/fact.js';
import { registryPolicy } from '../../../src/remediations/scope-bucket-access.js';
import { fixtureInventory, s3Intent } from '../../helpers/intent.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const intent = (existingSecret?: string) => s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: KEY, ...(existingSecret ? { existingSecret } : {}) }]);
const inventory = () => fixtureInventory('remediations', 'registry-key-inactive');
const USER_ARN = 'arn:aws:iam::111122223333:user/daytona-harbor-registry';

describe('scope-bucket-access (planning)', () => {
  it('plans user, least-privilege policy and key-in-Secret, in that order, all risky', () => {
    const plan = planFor(s3Credentials, intent(), inventory());
    expect(plan.statuses['s3-credentials']).toBe('fail');
    expect(plan.actions.map((a) => [a.id, a.safety, a.dependsOn])).toEqual([
      ['scope-bucket-access:user:daytona-harbor-registry', 'risky', []],
      ['scope-bucket-access:policy:daytona-harbor-registry:daytona-registry', 'risky', ['scope-bucket-access:user:daytona-harbor-registry']],
      ['scope-bucket-access:key:daytona-harbor-registry:daytona/harbor-s3-secret', 'risky', ['scope-bucket-access:policy:daytona-harbor-registry:daytona-registry']],
    ]);
    const [user, policy, key] = plan.actions;
    expect(user!.calls).toEqual([{ api: 'iam:CreateUser', iamAction: 'iam:CreateUser', target: USER_ARN, params: { UserName: 'daytona-harbor-registry', Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] } }]);
    // The facts do not show the user: its same-named policy is read before one is written.
    expect(policy!.calls.map((c) => [c.api, c.probe ?? false])).toEqual([
      ['iam:GetUserPolicy', true],
      ['iam:PutUserPolicy', false],
    ]);
    expect(policy!.calls[0]!.params).toEqual({ UserName: 'daytona-harbor-registry', PolicyName: 'daytona-harbor-s3' });
    expect(policy!.calls[1]!.params).toEqual({ UserName: 'daytona-harbor-registry', PolicyName: 'daytona-harbor-s3', PolicyDocument: JSON.stringify(registryPolicy('daytona-registry', 'aws')) });
    expect(key!.calls.map((c) => [c.api, c.target])).toEqual([
      ['iam:CreateAccessKey', USER_ARN],
      ['kubernetes:CreateSecret', 'daytona/harbor-s3-secret'],
    ]);
    expect(key!.calls[1]!.params).toEqual({ namespace: 'daytona', name: 'harbor-s3-secret', type: 'Opaque', keys: ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'], labels: { 'managed-by': 'daytona-preflight', 'app.kubernetes.io/managed-by': 'daytona-preflight' } });
    expect(key!.notes!.join('\n')).toContain('existingSecret: harbor-s3-secret');
    expectPlanKeepsTheRules(plan.actions);
  });

  it('grants exactly the eight registry actions on exactly the bucket and its objects', () => {
    expect(registryPolicy('daytona-registry', 'aws-cn')).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'RegistryBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'], Resource: 'arn:aws-cn:s3:::daytona-registry' },
        { Sid: 'RegistryObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], Resource: 'arn:aws-cn:s3:::daytona-registry/*' },
      ],
    });
  });

  it("adds the bucket's KMS key (decrypt, generate data key) when the bucket uses SSE-KMS", () => {
    const inv = inventory();
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    (inv.s3!.buckets['daytona-registry'] as { value: { encryption: unknown } }).value.encryption = ok({ algorithm: 'aws:kms', kmsKeyId: key });
    const plan = planFor(s3Credentials, intent(), inv);
    const doc = JSON.parse(String(plan.actions[1]!.calls.at(-1)!.params.PolicyDocument)) as { Statement: { Action: string[]; Resource: string }[] };
    expect(doc.Statement[2]).toEqual({ Sid: 'RegistryBucketKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: key });
  });

  it('uses the Secret the values name in existingSecret', () => {
    const plan = planFor(s3Credentials, intent('registry-creds'), inventory());
    expect(plan.actions.at(-1)!.id).toBe('scope-bucket-access:key:daytona-harbor-registry:daytona/registry-creds');
  });

  it('stops before the key without cluster access (--no-kube): the key step is printed, never automated', () => {
    const inv = inventory();
    inv.kube = { disabled: 'in-cluster checks disabled by --no-kube' };
    const plan = planFor(s3Credentials, intent(), inv);
    const last = plan.actions.at(-1)!;
    expect(last).toMatchObject({ id: 'manual:s3-credentials:key:daytona/harbor-s3-secret', safety: 'manual', calls: [] });
    expect(last.notes![0]).toContain('No access key was created: in-cluster checks disabled by --no-kube');
    expect(plan.actions.some((a) => a.calls.some((c) => c.api === 'iam:CreateAccessKey'))).toBe(false);
  });

  it('stops before the key when the kube context reaches another cluster, or the API cannot be used', () => {
    const other = inventory();
    other.kube!.access = ok({ server: 'https://other.example', via: 'kubeconfig', context: 'other', matchesCluster: false });
    expect(planFor(s3Credentials, intent(), other).actions.at(-1)!.notes![0]).toContain('reaches https://other.example, not this cluster');
    const denied = inventory();
    denied.kube!.access = failed({ code: 'Unauthorized', message: 'the API server rejected the credentials' });
    expect(planFor(s3Credentials, intent(), denied).actions.at(-1)!.safety).toBe('manual');
  });

  it('reuses the registry user and skips a policy already in place: only the key is left', () => {
    const inv = inventory();
    inv.iam!.users!['daytona-harbor-registry'] = ok({ kind: 'user', name: 'daytona-harbor-registry', arn: USER_ARN, attached: [], inline: [{ name: 'daytona-harbor-s3', document: registryPolicy('daytona-registry', 'aws') }], groups: [] });
    const plan = planFor(s3Credentials, intent(), inv);
    expect(plan.actions.map((a) => [a.id, a.dependsOn])).toEqual([['scope-bucket-access:key:daytona-harbor-registry:daytona/harbor-s3-secret', []]]);
  });

  it('plans for s3-policy-scope when the user lacks registry actions, once even when s3-credentials fails too', () => {
    const plan = planFor([s3Credentials, s3PolicyScope], intent(), inventory());
    expect(plan.statuses).toEqual({ 's3-credentials': 'fail', 's3-policy-scope': 'fail' });
    expect(plan.actions.map((a) => a.checkId)).toEqual(['s3-credentials', 's3-credentials', 's3-credentials']);
  });

  it('fills the Secret Harbor names in existingSecret when k8s-secrets finds it missing', () => {
    const secretIntent = s3Intent([{ bucket: 'daytona-registry', region: 'eu-west-1', existingSecret: 'harbor-s3-secret' }], {
      secrets: [{ name: 'harbor-s3-secret', namespace: 'daytona', keys: ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'], path: 'harbor.persistence.imageChartStorage.s3.existingSecret', purpose: 'S3 keys of the Harbor registry' }],
    });
    const inv = inventory();
    inv.kube!.secrets = { 'daytona/harbor-s3-secret': ok(null) };
    const plan = planFor(k8sSecrets, secretIntent, inv);
    expect(plan.statuses['k8s-secrets']).toBe('fail');
    expect(plan.actions.map((a) => a.id)).toEqual([
      'scope-bucket-access:user:daytona-harbor-registry',
      'scope-bucket-access:policy:daytona-harbor-registry:daytona-registry',
      'scope-bucket-access:key:daytona-harbor-registry:daytona/harbor-s3-secret',
    ]);
    // Another missing Secret (the database password) is a person's to create: nothing automated.
    inv.kube!.secrets = { 'daytona/harbor-s3-secret': ok({ name: 'harbor-s3-secret', keys: ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'] }), 'daytona/daytona-db': ok(null) };
    const db = planFor(k8sSecrets, { ...secretIntent, secrets: [...secretIntent.secrets, { name: 'daytona-db', namespace: 'daytona', keys: ['database-password'], path: 'externalDatabase.existingSecret', purpose: 'database password' }] }, inv);
    expect(db.actions.map((a) => [a.id, a.safety])).toEqual([['manual:k8s-secrets', 'manual']]);
  });

  it('plans nothing for the API\'s own S3 settings, which read no Secret: a manual step instead', () => {
    const api = s3Intent([{ use: 'api', bucket: 'daytona-registry', region: 'eu-west-1', accessKeyId: KEY }]);
    const plan = planFor(s3Credentials, api, inventory());
    expect(plan.actions.map((a) => [a.id, a.safety])).toEqual([['manual:s3-credentials', 'manual']]);
  });
});
