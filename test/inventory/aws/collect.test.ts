import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  type Cluster,
} from '@aws-sdk/client-eks';
import { DescribeLaunchTemplateVersionsCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, GetManagedPrefixListEntriesCommand, type Filter } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { collectInventory, KUBE_DISABLED_REASON, type CollectKube, type CollectOptions, type KubeCollectInput } from '../../../src/inventory/collect.js';
import { planCollection } from '../../../src/inventory/aws/plan.js';
import { NO_REGION_MESSAGE } from '../../../src/inventory/aws/credentials.js';
import { UsageError } from '../../../src/cli/errors.js';
import type { FactNeed } from '../../../src/engine/types.js';
import { isOk, ok } from '../../../src/inventory/fact.js';
import { buildValues } from '../../../src/values/load.js';
import { deriveIntent } from '../../../src/values/intent.js';
import {
  ACCOUNT,
  CLUSTER,
  REGION,
  TYPICAL_VALUES,
  VPC,
  accessDeniedException,
  arn,
  awsError,
  ec2Denied,
  mockAccount,
  never,
  typicalAccount,
  withSelfManagedNodes,
  type AccountMocks,
  type FakeAccount,
} from '../../helpers/aws-mocks.js';

const intentOf = (text = TYPICAL_VALUES) => deriveIntent(buildValues([{ path: 'values.yaml', text }], []), { release: 'daytona', namespace: 'daytona' });

/** Every AWS fact a check can ask for. */
const AWS_NEEDS: FactNeed[] = [
  'sts',
  'eks.cluster',
  'eks.versions',
  'eks.nodegroups',
  'eks.addons',
  'eks.podIdentity',
  'ec2.network',
  'ec2.routes',
  'ec2.nacls',
  'ec2.endpoints',
  'ec2.peering',
  'ec2.selfManagedNodes',
  'iam.clusterRole',
  'iam.nodeRoles',
  'iam.addonRoles',
  'iam.s3User',
  's3.buckets',
  'rds',
  'elasticache',
  'ecr',
];
const KUBE_NEEDS: FactNeed[] = ['kube.access', 'kube.lbController', 'kube.secrets', 'kube.storageClasses', 'kube.ingressClasses', 'kube.nodes', 'kube.csiDrivers'];

const LB_SA = 'kube-system/aws-load-balancer-controller';

/** Stands in for the in-cluster collector: the LB controller runs with an IRSA role. */
const fakeKube: CollectKube = async (input) => ({
  access: ok({ server: input.cluster && 'value' in input.cluster && input.cluster.value ? input.cluster.value.endpoint ?? '' : '', via: 'eks', matchesCluster: true, gitVersion: 'v1.31.4-eks-2d5f260' }),
  lbControllerDeployments: ok([{ namespace: 'kube-system', name: 'aws-load-balancer-controller', replicas: 2, availableReplicas: 2, serviceAccountName: 'aws-load-balancer-controller' }]),
  serviceAccounts: { [LB_SA]: ok({ namespace: 'kube-system', name: 'aws-load-balancer-controller', annotations: { 'eks.amazonaws.com/role-arn': arn('role', 'lb-controller-role') } }) },
  secrets: {},
  storageClasses: ok([{ name: 'gp3', provisioner: 'ebs.csi.aws.com', isDefault: true }]),
  ingressClasses: ok([{ name: 'nginx', controller: 'k8s.io/ingress-nginx', isDefault: true }]),
  nodes: ok([]),
  csiDrivers: ok(['ebs.csi.aws.com']),
});

let mocks: AccountMocks | undefined;
afterEach(() => {
  mocks?.restore();
  mocks = undefined;
  vi.unstubAllEnvs();
});

function account(edit: (a: FakeAccount) => void = () => undefined): AccountMocks {
  const a = typicalAccount();
  edit(a);
  mocks = mockAccount(a);
  return mocks;
}

function options(over: Partial<CollectOptions> = {}): CollectOptions {
  return { needs: new Set(AWS_NEEDS), intent: intentOf(), cluster: CLUSTER, region: REGION, kube: true, timeoutMs: 10_000, ...over };
}

const deps = { env: {}, loadKube: async () => fakeKube };

const filterValues = (input: { Filters?: Filter[] }, name: string): string[] => input.Filters?.find((f) => f.Name === name)?.Values ?? [];
const sum = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
/** The fact's value (not null): the test fails with the fact when it is an error or missing. */
const value = <T>(fact: { value: T } | { error: unknown } | undefined): NonNullable<T> => {
  if (!fact || !('value' in fact) || fact.value === null || fact.value === undefined) throw new Error(`expected a value, got ${JSON.stringify(fact)}`);
  return fact.value;
};

describe('a typical account (RDS, ElastiCache, Harbor on S3, ECR images, LB controller with IRSA)', () => {
  it('is collected in 58 calls, each resource read once', async () => {
    const m = account();
    const { inventory, apiCalls, apiRetries } = await collectInventory(options({ needs: new Set([...AWS_NEEDS, ...KUBE_NEEDS]) }), deps);

    expect(apiCalls).toEqual({
      'sts:GetCallerIdentity': 1,
      'eks:DescribeCluster': 1,
      'eks:DescribeClusterVersions': 1,
      'eks:ListNodegroups': 1,
      'eks:DescribeNodegroup': 2,
      'eks:ListAddons': 1,
      'eks:DescribeAddon': 2, // vpc-cni and aws-ebs-csi-driver; coredns and kube-proxy are not read by any check
      'eks:ListPodIdentityAssociations': 1,
      'ec2:DescribeLaunchTemplateVersions': 1,
      'ec2:DescribeInstances': 1,
      'ec2:DescribeSubnets': 1,
      'ec2:DescribeVpcs': 1,
      'ec2:DescribeSecurityGroups': 1,
      'ec2:DescribeSecurityGroupRules': 1,
      'ec2:DescribeRouteTables': 1,
      'ec2:DescribeNetworkAcls': 1,
      'ec2:DescribeVpcEndpoints': 1,
      'ec2:DescribeVpcPeeringConnections': 1,
      'ec2:DescribePrefixLists': 1,
      // cluster role, node role, EBS CSI role, LB controller role: 3 reads each; the LB policy is customer-managed.
      'iam:GetRole': 4,
      'iam:ListAttachedRolePolicies': 4,
      'iam:ListRolePolicies': 4,
      'iam:GetPolicy': 1,
      'iam:GetPolicyVersion': 1,
      'iam:GetAccessKeyLastUsed': 1,
      'iam:ListAccessKeys': 1,
      'iam:GetUser': 1,
      'iam:ListAttachedUserPolicies': 1,
      'iam:ListUserPolicies': 1,
      'iam:GetUserPolicy': 1,
      'iam:ListGroupsForUser': 1,
      's3:ListBucket': 1,
      's3:GetBucketPublicAccessBlock': 1,
      's3:GetEncryptionConfiguration': 1,
      'rds:DescribeDBInstances': 1,
      'rds:DescribeDBClusters': 1,
      'elasticache:DescribeReplicationGroups': 1,
      'elasticache:DescribeCacheClusters': 1,
      'elasticache:DescribeCacheSubnetGroups': 1,
      // no DescribeServerlessCaches: the Redis host is a node-based endpoint, not `.serverless.`
      'ecr:DescribeRepositories': 1,
      // one per repository: api, proxy, ssh-gateway, runner-manager, runner, busybox (two tags), dex
      'ecr:DescribeImages': 7,
    });
    expect(sum(apiCalls)).toBe(58);
    expect(apiRetries).toEqual({});
    // Every SDK command sent went through the runtime's ledger.
    expect(m.commandNames()).toHaveLength(58);

    // All security groups in one request: the nodes', the cluster's, the database's, the cache's, the endpoints'.
    const sgCall = m.ec2.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input;
    expect(filterValues(sgCall, 'group-id').sort()).toEqual(['sg-0cache', 'sg-0cluster', 'sg-0controlplane', 'sg-0endpoints', 'sg-0rds', 'sg-0runners']);
    // All subnets in one request: the cluster's, the node groups', the database's and cache's, the endpoints'.
    const subnetCall = m.ec2.commandCalls(DescribeSubnetsCommand)[0]!.args[0].input;
    expect(filterValues(subnetCall, 'subnet-id').sort()).toEqual(['subnet-0db00000a', 'subnet-0db00000b', 'subnet-0private0a', 'subnet-0private0b', 'subnet-0public00a']);
    // Only the roles the checks judge.
    expect(m.iam.commandCalls(GetRoleCommand).map((c) => c.args[0].input.RoleName).sort()).toEqual(['daytona-cluster-role', 'daytona-node-role', 'ebs-csi-role', 'lb-controller-role']);

    expect(value(inventory.target)).toEqual({ accountId: ACCOUNT, callerArn: `arn:aws:iam::${ACCOUNT}:user/preflight`, partition: 'aws', region: REGION });
    expect(value(inventory.eks?.cluster)).toMatchObject({ name: CLUSTER, vpcId: VPC, clusterSecurityGroupId: 'sg-0cluster' });
    expect(value(inventory.eks?.supportedVersions).map((v) => v.version)).toEqual(['1.33', '1.32', '1.31', '1.30']);
    const runners = value(inventory.eks?.nodegroups).find((n) => n.name === 'runners');
    expect(runners).toMatchObject({ launchTemplateSecurityGroupIds: ['sg-0runners'], launchTemplateRootVolumeGiB: 200, launchTemplateInstanceType: 'm5.4xlarge' });
    expect(value(inventory.eks?.addons).map((a) => a.name).sort()).toEqual(['aws-ebs-csi-driver', 'vpc-cni']);
    expect(value(inventory.eks?.podIdentityAssociations)).toEqual([]);
    expect(value(inventory.ec2?.securityGroups).map((g) => g.id).sort()).toEqual(['sg-0cache', 'sg-0cluster', 'sg-0controlplane', 'sg-0endpoints', 'sg-0rds', 'sg-0runners']);
    expect(value(inventory.ec2?.vpcs)).toEqual([{ id: VPC, cidrs: ['10.0.0.0/16'], ipv6Cidrs: [] }]);
    expect(value(inventory.ec2?.routeTables)).toHaveLength(2);
    expect(value(inventory.ec2?.networkAcls)).toHaveLength(1);
    expect(value(inventory.ec2?.vpcEndpoints).map((e) => e.id)).toEqual(['vpce-0s3gateway', 'vpce-0ecrapi']);
    expect(value(inventory.ec2?.peeringConnections)).toEqual([]);
    expect(value(inventory.ec2?.prefixLists).find((p) => p.name.endsWith('.s3'))?.id).toBe('pl-63a5400a');
    expect(value(inventory.ec2?.selfManagedNodes)).toEqual([]);
    expect(Object.keys(inventory.iam?.roles ?? {}).sort()).toEqual(['daytona-cluster-role', 'daytona-node-role', 'ebs-csi-role', 'lb-controller-role']);
    expect(value(inventory.iam?.roles?.['lb-controller-role']).attached[0]?.document).toBeDefined();
    expect(value(inventory.iam?.accessKeys?.AKIAIOSFODNN7EXAMPLE)).toMatchObject({ userName: 'harbor-registry', status: 'Active' });
    expect(value(inventory.iam?.users?.['harbor-registry']).inline.map((p) => p.name)).toEqual(['harbor-s3']);
    expect(value(inventory.s3?.buckets['daytona-harbor'])).toMatchObject({ region: REGION });
    expect(value(inventory.rds?.instances).map((i) => i.id)).toEqual(['daytona-db', 'reporting']);
    expect(value(inventory.elasticache?.replicationGroups).map((g) => g.id)).toEqual(['daytona-cache']);
    expect(Object.keys(inventory.ecr?.repositories ?? {})).toHaveLength(7);
    expect(value(inventory.kube?.access)).toMatchObject({ via: 'eks', matchesCluster: true });
  });

  it('is plain JSON: a snapshot round-trips it unchanged', async () => {
    account();
    const { inventory } = await collectInventory(options(), deps);
    expect(JSON.parse(JSON.stringify(inventory))).toEqual(inventory);
  });

  it('reads the entries of each customer prefix list a collected group names, once, but not those of the AWS service lists', async () => {
    const m = account((a) => {
      const plRule = (group: string, egress: boolean, port: number, list: string) =>
        ({ SecurityGroupRuleId: `sgr-pl-${group}-${list}`, GroupId: group, IsEgress: egress, IpProtocol: 'tcp', FromPort: port, ToPort: port, PrefixListId: list });
      a.securityGroupRules.push(plRule('sg-0rds', false, 5432, 'pl-0c0rp'), plRule('sg-0cache', false, 6379, 'pl-0c0rp'), plRule('sg-0runners', true, 443, 'pl-63a5400a'));
    });
    m.ec2.on(GetManagedPrefixListEntriesCommand).resolves({ Entries: [{ Cidr: '10.0.0.0/16' }] });
    const { inventory } = await collectInventory(options(), deps);
    expect(m.ec2.commandCalls(GetManagedPrefixListEntriesCommand).map((c) => c.args[0].input.PrefixListId)).toEqual(['pl-0c0rp']);
    expect(inventory.ec2?.prefixListEntries).toEqual({ 'pl-0c0rp': ok(['10.0.0.0/16']) });
  });

  it('calls whileWaiting once the first calls are sent and before any has answered: the fact-free checks run while AWS answers', async () => {
    const m = account();
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    m.sts.on(GetCallerIdentityCommand).callsFake(async () => {
      await held;
      return { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/preflight`, UserId: 'AIDAEXAMPLEUSERID0001' };
    });
    let calls = 0;
    const run = collectInventory(options({ whileWaiting: () => void calls++ }), deps);
    await vi.waitFor(() => expect(m.sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1));
    expect(calls).toBe(1);
    answer();
    await run;
    expect(calls).toBe(1);
  });

  it('lists IAM roles by name, whatever order their reads finish in, so two snapshots of one account read alike', async () => {
    const m = account();
    const answered: string[] = [];
    m.iam.on(GetRoleCommand).callsFake(async (input: { RoleName: string }) => {
      // The alphabetically first roles answer last.
      await new Promise((r) => setTimeout(r, input.RoleName.startsWith('daytona-') ? 30 : 0));
      answered.push(input.RoleName);
      return { Role: { RoleName: input.RoleName, Arn: arn('role', input.RoleName), Path: '/', RoleId: 'AROAEXAMPLE', CreateDate: new Date('2024-01-01T00:00:00Z') } };
    });
    const { inventory } = await collectInventory(options(), deps);
    const names = Object.keys(inventory.iam?.roles ?? {});
    expect(names.length).toBeGreaterThan(2);
    expect(answered).not.toEqual([...answered].sort());
    expect(names).toEqual([...names].sort());
  });

  it('starts each dependent read as soon as its input is known: the node role before the launch template answers', async () => {
    const m = account();
    let releaseTemplate: () => void = () => undefined;
    const templateAnswered = new Promise<void>((resolve) => (releaseTemplate = resolve));
    let roleAskedBeforeTemplate = false;
    const a = typicalAccount();
    m.ec2.on(DescribeLaunchTemplateVersionsCommand).callsFake(async () => {
      await templateAnswered;
      return { LaunchTemplateVersions: a.launchTemplateVersions };
    });
    const run = collectInventory(options({ needs: new Set<FactNeed>(['eks.nodegroups', 'ec2.network', 'iam.nodeRoles']) }), deps);
    await vi.waitFor(() => expect(m.iam.commandCalls(GetRoleCommand, { RoleName: 'daytona-node-role' })).toHaveLength(1));
    roleAskedBeforeTemplate = m.ec2.commandCalls(DescribeSecurityGroupsCommand).length === 0;
    releaseTemplate();
    const { inventory } = await run;
    expect(roleAskedBeforeTemplate).toBe(true);
    expect(value(inventory.iam?.roles?.['daytona-node-role']).name).toBe('daytona-node-role');
  });
});

describe('only what the checks need is collected', () => {
  it('an S3-only run reads the caller and the bucket, and needs no cluster', async () => {
    account();
    const { inventory, apiCalls } = await collectInventory(options({ needs: new Set<FactNeed>(['s3.buckets']), cluster: undefined }), deps);
    expect(apiCalls).toEqual({ 'sts:GetCallerIdentity': 1, 's3:ListBucket': 1, 's3:GetBucketPublicAccessBlock': 1, 's3:GetEncryptionConfiguration': 1 });
    expect(Object.keys(inventory).sort()).toEqual(['s3', 'target']);
  });

  it('the plan follows what a need cannot be answered without', () => {
    const intent = intentOf();
    const network = planCollection(new Set<FactNeed>(['ec2.network']), intent, { kube: true });
    expect(network).toMatchObject({ needsCluster: true, eks: { cluster: true, nodegroups: true, addons: false }, ec2: { network: true, selfManagedNodes: true, instanceProfileRoles: false, prefixLists: true } });
    const nodeRoles = planCollection(new Set<FactNeed>(['iam.nodeRoles']), intent, { kube: true });
    expect(nodeRoles).toMatchObject({ eks: { nodegroups: true }, ec2: { selfManagedNodes: true, instanceProfileRoles: true, network: false } });
    const s3User = planCollection(new Set<FactNeed>(['iam.s3User']), intent, { kube: true });
    expect(s3User).toMatchObject({ needsCluster: false, accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'], s3Buckets: [] });
    const ecr = planCollection(new Set<FactNeed>(['ecr']), intent, { kube: true });
    expect(ecr.ecr?.images).toContainEqual({ repository: 'library/busybox', tag: 'latest' });
    expect(ecr.ecr?.images.every((i) => !i.repository.startsWith('goharbor/'))).toBe(true);
    expect(planCollection(new Set<FactNeed>(['kube.nodes']), intent, { kube: false }).kube).toBe('disabled');
    // network-nacl reads the database and cache, but only external ones live in AWS.
    const internal = { ...intent, database: { ...intent.database, external: false }, redis: { ...intent.redis, external: false } };
    expect(planCollection(new Set<FactNeed>(['rds', 'elasticache']), internal, { kube: true })).toMatchObject({ rds: false, elasticache: false });
    expect(planCollection(new Set<FactNeed>(['rds', 'elasticache']), intent, { kube: true })).toMatchObject({ rds: true, elasticache: true });
    expect(planCollection(new Set<FactNeed>(['kube.nodes']), intent, { kube: true })).toMatchObject({ kube: 'collect', eks: { cluster: true } });
  });

  it('self-managed nodes bring their groups, subnets and instance-profile roles', async () => {
    const a = withSelfManagedNodes(typicalAccount());
    mocks = mockAccount(a);
    const { inventory, apiCalls } = await collectInventory(options(), deps);
    expect(value(inventory.ec2?.selfManagedNodes)).toEqual([expect.objectContaining({ id: 'i-0selfmanaged0001', roleArn: arn('role', 'self-managed-node-role'), rootVolumeGiB: 150 })]);
    expect(value(inventory.ec2?.securityGroups).map((g) => g.id)).toContain('sg-0selfmanaged');
    expect(value(inventory.iam?.roles?.['self-managed-node-role']).name).toBe('self-managed-node-role');
    expect(apiCalls['iam:GetInstanceProfile']).toBe(1);
    expect(apiCalls['ec2:DescribeVolumes']).toBe(1);
  });

  it('the EBS CSI and LB controller roles come from Pod Identity when that is how they are bound', async () => {
    const m = account((a) => {
      a.addons = a.addons.map((x) => ({ ...x, serviceAccountRoleArn: undefined }));
      a.podIdentityAssociations = [
        { associationId: 'a-ebs', clusterName: CLUSTER, namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', roleArn: arn('role', 'ebs-csi-role') },
        { associationId: 'a-lb', clusterName: CLUSTER, namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', roleArn: arn('role', 'lb-controller-role') },
        { associationId: 'a-app', clusterName: CLUSTER, namespace: 'apps', serviceAccount: 'billing', roleArn: arn('role', 'billing-role') },
      ];
    });
    const kubeWithoutIrsa: CollectKube = async (input) => ({ ...(await fakeKube(input)), serviceAccounts: {} });
    const { inventory } = await collectInventory(options({ needs: new Set<FactNeed>(['iam.addonRoles', 'kube.lbController']) }), { env: {}, loadKube: async () => kubeWithoutIrsa });
    expect(Object.keys(inventory.iam?.roles ?? {}).sort()).toEqual(['ebs-csi-role', 'lb-controller-role']);
    expect(m.iam.commandCalls(GetRoleCommand, { RoleName: 'billing-role' })).toHaveLength(0);
    // Only the associations of the service accounts the checks judge are described (one call each).
    expect(value(inventory.eks?.podIdentityAssociations).map((a) => a.associationId).sort()).toEqual(['a-ebs', 'a-lb']);
    expect(m.eks.commandCalls(DescribePodIdentityAssociationCommand, { associationId: 'a-app' })).toHaveLength(0);
  });

  it('an LB controller service account with another name is described once the cluster names it', async () => {
    const m = account((a) => {
      a.podIdentityAssociations = [
        { associationId: 'a-lb', clusterName: CLUSTER, namespace: 'ingress', serviceAccount: 'alb-sa', roleArn: arn('role', 'lb-controller-role') },
        { associationId: 'a-app', clusterName: CLUSTER, namespace: 'apps', serviceAccount: 'billing', roleArn: arn('role', 'billing-role') },
      ];
    });
    const customName: CollectKube = async (input) => ({
      ...(await fakeKube(input)),
      serviceAccounts: {},
      lbControllerDeployments: ok([{ namespace: 'ingress', name: 'alb', replicas: 1, availableReplicas: 1, serviceAccountName: 'alb-sa' }]),
    });
    const { inventory } = await collectInventory(options({ needs: new Set<FactNeed>(['iam.addonRoles', 'kube.lbController']) }), { env: {}, loadKube: async () => customName });
    expect(value(inventory.eks?.podIdentityAssociations).map((a) => a.associationId)).toEqual(['a-lb']);
    expect(inventory.iam?.roles?.['lb-controller-role']).toBeDefined();
    expect(m.eks.commandCalls(DescribePodIdentityAssociationCommand)).toHaveLength(1);
  });
});

describe('a run that cannot start is a usage error (exit 2)', () => {
  it('no credentials', async () => {
    const m = account();
    m.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const run = collectInventory(options(), deps);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/^no valid AWS credentials: CredentialsProviderError: Could not load credentials from any providers\. To fix: /);
  });

  it('no credentials, through the CLI: exit code 2 and one line on stderr, nothing on stdout', async () => {
    const m = account();
    m.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { main } = await import('../../../src/cli/main.js');
      const code = await main(['check', '--cluster', CLUSTER, '--region', REGION, '--only', 'eks-cluster', '--output', 'json']);
      expect(code).toBe(2);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/^daytona-preflight: no valid AWS credentials: CredentialsProviderError: .*\n$/);
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });

  it('expired or invalid credentials', async () => {
    const m = account();
    m.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired', 403));
    await expect(collectInventory(options({ profile: 'prod' }), deps)).rejects.toThrow(/no valid AWS credentials: ExpiredToken: .*aws sso login --profile prod/);
  });

  it('a caller identity that cannot be read for another reason', async () => {
    const m = account();
    m.sts.on(GetCallerIdentityCommand).rejects(awsError('UnknownError', 'connect ECONNREFUSED 127.0.0.1:4566', 500));
    await expect(collectInventory(options(), deps)).rejects.toThrow(/cannot read the caller identity \(sts:GetCallerIdentity failed: UnknownError/);
  });

  it('a cluster that does not exist, naming the clusters that do', async () => {
    account();
    await expect(collectInventory(options({ cluster: 'dayton' }), deps)).rejects.toThrow(new UsageError(`cluster dayton not found in ${REGION}; clusters here: daytona. Pass --cluster and --region for the cluster to check.`));
  });

  it('no cluster when a check needs one', async () => {
    account();
    await expect(collectInventory(options({ cluster: undefined }), deps)).rejects.toThrow(/^no EKS cluster to check: pass --cluster NAME \(no kubeconfig found\)$/);
  });

  it('no region anywhere', async () => {
    account();
    const dir = mkdtempSync(join(tmpdir(), 'dp-noregion-'));
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    await expect(collectInventory(options({ region: undefined }), deps)).rejects.toThrow(new UsageError(NO_REGION_MESSAGE));
  });
});

describe('the cluster from the kube context', () => {
  it('gives the cluster name and its region when neither --cluster nor --region is given', async () => {
    const m = account((a) => {
      a.cluster = { ...a.cluster, arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/${CLUSTER}` } as Cluster;
    });
    const dir = mkdtempSync(join(tmpdir(), 'dp-ctx-'));
    const ctx = `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/${CLUSTER}`;
    const kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: ${ctx}\ncontexts:\n- name: ${ctx}\n  context: {cluster: ${ctx}, user: ${ctx}}\nclusters:\n- name: ${ctx}\n  cluster: {server: 'https://X.gr7.eu-west-1.eks.amazonaws.com'}\nusers:\n- name: ${ctx}\n  user: {}\n`);
    const { inventory } = await collectInventory(options({ cluster: undefined, region: undefined, needs: new Set<FactNeed>(['eks.cluster']) }), { ...deps, env: { KUBECONFIG: kubeconfig } });
    expect(inventory.eks?.clusterName).toBe(CLUSTER);
    expect(value(inventory.target).region).toBe('eu-west-1');
    expect(m.eks.commandCalls(DescribeClusterCommand)[0]!.args[0].input).toEqual({ name: CLUSTER });
  });
});

describe('a failed read is a fact error naming the action; everything else is still collected', () => {
  it('DescribeNodegroup denied: the node groups are an error, the cluster, database and security groups are not', async () => {
    const m = account();
    m.eks.on(DescribeNodegroupCommand).rejects(accessDeniedException());
    const { inventory } = await collectInventory(options(), deps);
    expect(inventory.eks?.nodegroups).toEqual({ error: { code: 'AccessDenied', message: 'not authorized to perform eks:DescribeNodegroup', action: 'eks:DescribeNodegroup' } });
    expect(isOk(inventory.eks?.cluster)).toBe(true);
    expect(value(inventory.ec2?.securityGroups).map((g) => g.id)).toEqual(expect.arrayContaining(['sg-0cluster', 'sg-0rds', 'sg-0cache']));
    expect(isOk(inventory.rds?.instances)).toBe(true);
    expect(isOk(inventory.iam?.roles?.['daytona-cluster-role'])).toBe(true);
  });

  it('a launch template that cannot be read fails its node group (the nodes’ groups would be unknown)', async () => {
    const m = account();
    m.ec2.on(DescribeLaunchTemplateVersionsCommand).rejects(ec2Denied());
    const { inventory } = await collectInventory(options(), deps);
    expect(inventory.eks?.nodegroups).toMatchObject({ error: { code: 'AccessDenied', action: 'ec2:DescribeLaunchTemplateVersions', message: expect.stringMatching(/^node group runners \(its launch template\) not collected/) } });
  });

  it('DescribeCluster denied: the VPC-scoped facts say why they are missing, with the same action', async () => {
    const m = account();
    m.eks.on(DescribeClusterCommand).rejects(accessDeniedException());
    const { inventory } = await collectInventory(options(), deps);
    expect(inventory.eks?.cluster).toMatchObject({ error: { code: 'AccessDenied', action: 'eks:DescribeCluster' } });
    expect(inventory.ec2?.routeTables).toMatchObject({ error: { code: 'AccessDenied', action: 'eks:DescribeCluster', message: expect.stringMatching(/^route tables not collected/) } });
    expect(isOk(inventory.eks?.nodegroups)).toBe(true);
    expect(isOk(inventory.s3?.buckets['daytona-harbor'])).toBe(true);
  });

  it('derives the cluster VPC from its subnets when DescribeCluster leaves it out, reading each subnet once', async () => {
    const m = account((a) => {
      a.cluster = { ...a.cluster, resourcesVpcConfig: { ...a.cluster.resourcesVpcConfig, vpcId: undefined } };
    });
    const { inventory } = await collectInventory(options(), deps);
    expect(value(inventory.eks?.cluster).vpcId).toBe(VPC);
    const asked = m.ec2.commandCalls(DescribeSubnetsCommand).flatMap((c) => filterValues(c.args[0].input, 'subnet-id'));
    expect(asked.sort()).toEqual(['subnet-0db00000a', 'subnet-0db00000b', 'subnet-0private0a', 'subnet-0private0b', 'subnet-0public00a']);
    expect(value(inventory.ec2?.routeTables)).toHaveLength(2);
  });
});

describe('the deadline', () => {
  it('turns every call still running into a timeout fact, and the run ends on time', async () => {
    const m = account();
    m.ec2.on(DescribeRouteTablesCommand).callsFake(() => never());
    const started = Date.now();
    const { inventory, apiCalls } = await collectInventory(options({ timeoutMs: 300 }), deps);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(inventory.ec2?.routeTables).toEqual({ error: { code: 'timeout', message: 'ec2:DescribeRouteTables did not finish before the deadline', action: 'ec2:DescribeRouteTables' } });
    expect(isOk(inventory.ec2?.networkAcls)).toBe(true);
    expect(apiCalls['ec2:DescribeRouteTables']).toBe(1);
  });

  it('a caller identity that does not answer in time is a timeout fact, not a usage error', async () => {
    const m = account();
    m.sts.on(GetCallerIdentityCommand).callsFake(() => never());
    const { inventory } = await collectInventory(options({ timeoutMs: 200, needs: new Set<FactNeed>(['s3.buckets']) }), deps);
    expect(inventory.target).toMatchObject({ error: { code: 'timeout', action: 'sts:GetCallerIdentity' } });
  });

  it('bounds the in-cluster collector too', async () => {
    account();
    let signal: AbortSignal | undefined;
    const hanging: CollectKube = (input) => {
      signal = input.signal;
      return never();
    };
    const { inventory } = await collectInventory(options({ timeoutMs: 300, needs: new Set<FactNeed>(['kube.access', 'kube.secrets']) }), { env: {}, loadKube: async () => hanging });
    expect(inventory.kube?.access).toMatchObject({ error: { code: 'timeout' } });
    expect(inventory.kube?.secrets).toEqual({ 'daytona/daytona-db': expect.objectContaining({ error: expect.objectContaining({ code: 'timeout' }) }), 'daytona/daytona-redis': expect.anything(), 'daytona/daytona.example.com-tls': expect.anything() });
    expect(signal?.aborted).toBe(true);
  });
});

describe('the in-cluster part', () => {
  it('--no-kube: not collected, with the reason the checks report', async () => {
    account();
    const loadKube = vi.fn(async () => fakeKube);
    const { inventory } = await collectInventory(options({ kube: false, needs: new Set<FactNeed>(['eks.cluster', 'kube.access']) }), { env: {}, loadKube });
    expect(inventory.kube).toEqual({ disabled: KUBE_DISABLED_REASON });
    expect(loadKube).not.toHaveBeenCalled();
  });

  it('--no-kube with only in-cluster facts asked for: nothing is read, no credentials needed', async () => {
    const m = account();
    m.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const result = await collectInventory(options({ kube: false, cluster: undefined, region: undefined, needs: new Set<FactNeed>(['kube.access', 'kube.nodes']) }), deps);
    expect(result).toEqual({ inventory: { kube: { disabled: KUBE_DISABLED_REASON } }, apiCalls: {}, apiRetries: {} });
  });

  it('gets the cluster DescribeCluster answered, the region, the kubeconfig flags and the deadline', async () => {
    account();
    let seen: KubeCollectInput | undefined;
    const spy: CollectKube = async (input) => {
      seen = input;
      return fakeKube(input);
    };
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'dp-kc-')), 'config');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\n');
    await collectInventory(options({ needs: new Set<FactNeed>(['kube.access']), kubeconfig, context: 'ctx', profile: 'p' }), { env: {}, loadKube: async () => spy });
    expect(seen).toMatchObject({ clusterName: CLUSTER, region: REGION, kubeconfig, context: 'ctx', profile: 'p' });
    expect(value(seen!.cluster)).toMatchObject({ endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com', certificateAuthority: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==' });
    expect(seen!.signal).toBeInstanceOf(AbortSignal);
  });

  it('without the in-cluster collector in the build, the needed facts are errors (never a pass)', async () => {
    account();
    const { inventory } = await collectInventory(options({ needs: new Set<FactNeed>(['kube.access', 'kube.nodes']) }), { env: {}, loadKube: async () => undefined });
    expect(inventory.kube).toEqual({
      access: { error: { code: 'NotAvailable', message: 'the in-cluster collector is not part of this build' } },
      nodes: { error: { code: 'NotAvailable', message: 'the in-cluster collector is not part of this build' } },
    });
  });

  it('an in-cluster collector that throws leaves errors, not a crash', async () => {
    account();
    const broken: CollectKube = async () => {
      throw new Error('boom');
    };
    const { inventory } = await collectInventory(options({ needs: new Set<FactNeed>(['kube.storageClasses']) }), { env: {}, loadKube: async () => broken });
    expect(inventory.kube).toEqual({ storageClasses: { error: { code: 'KubeCollectorError', message: 'boom' } } });
  });
});

describe('progress', () => {
  it('tells what is being read (for the TTY spinner)', async () => {
    account();
    const messages: string[] = [];
    await collectInventory(options({ onProgress: (m) => messages.push(m) }), deps);
    expect(messages[0]).toBe(`reading AWS (${REGION}) for cluster ${CLUSTER}`);
    expect(messages).toContain(`describing EKS cluster ${CLUSTER}`);
    expect(messages).toContain('reading security groups');
  });
});
