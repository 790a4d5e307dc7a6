/**
 * Broken accounts, fixed end to end through the CLI code path: `check --fix --yes` against a
 * stateful fake account leaves every check it applied a safe remediation for no longer failing on
 * re-check, and a second run plans nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mockAccount, typicalAccount, TYPICAL_VALUES, BUCKET, REGION, type AccountMocks, type FakeAccount } from '../helpers/aws-mocks.js';
import { validateReport } from '../../src/report/schema.js';
import type { Report } from '../../src/report/types.js';
import { copyImagesIn, memorySecretStore, mockWrites, type FakeWrites } from './support/fake-writes.js';
import { brokenBasics, DELETED_IMAGES, lockedEgress, noS3Route, riskyOnly, S3_ONLY_VALUES } from './support/broken.js';
import { runCheck, statusOf, valuesFile } from './support/harness.js';
import { expectPlanKeepsTheRules } from './support/rules.js';

let mocks: AccountMocks | undefined;
afterEach(() => {
  mocks?.restore();
  mocks = undefined;
});

function account(a: FakeAccount): FakeWrites {
  mocks = mockAccount(a);
  return mockWrites(a, mocks);
}

/** Checks that had only safe actions, all applied: none of them may still fail. */
function expectSafeFixesHold(report: Report, exceptions: string[] = []): void {
  const rem = report.remediation!;
  const byCheck = new Map<string, typeof rem.actions>();
  for (const a of rem.actions) byCheck.set(a.checkId, [...(byCheck.get(a.checkId) ?? []), a]);
  const fixed = [...byCheck.entries()].filter(([, actions]) => actions.every((a) => a.safety === 'safe' && a.status === 'applied')).map(([id]) => id);
  expect(fixed.length).toBeGreaterThan(0);
  for (const id of fixed.filter((x) => !exceptions.includes(x))) expect(statusOf(report, id), `${id} after --fix`).not.toBe('fail');
  expect(validateReport(report)).toEqual({ valid: true, errors: [] });
}

describe('scenarios: check --fix --yes on broken accounts', () => {
  it('bucket, database and cache rules, subnet tags, node role policy and ECR repositories: fixed; after copying the images in, a second run plans nothing', async () => {
    const a = brokenBasics();
    const writes = account(a);
    const first = await runCheck({ fix: true, yes: true });
    expectPlanKeepsTheRules(first.report.remediation!.actions);
    // Creating a repository does not fill it: ecr-repositories passes once the printed copy commands ran.
    expectSafeFixesHold(first.report, ['ecr-repositories']);
    expect(statusOf(first.report, 'ecr-repositories')).toBe('fail');
    copyImagesIn(a, DELETED_IMAGES);
    const count = writes.log.length;
    const second = await runCheck({ fix: true, yes: true });
    expect(second.report.remediation!.actions).toEqual([]);
    expect(writes.log).toHaveLength(count);
    expect(second.code).toBe(0);
  });

  it("nodes' groups that let nothing out: 5432, 6379 to the services' groups, 443 to the S3 prefix list and the ECR endpoints' group; a second run plans nothing", async () => {
    const a = lockedEgress();
    const writes = account(a);
    const first = await runCheck({ fix: true, yes: true });
    expectPlanKeepsTheRules(first.report.remediation!.actions);
    expectSafeFixesHold(first.report);
    const added = a.securityGroupRules.filter((r) => r.SecurityGroupRuleId?.startsWith('sgr-fake'));
    expect(added.every((r) => r.IsEgress && (r.PrefixListId || r.ReferencedGroupInfo?.GroupId) && !r.CidrIpv4)).toBe(true);
    expect(new Set(added.map((r) => r.PrefixListId ?? r.ReferencedGroupInfo?.GroupId))).toEqual(new Set(['sg-0rds', 'sg-0cache', 'pl-63a5400a', 'sg-0endpoints']));
    // Images from public registries still warn: 0.0.0.0/0 is a person's call, not the tool's.
    expect(statusOf(first.report, 'network-egress-443')).toBe('warn');
    const count = writes.log.length;
    const second = await runCheck({ fix: true, yes: true });
    expect(second.report.remediation!.actions).toEqual([]);
    expect(writes.log).toHaveLength(count);
    expect(second.code).toBe(0);
  });

  it('private node subnets without a way to S3: an S3 gateway endpoint on their route table; a second run plans nothing', async () => {
    const a = noS3Route();
    const writes = account(a);
    const values = valuesFile(S3_ONLY_VALUES);
    const first = await runCheck({ fix: true, yes: true, values: [values] });
    expect(first.report.remediation!.before!.statuses['network-s3-route']).toBe('fail');
    expectSafeFixesHold(first.report);
    expect(writes.log).toEqual(['ec2:CreateVpcEndpoint vpc-0a1b2c3d4e5f60001']);
    expect(a.routeTables.find((t) => t.RouteTableId === 'rtb-0main')!.Routes).toContainEqual(expect.objectContaining({ DestinationPrefixListId: 'pl-63a5400a', State: 'active' }));
    const second = await runCheck({ fix: true, yes: true, values: [values] });
    expect(second.report.remediation!.actions).toEqual([]);
    expect(second.code).toBe(0);
  });

  it('a fixed account plans nothing at all', async () => {
    const writes = account(typicalAccount());
    const r = await runCheck({ fix: true, yes: true });
    expect(r.report.remediation).toMatchObject({ mode: 'apply', actions: [] });
    expect(writes.log).toEqual([]);
    expect(r.stderr).toContain('Remediation plan: no finding to fix under the current --fail-on.');
    expect(r.code).toBe(0);
  });

  it('with --fix-type risky: the CNI policy, and the registry user with its key in a Secret; once the values use the Secret, a second run plans nothing', async () => {
    const { startFakeKube, secret, storageClass, ingressClass } = await import('../kube-fake/server.js');
    const kube = await startFakeKube({ objects: [storageClass('gp3', 'ebs.csi.aws.com', true), ingressClass('nginx', 'k8s.io/ingress-nginx')] });
    try {
      const a = riskyOnly();
      a.cluster.endpoint = kube.url;
      a.cluster.certificateAuthority = { data: kube.caData };
      const writes = account(a);
      const store = memorySecretStore();
      const kubeOpts = { kube: true, kubeconfig: kube.kubeconfig(), skip: ['values', 'eks-lb-controller', 'k8s-runner-nodes'] };
      const first = await runCheck({ fix: true, yes: true, fixType: 'risky', ...kubeOpts }, { secretStore: async () => store });
      expect(writes.log).toEqual([
        'iam:AttachRolePolicy daytona-node-role arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
        'iam:CreateUser daytona-harbor-registry',
        'iam:PutUserPolicy daytona-harbor-registry daytona-harbor-s3',
        'iam:CreateAccessKey daytona-harbor-registry',
      ]);
      expect(statusOf(first.report, 'iam-node-role')).toBe('pass');
      expect(a.users['daytona-harbor-registry']!.inline['daytona-harbor-s3']).toBeDefined();

      // The person follows the printed snippet: Harbor reads the key from the Secret the fix wrote.
      const stored = store.secrets.get('daytona/harbor-s3-secret')!;
      kube.update({ objects: [...kube.objects, secret('daytona', 'harbor-s3-secret', stored), secret('daytona', 'daytona-db', { 'database-password': 'x' }), secret('daytona', 'daytona-redis', { 'redis-password': 'x' }), secret('daytona', 'daytona.example.com-tls', { 'tls.crt': 'x', 'tls.key': 'x' }, 'kubernetes.io/tls')] });
      const switched = TYPICAL_VALUES.replace(/accesskey: \S+, secretkey: \S+ \}/, 'existingSecret: harbor-s3-secret }');
      expect(switched).toContain(`s3: { bucket: ${BUCKET}, region: ${REGION}, existingSecret: harbor-s3-secret }`);
      const count = writes.log.length;
      const second = await runCheck({ fix: true, yes: true, fixType: 'risky', values: [valuesFile(switched)], ...kubeOpts }, { secretStore: async () => store });
      expect(statusOf(second.report, 'k8s-secrets')).toBe('pass');
      expect(second.report.remediation!.actions).toEqual([]);
      expect(writes.log).toHaveLength(count);
    } finally {
      await kube.close();
    }
  });
});
