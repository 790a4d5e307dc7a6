/**
 * ElastiCache collector: replication groups, cache clusters (with their nodes) and serverless
 * caches of the region, for the checks to match externalRedis.host against every endpoint.
 * All four lists are read together (one round trip plus pages); subnet groups are listed once
 * for all clusters rather than per cluster.
 *
 * Serverless caches are reported among `cacheClusters` with `serverless: true`: like a cluster
 * they have endpoints, security groups and subnets, and TLS is always on. They name no VPC
 * (vpcId stays unset; their subnets place them) and no AUTH token: `authTokenEnabled` means
 * "clients must authenticate", true when a user group (RBAC) is attached.
 */
import type * as Ec from '@aws-sdk/client-elasticache';
import type { Fact } from '../fact.js';
import type { CacheCluster, CacheReplicationGroup, ElastiCacheFacts } from '../types.js';
import type { AwsRuntime } from './runtime.js';

export const ACTIONS: readonly string[] = [
  'elasticache:DescribeReplicationGroups',
  'elasticache:DescribeCacheClusters',
  'elasticache:DescribeCacheSubnetGroups',
  'elasticache:DescribeServerlessCaches',
];

const loadEc = (): Promise<typeof Ec> => import('@aws-sdk/client-elasticache');

/** The most these calls return per page. */
const PAGE = 100;

const addresses = (endpoints: (Ec.Endpoint | undefined)[]): string[] => [...new Set(endpoints.map((e) => e?.Address).filter((a): a is string => !!a))];

function toReplicationGroup(g: Ec.ReplicationGroup): CacheReplicationGroup {
  const nodeGroups = g.NodeGroups ?? [];
  const primary = nodeGroups.find((n) => n.PrimaryEndpoint)?.PrimaryEndpoint;
  const reader = nodeGroups.find((n) => n.ReaderEndpoint)?.ReaderEndpoint;
  const out: CacheReplicationGroup = {
    id: g.ReplicationGroupId ?? '',
    arn: g.ARN ?? '',
    status: g.Status ?? '',
    nodeEndpoints: addresses(nodeGroups.flatMap((n) => (n.NodeGroupMembers ?? []).map((member) => member.ReadEndpoint))),
    memberClusterIds: g.MemberClusters ?? [],
    transitEncryption: g.TransitEncryptionEnabled === true,
    authTokenEnabled: g.AuthTokenEnabled === true,
    userGroupIds: g.UserGroupIds ?? [],
  };
  if (g.Engine) out.engine = g.Engine;
  if (primary?.Address) out.primaryEndpoint = primary.Address;
  if (reader?.Address) out.readerEndpoint = reader.Address;
  if (g.ConfigurationEndpoint?.Address) out.configurationEndpoint = g.ConfigurationEndpoint.Address;
  const port = primary?.Port ?? g.ConfigurationEndpoint?.Port;
  if (port !== undefined) out.port = port;
  return out;
}

function toCacheCluster(c: Ec.CacheCluster, subnetGroups: Map<string, Ec.CacheSubnetGroup>): CacheCluster {
  const nodes = c.CacheNodes ?? [];
  const out: CacheCluster = {
    id: c.CacheClusterId ?? '',
    arn: c.ARN ?? '',
    engine: c.Engine ?? '',
    status: c.CacheClusterStatus ?? '',
    nodeEndpoints: addresses(nodes.map((n) => n.Endpoint)),
    securityGroupIds: (c.SecurityGroups ?? []).map((g) => g.SecurityGroupId).filter((id): id is string => !!id),
    subnetIds: [],
    transitEncryption: c.TransitEncryptionEnabled === true,
    authTokenEnabled: c.AuthTokenEnabled === true,
  };
  if (c.ReplicationGroupId) out.replicationGroupId = c.ReplicationGroupId;
  const port = nodes.find((n) => n.Endpoint?.Port !== undefined)?.Endpoint?.Port ?? c.ConfigurationEndpoint?.Port;
  if (port !== undefined) out.port = port;
  if (c.CacheSubnetGroupName) {
    out.subnetGroupName = c.CacheSubnetGroupName;
    const group = subnetGroups.get(c.CacheSubnetGroupName);
    if (group?.VpcId) out.vpcId = group.VpcId;
    out.subnetIds = (group?.Subnets ?? []).map((s) => s.SubnetIdentifier).filter((id): id is string => !!id);
  }
  return out;
}

function toServerless(s: Ec.ServerlessCache): CacheCluster {
  const out: CacheCluster = {
    id: s.ServerlessCacheName ?? '',
    arn: s.ARN ?? '',
    engine: s.Engine ?? '',
    status: s.Status ?? '',
    nodeEndpoints: addresses([s.Endpoint, s.ReaderEndpoint]),
    securityGroupIds: s.SecurityGroupIds ?? [],
    subnetIds: s.SubnetIds ?? [],
    // Serverless caches accept TLS connections only.
    transitEncryption: true,
    authTokenEnabled: !!s.UserGroupId,
    serverless: true,
  };
  if (s.Endpoint?.Port !== undefined) out.port = s.Endpoint.Port;
  return out;
}

/**
 * An endpoint that does not know DescribeServerlessCaches (an emulator, an older partition) has
 * no serverless caches; only that, not a denial, is read as "none".
 */
function unsupported(error: { code: string }): boolean {
  return /^(InvalidAction|UnknownOperation(Exception)?|NotImplemented|HTTP501)$/.test(error.code);
}

async function serverlessCaches(rt: AwsRuntime, m: typeof Ec): Promise<Fact<Ec.ServerlessCache[]>> {
  const out = await rt.paginate<Ec.DescribeServerlessCachesCommandOutput, Ec.ServerlessCache>(
    'elasticache:DescribeServerlessCaches',
    (NextToken) => new m.DescribeServerlessCachesCommand({ NextToken }),
    (page) => ({ items: page.ServerlessCaches, next: page.NextToken }),
  );
  return 'error' in out && unsupported(out.error) ? { value: [] } : out;
}

/**
 * Serverless endpoints are named `<cache>-<id>.serverless.<region>.cache.amazonaws.com`: the
 * serverless list is read only when the configured host is one (or no host is known), saving a
 * call on every ordinary account.
 */
export function mayBeServerless(host: string | undefined): boolean {
  return host === undefined || /\.serverless\./i.test(host);
}

/** Every replication group and cache cluster (serverless caches too, when the host may be one) of the region. */
export async function collectElastiCache(rt: AwsRuntime, opts: { host?: string } = {}): Promise<ElastiCacheFacts> {
  const m = await loadEc();
  const [groups, clusters, subnetGroups, serverless] = await Promise.all([
    rt.paginate<Ec.DescribeReplicationGroupsCommandOutput, Ec.ReplicationGroup>(
      'elasticache:DescribeReplicationGroups',
      (Marker) => new m.DescribeReplicationGroupsCommand({ MaxRecords: PAGE, Marker }),
      (page) => ({ items: page.ReplicationGroups, next: page.Marker }),
    ),
    rt.paginate<Ec.DescribeCacheClustersCommandOutput, Ec.CacheCluster>(
      'elasticache:DescribeCacheClusters',
      (Marker) => new m.DescribeCacheClustersCommand({ ShowCacheNodeInfo: true, MaxRecords: PAGE, Marker }),
      (page) => ({ items: page.CacheClusters, next: page.Marker }),
    ),
    rt.paginate<Ec.DescribeCacheSubnetGroupsCommandOutput, Ec.CacheSubnetGroup>(
      'elasticache:DescribeCacheSubnetGroups',
      (Marker) => new m.DescribeCacheSubnetGroupsCommand({ MaxRecords: PAGE, Marker }),
      (page) => ({ items: page.CacheSubnetGroups, next: page.Marker }),
    ),
    mayBeServerless(opts.host) ? serverlessCaches(rt, m) : Promise.resolve<Fact<Ec.ServerlessCache[]>>({ value: [] }),
  ]);

  const replicationGroups: Fact<CacheReplicationGroup[]> = 'error' in groups ? groups : { value: groups.value.map(toReplicationGroup) };

  let cacheClusters: Fact<CacheCluster[]>;
  if ('error' in clusters) cacheClusters = clusters;
  // A cache whose network is unknown cannot be judged by the network checks: fail closed.
  else if ('error' in subnetGroups && clusters.value.some((c) => c.CacheSubnetGroupName)) cacheClusters = subnetGroups;
  // Without the serverless list, a host that is a serverless endpoint would look missing.
  else if ('error' in serverless) cacheClusters = serverless;
  else {
    const byName = new Map('value' in subnetGroups ? subnetGroups.value.map((g) => [g.CacheSubnetGroupName ?? '', g]) : []);
    cacheClusters = { value: [...clusters.value.map((c) => toCacheCluster(c, byName)), ...serverless.value.map(toServerless)] };
  }
  return { replicationGroups, cacheClusters };
}
