/**
 * EKS collector: the cluster, the versions AWS still supports, managed node groups, add-ons and
 * Pod Identity associations. Response fields follow the EKS API reference (camelCase JSON) as typed
 * in @aws-sdk/client-eks. The SDK module is imported on first use, so importing this file for
 * ACTIONS stays cheap.
 */
import type * as Eks from '@aws-sdk/client-eks';
import { failed, ok, type Fact } from '../fact.js';
import type { EksAddon, EksCluster, EksVersionSupport, NodeGroup, PodIdentityAssociation, PolicyDocument, Taint } from '../types.js';
import { toFactError, type AwsRuntime } from './runtime.js';

export const ACTIONS: readonly string[] = [
  'eks:DescribeCluster',
  'eks:ListClusters',
  'eks:DescribeClusterVersions',
  'eks:ListNodegroups',
  'eks:DescribeNodegroup',
  'eks:ListAddons',
  'eks:DescribeAddon',
  'eks:ListPodIdentityAssociations',
  'eks:DescribePodIdentityAssociation',
];

const loadEks = (): Promise<typeof Eks> => import('@aws-sdk/client-eks');

const NOT_FOUND = 'ResourceNotFoundException';
const isNotFound = (err: unknown): boolean => (err as { name?: string })?.name === NOT_FOUND;

/** Trim DescribeCluster's answer. `vpcId` is '' when the API left it out (the caller derives it from the subnets). */
export function toCluster(c: Eks.Cluster): EksCluster {
  const vpc = c.resourcesVpcConfig ?? {};
  return {
    name: c.name ?? '',
    arn: c.arn ?? '',
    status: c.status ?? 'UNKNOWN',
    version: c.version ?? '',
    ...(c.platformVersion ? { platformVersion: c.platformVersion } : {}),
    roleArn: c.roleArn ?? '',
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(c.certificateAuthority?.data ? { certificateAuthority: c.certificateAuthority.data } : {}),
    vpcId: vpc.vpcId ?? '',
    subnetIds: vpc.subnetIds ?? [],
    ...(vpc.clusterSecurityGroupId ? { clusterSecurityGroupId: vpc.clusterSecurityGroupId } : {}),
    securityGroupIds: vpc.securityGroupIds ?? [],
    ...(c.kubernetesNetworkConfig?.ipFamily ? { ipFamily: c.kubernetesNetworkConfig.ipFamily } : {}),
    autoMode: {
      compute: c.computeConfig?.enabled === true,
      loadBalancing: c.kubernetesNetworkConfig?.elasticLoadBalancing?.enabled === true,
      blockStorage: c.storageConfig?.blockStorage?.enabled === true,
    },
    ...(c.tags && Object.keys(c.tags).length ? { tags: c.tags } : {}),
  };
}

/** eks:DescribeCluster; the value is null when the cluster does not exist in this region. */
export async function describeCluster(rt: AwsRuntime, name: string): Promise<Fact<EksCluster | null>> {
  const { DescribeClusterCommand } = await loadEks();
  try {
    const out = await rt.send<Eks.DescribeClusterCommandOutput>('eks:DescribeCluster', new DescribeClusterCommand({ name }));
    return out.cluster ? ok(toCluster(out.cluster)) : ok(null);
  } catch (err) {
    if (isNotFound(err)) return ok(null);
    return { error: toFactError(err, 'eks:DescribeCluster') };
  }
}

/** eks:ListClusters, every page: the names offered when --cluster names one that does not exist. */
export async function listClusters(rt: AwsRuntime): Promise<Fact<string[]>> {
  const { ListClustersCommand } = await loadEks();
  return rt.paginate<Eks.ListClustersCommandOutput, string>(
    'eks:ListClusters',
    (nextToken) => new ListClustersCommand({ nextToken }),
    (page) => ({ items: page.clusters, next: page.nextToken }),
  );
}

/** Normalise the deprecated lower-case `status` ('standard-support') to `versionStatus` form. */
function versionStatus(v: Eks.ClusterVersionInformation): string | undefined {
  if (v.versionStatus) return v.versionStatus;
  return v.status ? v.status.toUpperCase().replace(/-/g, '_') : undefined;
}

/** eks:DescribeClusterVersions: the versions AWS currently offers (standard or extended support). */
export async function describeClusterVersions(rt: AwsRuntime): Promise<Fact<EksVersionSupport[]>> {
  const { DescribeClusterVersionsCommand } = await loadEks();
  const versions = await rt.paginate<Eks.DescribeClusterVersionsCommandOutput, Eks.ClusterVersionInformation>(
    'eks:DescribeClusterVersions',
    (nextToken) => new DescribeClusterVersionsCommand({ nextToken }),
    (page) => ({ items: page.clusterVersions, next: page.nextToken }),
  );
  if ('error' in versions) return versions;
  const byVersion = new Map<string, EksVersionSupport>();
  for (const v of versions.value) {
    if (!v.clusterVersion || byVersion.has(v.clusterVersion)) continue;
    const status = versionStatus(v);
    byVersion.set(v.clusterVersion, {
      version: v.clusterVersion,
      ...(status ? { status } : {}),
      ...(v.endOfStandardSupportDate ? { endOfStandardSupportDate: toIso(v.endOfStandardSupportDate) } : {}),
      ...(v.endOfExtendedSupportDate ? { endOfExtendedSupportDate: toIso(v.endOfExtendedSupportDate) } : {}),
    });
  }
  return ok([...byVersion.values()]);
}

function toIso(d: Date | string | number): string {
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/** eks:ListNodegroups, every page. */
export async function listNodegroups(rt: AwsRuntime, clusterName: string): Promise<Fact<string[]>> {
  const { ListNodegroupsCommand } = await loadEks();
  return rt.paginate<Eks.ListNodegroupsCommandOutput, string>(
    'eks:ListNodegroups',
    (nextToken) => new ListNodegroupsCommand({ clusterName, nextToken }),
    (page) => ({ items: page.nodegroups, next: page.nextToken }),
  );
}

export function toNodeGroup(ng: Eks.Nodegroup): NodeGroup {
  const taints: Taint[] = (ng.taints ?? []).map((t) => ({ key: t.key ?? '', ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect ?? '' }));
  const lt = ng.launchTemplate;
  const scaling = ng.scalingConfig;
  return {
    name: ng.nodegroupName ?? '',
    arn: ng.nodegroupArn ?? '',
    status: ng.status ?? 'UNKNOWN',
    nodeRoleArn: ng.nodeRole ?? '',
    subnetIds: ng.subnets ?? [],
    instanceTypes: ng.instanceTypes ?? [],
    ...(ng.amiType ? { amiType: ng.amiType } : {}),
    labels: ng.labels ?? {},
    taints,
    ...(ng.diskSize !== undefined && ng.diskSize !== null ? { diskSizeGiB: ng.diskSize } : {}),
    ...(scaling ? { scaling: { min: scaling.minSize ?? 0, max: scaling.maxSize ?? 0, desired: scaling.desiredSize ?? 0 } } : {}),
    ...(lt && (lt.id || lt.name)
      ? { launchTemplate: { ...(lt.id ? { id: lt.id } : {}), ...(lt.name ? { name: lt.name } : {}), ...(lt.version ? { version: lt.version } : {}) } }
      : {}),
    // The group EKS creates for remote access sits on the nodes; remoteAccess.sourceSecurityGroups only may reach it.
    ...(ng.resources?.remoteAccessSecurityGroup ? { remoteAccessSecurityGroupId: ng.resources.remoteAccessSecurityGroup } : {}),
  };
}

/** eks:DescribeNodegroup for one group. */
export async function describeNodegroup(rt: AwsRuntime, clusterName: string, nodegroupName: string): Promise<Fact<NodeGroup>> {
  const { DescribeNodegroupCommand } = await loadEks();
  const out = await rt.fact<Eks.DescribeNodegroupCommandOutput>('eks:DescribeNodegroup', new DescribeNodegroupCommand({ clusterName, nodegroupName }));
  if ('error' in out) return out;
  if (!out.value.nodegroup) return { error: { code: 'InvalidResponse', message: `DescribeNodegroup returned no node group for ${nodegroupName}`, action: 'eks:DescribeNodegroup' } };
  return ok(toNodeGroup(out.value.nodegroup));
}

/** All or nothing: one failed read makes the list an error (a partial list could hide a node group). */
export function allOk<T>(facts: readonly Fact<T>[]): Fact<T[]> {
  const values: T[] = [];
  for (const f of facts) {
    if ('error' in f) return { error: f.error };
    values.push(f.value);
  }
  return ok(values);
}

/** The add-ons the checks read: the VPC CNI's own role (iam-node-role) and the EBS CSI driver (eks-storage). */
export const CHECKED_ADDONS: readonly string[] = ['vpc-cni', 'aws-ebs-csi-driver'];

/**
 * eks:ListAddons, then eks:DescribeAddon concurrently for the installed add-ons the checks read
 * (CHECKED_ADDONS); others are not described, to keep the run's calls to what it needs.
 */
export async function collectAddons(rt: AwsRuntime, clusterName: string): Promise<Fact<EksAddon[]>> {
  const { ListAddonsCommand, DescribeAddonCommand } = await loadEks();
  const names = await rt.paginate<Eks.ListAddonsCommandOutput, string>(
    'eks:ListAddons',
    (nextToken) => new ListAddonsCommand({ clusterName, nextToken }),
    (page) => ({ items: page.addons, next: page.nextToken }),
  );
  if ('error' in names) return names;
  const described = await Promise.all(
    [...new Set(names.value)].filter((n) => CHECKED_ADDONS.includes(n)).map(async (addonName): Promise<Fact<EksAddon | null>> => {
      const out = await rt.fact<Eks.DescribeAddonCommandOutput>('eks:DescribeAddon', new DescribeAddonCommand({ clusterName, addonName }));
      // Deleted between the list and this call: not installed.
      if ('error' in out) return out.error.code === NOT_FOUND ? ok(null) : out;
      const a = out.value.addon ?? {};
      return ok({
        name: a.addonName ?? addonName,
        ...(a.addonVersion ? { version: a.addonVersion } : {}),
        status: a.status ?? 'UNKNOWN',
        ...(a.serviceAccountRoleArn ? { serviceAccountRoleArn: a.serviceAccountRoleArn } : {}),
      });
    }),
  );
  const all = allOk(described);
  return 'error' in all ? all : ok(all.value.filter((a): a is EksAddon => a !== null));
}

/** An association as eks:ListPodIdentityAssociations lists it: without its role. */
export type PodIdentitySummary = Omit<PodIdentityAssociation, 'roleArn'>;

/** eks:ListPodIdentityAssociations, every page. */
export async function listPodIdentityAssociations(rt: AwsRuntime, clusterName: string): Promise<Fact<PodIdentitySummary[]>> {
  const { ListPodIdentityAssociationsCommand } = await loadEks();
  const list = await rt.paginate<Eks.ListPodIdentityAssociationsCommandOutput, Eks.PodIdentityAssociationSummary>(
    'eks:ListPodIdentityAssociations',
    (nextToken) => new ListPodIdentityAssociationsCommand({ clusterName, nextToken }),
    (page) => ({ items: page.associations, next: page.nextToken }),
  );
  if ('error' in list) return list;
  return ok(list.value.flatMap((s) => (s.associationId ? [{ namespace: s.namespace ?? '', serviceAccount: s.serviceAccount ?? '', associationId: s.associationId }] : [])));
}

/** eks:DescribePodIdentityAssociation for each summary: one call each, so callers describe only those they judge. */
export async function describePodIdentityAssociations(rt: AwsRuntime, clusterName: string, summaries: readonly PodIdentitySummary[]): Promise<Fact<PodIdentityAssociation[]>> {
  if (!summaries.length) return ok([]);
  const { DescribePodIdentityAssociationCommand } = await loadEks();
  const described = await Promise.all(
    summaries.map(async (s): Promise<Fact<PodIdentityAssociation | null>> => {
      const out = await rt.fact<Eks.DescribePodIdentityAssociationCommandOutput>(
        'eks:DescribePodIdentityAssociation',
        new DescribePodIdentityAssociationCommand({ clusterName, associationId: s.associationId }),
      );
      // Deleted between the list and this call: no association.
      if ('error' in out) return out.error.code === NOT_FOUND ? ok(null) : out;
      const a = out.value.association ?? {};
      let sessionPolicy: PolicyDocument | undefined;
      try {
        sessionPolicy = a.policy ? (JSON.parse(a.policy) as PolicyDocument) : undefined;
      } catch {
        // A session policy that cannot be read leaves the pods' permissions unknown: fail closed.
        return failed({ code: 'InvalidPolicy', message: `the session policy of Pod Identity association ${s.associationId} is not JSON`, action: 'eks:DescribePodIdentityAssociation' });
      }
      return ok({
        namespace: a.namespace ?? s.namespace,
        serviceAccount: a.serviceAccount ?? s.serviceAccount,
        roleArn: a.roleArn ?? '',
        ...(a.targetRoleArn ? { targetRoleArn: a.targetRoleArn } : {}),
        ...(sessionPolicy ? { sessionPolicy } : {}),
        associationId: s.associationId,
      });
    }),
  );
  const all = allOk(described);
  return 'error' in all ? all : ok(all.value.filter((a): a is PodIdentityAssociation => a !== null));
}
