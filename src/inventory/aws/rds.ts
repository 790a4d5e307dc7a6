/**
 * RDS collector: every DB instance and DB cluster in the region (the checks match
 * externalDatabase.host against their endpoints), trimmed to what the checks reason about.
 * Instances and clusters are listed together; a cluster's VPC and subnets come from its member
 * instances, and only a cluster without readable members costs one more call (the subnet groups).
 */
import type * as Rds from '@aws-sdk/client-rds';
import type { Fact } from '../fact.js';
import type { DbCluster, DbInstance, RdsFacts } from '../types.js';
import type { AwsRuntime } from './runtime.js';

export const ACTIONS: readonly string[] = ['rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'rds:DescribeDBSubnetGroups'];

const loadRds = (): Promise<typeof Rds> => import('@aws-sdk/client-rds');

/** The most RDS returns per page: fewer pages, fewer calls. */
const PAGE = 100;

const ids = (groups: { VpcSecurityGroupId?: string }[] | undefined): string[] => (groups ?? []).map((g) => g.VpcSecurityGroupId).filter((id): id is string => !!id);
const subnetIds = (group: Rds.DBSubnetGroup | undefined): string[] => (group?.Subnets ?? []).map((s) => s.SubnetIdentifier).filter((id): id is string => !!id);

function toInstance(i: Rds.DBInstance): DbInstance {
  const out: DbInstance = {
    id: i.DBInstanceIdentifier ?? '',
    arn: i.DBInstanceArn ?? '',
    engine: i.Engine ?? '',
    status: i.DBInstanceStatus ?? '',
    subnetIds: subnetIds(i.DBSubnetGroup),
    securityGroupIds: ids(i.VpcSecurityGroups),
    publiclyAccessible: i.PubliclyAccessible === true,
    storageEncrypted: i.StorageEncrypted === true,
  };
  if (i.Endpoint?.Address) out.address = i.Endpoint.Address;
  if (i.Endpoint?.Port !== undefined) out.port = i.Endpoint.Port;
  if (i.DBSubnetGroup?.VpcId) out.vpcId = i.DBSubnetGroup.VpcId;
  if (i.DBClusterIdentifier) out.clusterId = i.DBClusterIdentifier;
  return out;
}

function toCluster(c: Rds.DBCluster): DbCluster {
  const out: DbCluster = {
    id: c.DBClusterIdentifier ?? '',
    arn: c.DBClusterArn ?? '',
    engine: c.Engine ?? '',
    status: c.Status ?? '',
    customEndpoints: c.CustomEndpoints ?? [],
    securityGroupIds: ids(c.VpcSecurityGroups),
    subnetIds: [],
    storageEncrypted: c.StorageEncrypted === true,
    memberIds: (c.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier).filter((id): id is string => !!id),
  };
  if (c.Endpoint) out.endpoint = c.Endpoint;
  if (c.ReaderEndpoint) out.readerEndpoint = c.ReaderEndpoint;
  if (c.Port !== undefined) out.port = c.Port;
  if (c.PubliclyAccessible !== undefined) out.publiclyAccessible = c.PubliclyAccessible;
  return out;
}

/**
 * Place each cluster in its VPC and subnets: from a member instance when one was listed, else from
 * its DB subnet group (all groups in one paginated call, made only when some cluster needs it).
 * A cluster that cannot be placed makes the clusters fact an error: the network checks need it.
 */
async function placeClusters(rt: AwsRuntime, m: typeof Rds, raw: Rds.DBCluster[], clusters: DbCluster[], instances: Fact<DbInstance[]>): Promise<Fact<DbCluster[]>> {
  const byId = new Map('value' in instances ? instances.value.map((i) => [i.id, i]) : []);
  const unplaced: { cluster: DbCluster; subnetGroup: string | undefined }[] = [];
  clusters.forEach((cluster, n) => {
    const member = cluster.memberIds.map((id) => byId.get(id)).find((i) => i?.vpcId);
    if (member) {
      cluster.vpcId = member.vpcId;
      cluster.subnetIds = [...member.subnetIds];
    } else {
      unplaced.push({ cluster, subnetGroup: raw[n]!.DBSubnetGroup });
    }
  });
  if (!unplaced.some((u) => u.subnetGroup)) return { value: clusters };
  const groups = await rt.paginate<Rds.DescribeDBSubnetGroupsCommandOutput, Rds.DBSubnetGroup>(
    'rds:DescribeDBSubnetGroups',
    (Marker) => new m.DescribeDBSubnetGroupsCommand({ MaxRecords: PAGE, Marker }),
    (page) => ({ items: page.DBSubnetGroups, next: page.Marker }),
  );
  if ('error' in groups) return groups;
  const byName = new Map(groups.value.map((g) => [g.DBSubnetGroupName, g]));
  for (const { cluster, subnetGroup } of unplaced) {
    const group = subnetGroup ? byName.get(subnetGroup) : undefined;
    if (group?.VpcId) cluster.vpcId = group.VpcId;
    cluster.subnetIds = subnetIds(group);
  }
  return { value: clusters };
}

/** All DB instances and clusters of the region; each list is its own fact. */
export async function collectRds(rt: AwsRuntime): Promise<RdsFacts> {
  const m = await loadRds();
  const [rawInstances, rawClusters] = await Promise.all([
    rt.paginate<Rds.DescribeDBInstancesCommandOutput, Rds.DBInstance>(
      'rds:DescribeDBInstances',
      (Marker) => new m.DescribeDBInstancesCommand({ MaxRecords: PAGE, Marker }),
      (page) => ({ items: page.DBInstances, next: page.Marker }),
    ),
    rt.paginate<Rds.DescribeDBClustersCommandOutput, Rds.DBCluster>(
      'rds:DescribeDBClusters',
      (Marker) => new m.DescribeDBClustersCommand({ MaxRecords: PAGE, Marker }),
      (page) => ({ items: page.DBClusters, next: page.Marker }),
    ),
  ]);
  const instances: Fact<DbInstance[]> = 'error' in rawInstances ? rawInstances : { value: rawInstances.value.map(toInstance) };
  const clusters: Fact<DbCluster[]> = 'error' in rawClusters ? rawClusters : await placeClusters(rt, m, rawClusters.value, rawClusters.value.map(toCluster), instances);
  return { instances, clusters };
}
