import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListAddonsCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  ACTIONS,
  collectAddons,
  describePodIdentityAssociations,
  listPodIdentityAssociations,
  describeCluster,
  describeClusterVersions,
  describeNodegroup,
  listClusters,
  listNodegroups,
} from '../../../src/inventory/aws/eks.js';
import { accessDeniedException, awsError, paged, testRuntime, typicalAccount } from '../../helpers/aws-mocks.js';

let eks: ReturnType<typeof mockClient>;
beforeEach(() => {
  eks = mockClient(EKSClient);
});
afterEach(() => eks.restore());

describe('DescribeCluster', () => {
  it('trims the cluster to what the checks read: VPC, subnets, security groups, role, endpoint, CA', async () => {
    eks.on(DescribeClusterCommand, { name: 'daytona' }).resolves({ cluster: typicalAccount().cluster });
    const fact = await describeCluster(testRuntime(), 'daytona');
    expect(fact).toEqual({
      value: {
        name: 'daytona',
        arn: 'arn:aws:eks:us-east-1:123456789012:cluster/daytona',
        status: 'ACTIVE',
        version: '1.31',
        platformVersion: 'eks.12',
        roleArn: 'arn:aws:iam::123456789012:role/daytona-cluster-role',
        endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
        certificateAuthority: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==',
        vpcId: 'vpc-0a1b2c3d4e5f60001',
        subnetIds: ['subnet-0private0a', 'subnet-0private0b', 'subnet-0public00a'],
        clusterSecurityGroupId: 'sg-0cluster',
        securityGroupIds: ['sg-0controlplane'],
        ipFamily: 'ipv4',
        autoMode: { compute: false, loadBalancing: false, blockStorage: false },
        tags: { team: 'platform' },
      },
    });
  });

  it('reads EKS Auto Mode from computeConfig, elasticLoadBalancing and blockStorage', async () => {
    eks.on(DescribeClusterCommand).resolves({
      cluster: {
        ...typicalAccount().cluster,
        computeConfig: { enabled: true, nodePools: ['general-purpose'] },
        kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
        storageConfig: { blockStorage: { enabled: true } },
      },
    });
    const fact = await describeCluster(testRuntime(), 'daytona');
    expect('value' in fact && fact.value?.autoMode).toEqual({ compute: true, loadBalancing: true, blockStorage: true });
  });

  it('leaves vpcId empty when the API omits it, for the collector to derive from the subnets', async () => {
    const cluster = typicalAccount().cluster;
    eks.on(DescribeClusterCommand).resolves({ cluster: { ...cluster, resourcesVpcConfig: { ...cluster.resourcesVpcConfig, vpcId: undefined } } });
    const fact = await describeCluster(testRuntime(), 'daytona');
    expect('value' in fact && fact.value?.vpcId).toBe('');
  });

  it('is null when the cluster does not exist (ResourceNotFoundException)', async () => {
    eks.on(DescribeClusterCommand).rejects(awsError('ResourceNotFoundException', 'No cluster found for name: nope.', 404));
    expect(await describeCluster(testRuntime(), 'nope')).toEqual({ value: null });
  });

  it('is an error naming eks:DescribeCluster when denied', async () => {
    eks.on(DescribeClusterCommand).rejects(accessDeniedException());
    expect(await describeCluster(testRuntime(), 'daytona')).toEqual({ error: { code: 'AccessDenied', message: 'not authorized to perform eks:DescribeCluster', action: 'eks:DescribeCluster' } });
  });
});

describe('ListClusters', () => {
  it('follows nextToken across pages', async () => {
    eks.on(ListClustersCommand).callsFake(paged([{ clusters: ['a', 'b'] }, { clusters: ['c'] }], 'nextToken'));
    const rt = testRuntime();
    expect(await listClusters(rt)).toEqual({ value: ['a', 'b', 'c'] });
    expect(rt.calls['eks:ListClusters']).toBe(2);
  });
});

describe('DescribeClusterVersions', () => {
  it('lists every supported version across pages, with status and support dates', async () => {
    const versions = typicalAccount().clusterVersions;
    eks.on(DescribeClusterVersionsCommand).callsFake(paged([{ clusterVersions: versions.slice(0, 2) }, { clusterVersions: versions.slice(2) }], 'nextToken'));
    const rt = testRuntime();
    const fact = await describeClusterVersions(rt);
    expect(fact).toEqual({
      value: [
        { version: '1.33', status: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2026-07-29T00:00:00.000Z' },
        { version: '1.32', status: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2026-03-23T00:00:00.000Z' },
        { version: '1.31', status: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2025-11-26T00:00:00.000Z' },
        // The deprecated lower-case `status` is read when versionStatus is absent.
        { version: '1.30', status: 'EXTENDED_SUPPORT', endOfExtendedSupportDate: '2026-07-23T00:00:00.000Z' },
      ],
    });
    expect(rt.calls['eks:DescribeClusterVersions']).toBe(2);
    expect(eks.commandCalls(DescribeClusterVersionsCommand)[0]!.args[0].input).toEqual({ nextToken: undefined });
  });

  it('is an error naming eks:DescribeClusterVersions when denied (the checks fall back to a built-in table)', async () => {
    eks.on(DescribeClusterVersionsCommand).rejects(accessDeniedException());
    expect(await describeClusterVersions(testRuntime())).toMatchObject({ error: { code: 'AccessDenied', action: 'eks:DescribeClusterVersions' } });
  });
});

describe('node groups', () => {
  it('lists names across pages', async () => {
    eks.on(ListNodegroupsCommand, { clusterName: 'daytona' }).callsFake(paged([{ nodegroups: ['system'] }, { nodegroups: ['runners'] }], 'nextToken'));
    expect(await listNodegroups(testRuntime(), 'daytona')).toEqual({ value: ['system', 'runners'] });
  });

  it('describes a group: role, subnets, labels, taints, scaling, launch template, remote-access group', async () => {
    const runners = typicalAccount().nodegroups[1]!;
    eks.on(DescribeNodegroupCommand, { clusterName: 'daytona', nodegroupName: 'runners' }).resolves({
      nodegroup: { ...runners, resources: { remoteAccessSecurityGroup: 'sg-0remote', autoScalingGroups: [{ name: 'eks-runners' }] } },
    });
    expect(await describeNodegroup(testRuntime(), 'daytona', 'runners')).toEqual({
      value: {
        name: 'runners',
        arn: 'arn:aws:eks:us-east-1:123456789012:nodegroup/daytona/runners/2',
        status: 'ACTIVE',
        nodeRoleArn: 'arn:aws:iam::123456789012:role/daytona-node-role',
        subnetIds: ['subnet-0private0a'],
        instanceTypes: [],
        amiType: 'CUSTOM',
        labels: { 'daytona-sandbox-c': 'true' },
        taints: [{ key: 'sandbox', value: 'true', effect: 'NO_SCHEDULE' }],
        scaling: { min: 1, max: 3, desired: 1 },
        launchTemplate: { id: 'lt-0runners0000001', name: 'runners', version: '3' },
        remoteAccessSecurityGroupId: 'sg-0remote',
      },
    });
  });

  it('keeps the disk size of a group without a launch template', async () => {
    eks.on(DescribeNodegroupCommand).resolves({ nodegroup: typicalAccount().nodegroups[0] });
    const fact = await describeNodegroup(testRuntime(), 'daytona', 'system');
    expect('value' in fact && fact.value.diskSizeGiB).toBe(50);
    expect('value' in fact && fact.value.instanceTypes).toEqual(['m5.large']);
  });

  it('is an error naming eks:DescribeNodegroup when denied', async () => {
    eks.on(DescribeNodegroupCommand).rejects(accessDeniedException());
    expect(await describeNodegroup(testRuntime(), 'daytona', 'system')).toMatchObject({ error: { code: 'AccessDenied', action: 'eks:DescribeNodegroup' } });
  });
});

describe('add-ons', () => {
  it('lists them across pages and describes only the ones the checks read (status, version, service-account role)', async () => {
    const addons = typicalAccount().addons;
    eks.on(ListAddonsCommand).callsFake(paged([{ addons: ['vpc-cni', 'coredns'] }, { addons: ['kube-proxy', 'aws-ebs-csi-driver'] }], 'nextToken'));
    eks.on(DescribeAddonCommand).callsFake(async (input: { addonName: string }) => ({ addon: addons.find((a) => a.addonName === input.addonName) }));
    const rt = testRuntime();
    const fact = await collectAddons(rt, 'daytona');
    expect(fact).toEqual({
      value: [
        { name: 'vpc-cni', version: 'v1.19.2-eksbuild.1', status: 'ACTIVE' },
        { name: 'aws-ebs-csi-driver', version: 'v1.38.1-eksbuild.1', status: 'ACTIVE', serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/ebs-csi-role' },
      ],
    });
    // coredns and kube-proxy are listed but no check reads them: not described.
    expect(rt.calls).toEqual({ 'eks:ListAddons': 2, 'eks:DescribeAddon': 2 });
  });

  it('fails as a whole when one add-on cannot be described (a partial list could hide the EBS CSI driver)', async () => {
    eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni', 'aws-ebs-csi-driver'] });
    eks.on(DescribeAddonCommand, { addonName: 'vpc-cni' }).resolves({ addon: { addonName: 'vpc-cni', status: 'ACTIVE' } });
    eks.on(DescribeAddonCommand, { addonName: 'aws-ebs-csi-driver' }).rejects(accessDeniedException());
    expect(await collectAddons(testRuntime(), 'daytona')).toMatchObject({ error: { code: 'AccessDenied', action: 'eks:DescribeAddon' } });
  });

  it('leaves out an add-on deleted between ListAddons and DescribeAddon (ResourceNotFoundException), not an error', async () => {
    eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni', 'aws-ebs-csi-driver'] });
    eks.on(DescribeAddonCommand, { addonName: 'vpc-cni' }).resolves({ addon: { addonName: 'vpc-cni', clusterName: 'daytona', status: 'ACTIVE', addonVersion: 'v1.19.2-eksbuild.1' } });
    eks.on(DescribeAddonCommand, { addonName: 'aws-ebs-csi-driver' }).rejects(awsError('ResourceNotFoundException', 'No addon: aws-ebs-csi-driver found in cluster: daytona', 404));
    expect(await collectAddons(testRuntime(), 'daytona')).toEqual({ value: [{ name: 'vpc-cni', version: 'v1.19.2-eksbuild.1', status: 'ACTIVE' }] });
  });
});

describe('Pod Identity associations', () => {
  it('lists every page of associations, without their roles', async () => {
    eks.on(ListPodIdentityAssociationsCommand).callsFake(
      paged(
        [
          { associations: [{ clusterName: 'daytona', namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', associationId: 'a-1' }] },
          { associations: [{ clusterName: 'daytona', namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', associationId: 'a-2' }] },
        ],
        'nextToken',
      ),
    );
    expect(await listPodIdentityAssociations(testRuntime(), 'daytona')).toEqual({
      value: [
        { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', associationId: 'a-1' },
        { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', associationId: 'a-2' },
      ],
    });
  });

  it('keeps the target role of an association that chains roles (the pods get its credentials)', async () => {
    eks.on(DescribePodIdentityAssociationCommand).resolves({
      association: { associationId: 'a-2', roleArn: 'arn:aws:iam::123456789012:role/hop', targetRoleArn: 'arn:aws:iam::123456789012:role/lb-target', namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' },
    });
    expect(await describePodIdentityAssociations(testRuntime(), 'daytona', [{ namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', associationId: 'a-2' }])).toEqual({
      value: [{ namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', roleArn: 'arn:aws:iam::123456789012:role/hop', targetRoleArn: 'arn:aws:iam::123456789012:role/lb-target', associationId: 'a-2' }],
    });
  });

  it("keeps an association's session policy, and fails closed when it is not JSON", async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] };
    const summary = [{ namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', associationId: 'a-3' }];
    eks.on(DescribePodIdentityAssociationCommand).resolves({ association: { associationId: 'a-3', roleArn: 'arn:aws:iam::123456789012:role/lb', policy: JSON.stringify(policy), namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' } });
    expect(await describePodIdentityAssociations(testRuntime(), 'daytona', summary)).toMatchObject({ value: [{ sessionPolicy: policy }] });
    eks.on(DescribePodIdentityAssociationCommand).resolves({ association: { associationId: 'a-3', roleArn: 'arn:aws:iam::123456789012:role/lb', policy: '{not json', namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' } });
    expect(await describePodIdentityAssociations(testRuntime(), 'daytona', summary)).toMatchObject({ error: { code: 'InvalidPolicy', action: 'eks:DescribePodIdentityAssociation' } });
  });

  it('describes exactly the associations asked for, since the list omits the role', async () => {
    eks.on(DescribePodIdentityAssociationCommand).callsFake(async (input: { associationId: string }) => ({
      association: { associationId: input.associationId, roleArn: `arn:aws:iam::123456789012:role/role-${input.associationId}`, namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
    }));
    const rt = testRuntime();
    expect(await describePodIdentityAssociations(rt, 'daytona', [{ namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', associationId: 'a-1' }])).toEqual({
      value: [{ namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', roleArn: 'arn:aws:iam::123456789012:role/role-a-1', associationId: 'a-1' }],
    });
    expect(await describePodIdentityAssociations(rt, 'daytona', [])).toEqual({ value: [] });
    expect(rt.calls).toEqual({ 'eks:DescribePodIdentityAssociation': 1 });
  });

  it('leaves out an association deleted between the list and DescribePodIdentityAssociation (ResourceNotFoundException)', async () => {
    eks.on(DescribePodIdentityAssociationCommand, { associationId: 'a-1' }).resolves({
      association: { clusterName: 'daytona', associationId: 'a-1', roleArn: 'arn:aws:iam::123456789012:role/ebs', namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
    });
    eks.on(DescribePodIdentityAssociationCommand, { associationId: 'a-2' }).rejects(awsError('ResourceNotFoundException', 'Association a-2 not found', 404));
    const summaries = [
      { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', associationId: 'a-1' },
      { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller', associationId: 'a-2' },
    ];
    expect(await describePodIdentityAssociations(testRuntime(), 'daytona', summaries)).toEqual({
      value: [{ namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa', roleArn: 'arn:aws:iam::123456789012:role/ebs', associationId: 'a-1' }],
    });
  });

  it('is an error naming the action when denied', async () => {
    eks.on(ListPodIdentityAssociationsCommand).rejects(accessDeniedException());
    eks.on(DescribePodIdentityAssociationCommand).rejects(accessDeniedException());
    expect(await listPodIdentityAssociations(testRuntime(), 'daytona')).toMatchObject({ error: { code: 'AccessDenied', action: 'eks:ListPodIdentityAssociations' } });
    expect(await describePodIdentityAssociations(testRuntime(), 'daytona', [{ namespace: 'n', serviceAccount: 's', associationId: 'a-9' }])).toMatchObject({
      error: { code: 'AccessDenied', action: 'eks:DescribePodIdentityAssociation' },
    });
  });
});

describe('declared actions', () => {
  it('lists every EKS action the module calls', () => {
    expect([...ACTIONS].sort()).toEqual(
      [
        'eks:DescribeAddon',
        'eks:DescribeCluster',
        'eks:DescribeClusterVersions',
        'eks:DescribeNodegroup',
        'eks:DescribePodIdentityAssociation',
        'eks:ListAddons',
        'eks:ListClusters',
        'eks:ListNodegroups',
        'eks:ListPodIdentityAssociations',
      ].sort(),
    );
  });
});
