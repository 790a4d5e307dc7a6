import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildPolicy, COLLECTOR_ACTIONS, policyActions, readActions } from '../../src/permissions/policy.js';
import { permissionsCommand } from '../../src/cli/permissions-command.js';
import { collectInventory, type CollectKube } from '../../src/inventory/collect.js';
import type { FactNeed } from '../../src/engine/types.js';
import { ok } from '../../src/inventory/fact.js';
import { buildValues } from '../../src/values/load.js';
import { deriveIntent } from '../../src/values/intent.js';
import { ACCOUNT, CLUSTER, REGION, TYPICAL_VALUES, arn, mockAccount, typicalAccount, withSelfManagedNodes, type AccountMocks } from '../helpers/aws-mocks.js';

const ALL_NEEDS: FactNeed[] = [
  'sts', 'eks.cluster', 'eks.versions', 'eks.nodegroups', 'eks.addons', 'eks.podIdentity', 'ec2.network', 'ec2.routes', 'ec2.nacls', 'ec2.endpoints', 'ec2.peering',
  'ec2.selfManagedNodes', 'iam.clusterRole', 'iam.nodeRoles', 'iam.addonRoles', 'iam.s3User', 's3.buckets', 'rds', 'elasticache', 'ecr', 'kube.lbController',
];

describe('the IAM policy the tool needs', () => {
  it('is one read-only statement per service, every action sorted, Resource "*"', () => {
    const policy = buildPolicy();
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'DaytonaPreflightReadEC2',
      'DaytonaPreflightReadECR',
      'DaytonaPreflightReadEKS',
      'DaytonaPreflightReadElastiCache',
      'DaytonaPreflightReadIAM',
      'DaytonaPreflightReadRDS',
      'DaytonaPreflightReadS3',
      'DaytonaPreflightReadSTS',
    ]);
    for (const s of policy.Statement) {
      expect(s).toMatchObject({ Effect: 'Allow', Resource: '*' });
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(s.Action).toEqual([...s.Action].sort((a, b) => a.localeCompare(b)));
      const service = s.Action[0]!.split(':')[0];
      expect(s.Action.every((a) => a.startsWith(`${service}:`))).toBe(true);
    }
    // A read-only policy: no verb that changes anything.
    expect(readActions().filter((a) => !/:(Describe|List|Get)/.test(a))).toEqual([]);
  });

  it('is the union of what every collector declares, nothing kept by hand', () => {
    const declared = new Set(Object.values(COLLECTOR_ACTIONS).flat());
    expect(new Set(readActions())).toEqual(declared);
    // The role behind an instance profile is an IAM read the EC2 collector makes.
    expect(buildPolicy().Statement.find((s) => s.Sid === 'DaytonaPreflightReadIAM')?.Action).toContain('iam:GetInstanceProfile');
  });

  it('adds the remediations write actions in statements of their own with --fix', () => {
    const policy = buildPolicy({ writeActions: ['ec2:AuthorizeSecurityGroupIngress', 's3:CreateBucket', 'ec2:DescribeSubnets', 'ec2:CreateTags'] });
    const fix = policy.Statement.filter((s) => s.Sid.startsWith('DaytonaPreflightFix'));
    expect(fix).toEqual([
      { Sid: 'DaytonaPreflightFixEC2', Effect: 'Allow', Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:CreateTags'], Resource: '*' },
      { Sid: 'DaytonaPreflightFixS3', Effect: 'Allow', Action: ['s3:CreateBucket'], Resource: '*' },
    ]);
    expect(() => buildPolicy({ writeActions: ['not an action'] })).toThrow(/not an IAM action/);
  });
});

describe('coverage: every call a collection makes is in the policy', () => {
  let mocks: AccountMocks | undefined;
  afterEach(() => mocks?.restore());

  it('a full collection of an account with every kind of resource sends only allowed actions', async () => {
    const account = withSelfManagedNodes(typicalAccount());
    account.podIdentityAssociations = [{ associationId: 'a-ebs', clusterName: CLUSTER, namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', roleArn: arn('role', 'ebs-csi-role') }];
    // Cross-account registry: repository policies are read too.
    mocks = mockAccount(account);
    const values = TYPICAL_VALUES.replace(`${ACCOUNT}.dkr.ecr`, '210987654321.dkr.ecr');
    const intent = deriveIntent(buildValues([{ path: 'values.yaml', text: values }], []), { release: 'daytona', namespace: 'daytona' });
    const kube: CollectKube = async () => ({
      lbControllerDeployments: ok([{ namespace: 'kube-system', name: 'aws-load-balancer-controller', replicas: 1, availableReplicas: 1, serviceAccountName: 'aws-load-balancer-controller' }]),
      serviceAccounts: { 'kube-system/aws-load-balancer-controller': ok({ namespace: 'kube-system', name: 'aws-load-balancer-controller', annotations: { 'eks.amazonaws.com/role-arn': arn('role', 'lb-controller-role') } }) },
    });
    const { apiCalls } = await collectInventory({ needs: new Set(ALL_NEEDS), intent, cluster: CLUSTER, region: REGION, kube: true, timeoutMs: 10_000 }, { env: {}, loadKube: async () => kube });

    const allowed = policyActions(buildPolicy());
    const called = Object.keys(apiCalls);
    expect(called.filter((a) => !allowed.has(a))).toEqual([]);
    // The run touched every service, and the mock saw exactly the calls the ledger counted.
    expect(new Set(called.map((a) => a.split(':')[0]))).toEqual(new Set(['sts', 'eks', 'ec2', 'iam', 's3', 'rds', 'elasticache', 'ecr']));
    expect(mocks.commandNames()).toHaveLength(Object.values(apiCalls).reduce((a, b) => a + b, 0));
    expect(called).toEqual(expect.arrayContaining(['iam:GetInstanceProfile', 'ec2:DescribeVolumes', 'eks:DescribePodIdentityAssociation', 'ecr:GetRepositoryPolicy', 'iam:GetPolicyVersion']));
  });
});

describe('daytona-preflight permissions', () => {
  const run = async (fix: boolean, deps: Parameters<typeof permissionsCommand>[1] = {}) => {
    let out = '';
    let err = '';
    const code = await permissionsCommand({ fix }, { stdout: (t) => (out += t), stderr: (t) => (err += t), loadClusterRoleYaml: async () => undefined, loadRemediationActions: async () => undefined, ...deps });
    return { code, out, err };
  };

  it('prints exactly the policy JSON on stdout (ready for aws iam create-policy), notes as YAML comments on stderr', async () => {
    const { code, out, err } = await run(false);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(buildPolicy());
    expect(err).toMatch(/^# The in-cluster checks need read access to the Kubernetes API/);
    expect(err.split('\n').filter(Boolean).every((l) => l.startsWith('#'))).toBe(true);
  });

  it('prints the in-cluster ClusterRole when the build has one, as valid YAML on stderr', async () => {
    const clusterRole = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: daytona-preflight\nrules:\n- apiGroups: [""]\n  resources: [secrets]\n  verbs: [get, list]\n';
    const { out, err } = await run(false, { loadClusterRoleYaml: async () => clusterRole });
    expect(JSON.parse(out)).toEqual(buildPolicy());
    expect(parseYaml(err)).toMatchObject({ kind: 'ClusterRole', rules: [{ resources: ['secrets'] }] });
  });

  it('--fix adds the write actions the remediations declare', async () => {
    const { out } = await run(true, { loadRemediationActions: async () => ['ec2:AuthorizeSecurityGroupIngress', 'iam:AttachRolePolicy'] });
    expect(JSON.parse(out)).toEqual(buildPolicy({ writeActions: ['ec2:AuthorizeSecurityGroupIngress', 'iam:AttachRolePolicy'] }));
  });

  it('--fix without remediations in the build prints the read-only policy and says so', async () => {
    const { out, err } = await run(true);
    expect(JSON.parse(out)).toEqual(buildPolicy());
    expect(err).toMatch(/--fix: this build declares no remediation write actions/);
  });

  it('goes through the CLI entry point', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { main } = await import('../../src/cli/main.js');
      expect(await main(['permissions'])).toBe(0);
      const printed = JSON.parse(stdout.mock.calls.map((c) => String(c[0])).join(''));
      expect(printed.Statement.filter((s: { Sid: string }) => s.Sid.startsWith('DaytonaPreflightRead'))).toEqual(buildPolicy().Statement);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
