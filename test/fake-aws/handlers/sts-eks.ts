/**
 * STS and EKS operations of the fake account. Shapes: @aws-sdk/client-sts and client-eks output
 * types (the EKS API's camelCase JSON).
 */
import type * as Sts from '@aws-sdk/client-sts';
import type * as Eks from '@aws-sdk/client-eks';
import { daysAgo, defined, type CallCtx, type PageSpec } from '../context.js';
import type { ClusterM, NodegroupM } from '../model.js';
import type { Handlers } from './types.js';

export const stsHandlers: Handlers = {
  GetCallerIdentity: (_input: Sts.GetCallerIdentityRequest, ctx): Sts.GetCallerIdentityResponse => ({
    Account: ctx.model.accountId,
    Arn: ctx.model.caller.arn,
    UserId: ctx.model.caller.userId,
  }),
  // The owner is encoded in the key id: AWS answers for any well-formed id, existing or not.
  GetAccessKeyInfo: (input: Sts.GetAccessKeyInfoRequest, ctx): Sts.GetAccessKeyInfoResponse => {
    const id = input.AccessKeyId ?? '';
    if (!/^(AKIA|ASIA)[A-Z0-9]{16}$/.test(id)) throw ctx.invalid('AccessKeyId is not a valid access key id');
    const own = Object.values(ctx.model.iam.users).some((u) => u.accessKeys.some((k) => k.id === id));
    return { Account: own ? ctx.model.accountId : ctx.model.iam.foreignAccessKeys[id] ?? UNKNOWN_OWNER };
  },
};

/** The account an access key the model does not know is decoded to: not this one. */
const UNKNOWN_OWNER = '999999999999';

/** The EKS list calls: maxResults 1–100, 100 when not given (EKS API reference). */
const EKS_LIST: PageSpec = { sizeParam: 'maxResults', tokenParam: 'nextToken', min: 1, max: 100, defaultSize: 100 };

function cluster(ctx: CallCtx, name: unknown): ClusterM {
  const c = ctx.model.eks.clusters.find((x) => x.name === name);
  if (!c) throw ctx.error('ResourceNotFoundException', `No cluster found for name: ${String(name)}.`, 404);
  return c;
}

const eksArn = (ctx: CallCtx, kind: string, rest: string) => `arn:${ctx.model.partition}:eks:${ctx.model.region}:${ctx.model.accountId}:${kind}/${rest}`;

export function renderCluster(ctx: CallCtx, c: ClusterM): Eks.Cluster {
  return defined({
    name: c.name,
    arn: eksArn(ctx, 'cluster', c.name),
    createdAt: new Date('2024-03-01T10:00:00Z'),
    version: c.version,
    endpoint: c.endpoint ?? `https://${c.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}0123456789ABCDEF.gr7.${ctx.model.region}.eks.amazonaws.com`,
    roleArn: c.roleArn,
    resourcesVpcConfig: {
      vpcId: c.vpcId,
      subnetIds: [...c.subnetIds],
      securityGroupIds: [...(c.securityGroupIds ?? [])],
      clusterSecurityGroupId: c.clusterSecurityGroupId,
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: defined({
      serviceIpv4Cidr: '172.20.0.0/16',
      ipFamily: 'ipv4' as const,
      elasticLoadBalancing: c.autoMode ? { enabled: c.autoMode.loadBalancing } : undefined,
    }),
    computeConfig: c.autoMode ? { enabled: c.autoMode.compute } : undefined,
    storageConfig: c.autoMode ? { blockStorage: { enabled: c.autoMode.blockStorage } } : undefined,
    certificateAuthority: { data: c.ca ?? 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkZBS0UKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=' },
    platformVersion: c.platformVersion ?? 'eks.1',
    status: (c.status ?? 'ACTIVE') as Eks.ClusterStatus,
    tags: c.tags ? { ...c.tags } : undefined,
  });
}

function renderNodegroup(ctx: CallCtx, c: ClusterM, ng: NodegroupM): Eks.Nodegroup {
  return defined({
    nodegroupName: ng.name,
    nodegroupArn: eksArn(ctx, 'nodegroup', `${c.name}/${ng.name}/0ac7a1b2-0000-4000-8000-${ng.name.length.toString().padStart(12, '0')}`),
    clusterName: c.name,
    version: c.version,
    status: (ng.status ?? 'ACTIVE') as Eks.NodegroupStatus,
    capacityType: 'ON_DEMAND' as const,
    scalingConfig: ng.scaling ? { minSize: ng.scaling.min, maxSize: ng.scaling.max, desiredSize: ng.scaling.desired } : { minSize: 1, maxSize: 3, desiredSize: 2 },
    // With a launch template EKS reports neither instance types nor disk size unless the group sets them.
    instanceTypes: ng.instanceTypes ? [...ng.instanceTypes] : undefined,
    subnets: [...ng.subnetIds],
    amiType: ng.amiType as Eks.AMITypes | undefined,
    nodeRole: ng.roleArn,
    labels: { ...(ng.labels ?? {}) },
    taints: (ng.taints ?? []).map((t) => defined({ key: t.key, value: t.value, effect: t.effect as Eks.TaintEffect })),
    diskSize: ng.diskSize,
    launchTemplate: ng.launchTemplate ? { ...ng.launchTemplate } : undefined,
    resources: ng.remoteAccessGroupId ? { remoteAccessSecurityGroup: ng.remoteAccessGroupId, autoScalingGroups: [{ name: `eks-${ng.name}` }] } : { autoScalingGroups: [{ name: `eks-${ng.name}` }] },
  });
}

export const eksHandlers: Handlers = {
  DescribeCluster: (input: Eks.DescribeClusterRequest, ctx): Eks.DescribeClusterResponse => ({ cluster: renderCluster(ctx, cluster(ctx, input.name)) }),

  ListClusters: (_input: Eks.ListClustersRequest, ctx): Eks.ListClustersResponse => {
    const page = ctx.page(
      ctx.model.eks.clusters.map((c) => c.name),
      EKS_LIST,
    );
    return defined({ clusters: page.items, nextToken: page.next });
  },

  DescribeClusterVersions: (input: Eks.DescribeClusterVersionsRequest, ctx): Eks.DescribeClusterVersionsResponse => {
    const wanted = input.clusterVersions;
    const listed = ctx.model.eks.versions.filter((v) => !wanted?.length || wanted.includes(v.version));
    const page = ctx.page(listed, { sizeParam: 'maxResults', tokenParam: 'nextToken', min: 1, max: 100, defaultSize: 100 });
    return defined({
      clusterVersions: page.items.map((v) =>
        defined({
          clusterVersion: v.version,
          clusterType: 'eks',
          defaultPlatformVersion: 'eks.1',
          defaultVersion: false,
          releaseDate: daysAgo(ctx.now, 400),
          endOfStandardSupportDate: v.endOfStandardSupport ? new Date(v.endOfStandardSupport) : undefined,
          endOfExtendedSupportDate: v.endOfExtendedSupport ? new Date(v.endOfExtendedSupport) : undefined,
          versionStatus: v.status as Eks.VersionStatus,
          status: v.status.toLowerCase().replace(/_/g, '-') as Eks.ClusterVersionStatus,
        }),
      ),
      nextToken: page.next,
    });
  },

  ListNodegroups: (input: Eks.ListNodegroupsRequest, ctx): Eks.ListNodegroupsResponse => {
    const page = ctx.page(
      cluster(ctx, input.clusterName).nodegroups.map((n) => n.name),
      EKS_LIST,
    );
    return defined({ nodegroups: page.items, nextToken: page.next });
  },

  DescribeNodegroup: (input: Eks.DescribeNodegroupRequest, ctx): Eks.DescribeNodegroupResponse => {
    const c = cluster(ctx, input.clusterName);
    const ng = c.nodegroups.find((n) => n.name === input.nodegroupName);
    if (!ng) throw ctx.error('ResourceNotFoundException', `No node group found for name: ${input.nodegroupName}.`, 404);
    return { nodegroup: renderNodegroup(ctx, c, ng) };
  },

  ListAddons: (input: Eks.ListAddonsRequest, ctx): Eks.ListAddonsResponse => {
    const page = ctx.page(
      cluster(ctx, input.clusterName).addons.map((a) => a.name),
      EKS_LIST,
    );
    return defined({ addons: page.items, nextToken: page.next });
  },

  DescribeAddon: (input: Eks.DescribeAddonRequest, ctx): Eks.DescribeAddonResponse => {
    const c = cluster(ctx, input.clusterName);
    const a = c.addons.find((x) => x.name === input.addonName);
    if (!a) throw ctx.error('ResourceNotFoundException', `No addon: ${input.addonName} found in cluster: ${c.name}`, 404);
    return {
      addon: defined({
        addonName: a.name,
        clusterName: c.name,
        status: (a.status ?? 'ACTIVE') as Eks.AddonStatus,
        addonVersion: a.version ?? 'v1.0.0-eksbuild.1',
        addonArn: eksArn(ctx, 'addon', `${c.name}/${a.name}/00000000-0000-4000-8000-000000000000`),
        serviceAccountRoleArn: a.roleArn,
      }),
    };
  },

  ListPodIdentityAssociations: (input: Eks.ListPodIdentityAssociationsRequest, ctx): Eks.ListPodIdentityAssociationsResponse => {
    const c = cluster(ctx, input.clusterName);
    const matching = c.podIdentity.filter((p) => (!input.namespace || p.namespace === input.namespace) && (!input.serviceAccount || p.serviceAccount === input.serviceAccount));
    const page = ctx.page(matching, EKS_LIST);
    // The summaries carry no roleArn: DescribePodIdentityAssociation gives it.
    return defined({
      associations: page.items.map((p) => ({
        clusterName: c.name,
        namespace: p.namespace,
        serviceAccount: p.serviceAccount,
        associationArn: eksArn(ctx, 'podidentityassociation', `${c.name}/${p.id}`),
        associationId: p.id,
      })),
      nextToken: page.next,
    });
  },

  DescribePodIdentityAssociation: (input: Eks.DescribePodIdentityAssociationRequest, ctx): Eks.DescribePodIdentityAssociationResponse => {
    const c = cluster(ctx, input.clusterName);
    const p = c.podIdentity.find((x) => x.id === input.associationId);
    if (!p) throw ctx.error('ResourceNotFoundException', `Association ${input.associationId} not found`, 404);
    return {
      association: { clusterName: c.name, namespace: p.namespace, serviceAccount: p.serviceAccount, roleArn: p.roleArn, associationId: p.id, associationArn: eksArn(ctx, 'podidentityassociation', `${c.name}/${p.id}`) },
    };
  },
};
