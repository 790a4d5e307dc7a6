/**
 * Which ElastiCache cache externalRedis.host names: a replication group's primary, reader or
 * configuration endpoint, one of its nodes, or a node of a standalone cache cluster.
 * elasticache-cluster judges the match; the other ElastiCache checks and network-nacl reason
 * about the cache it finds. A replication group's network placement (groups, subnets, VPC) is
 * its member clusters'.
 */
import type { Intent } from '../../values/types.js';
import type { CacheCluster, CacheReplicationGroup, Inventory } from '../../inventory/types.js';
import type { Outcome } from '../../engine/types.js';
import { FactUnavailable, need } from '../../inventory/fact.js';
import { matchHost, type EndpointCandidate } from '../../network/endpoints.js';
import type { ServiceTarget } from '../../network/port-access.js';
import type { ServiceLabel } from '../../network/service-checks.js';

export type CacheEndpointRole = 'primary' | 'reader' | 'configuration' | 'node';

export type CacheResource =
  | { kind: 'replication-group'; group: CacheReplicationGroup; members: CacheCluster[] }
  | { kind: 'cache-cluster'; cluster: CacheCluster };

export interface CacheMatch {
  host: string;
  role: CacheEndpointRole;
  resource: CacheResource;
}

export interface CacheResolution {
  host: string;
  match?: CacheMatch;
  candidates: EndpointCandidate<CacheResource>[];
  groups: CacheReplicationGroup[];
  clusters: CacheCluster[];
}

/** Each group with its member clusters, built once: a large account has hundreds of both. */
function groupResources(groups: readonly CacheReplicationGroup[], clusters: readonly CacheCluster[]): Map<string, CacheResource & { kind: 'replication-group' }> {
  const byId = new Map(groups.map((g) => [g.id, { kind: 'replication-group' as const, group: g, members: [] as CacheCluster[] }]));
  const memberOf = new Map<string, string[]>();
  for (const g of groups) for (const id of g.memberClusterIds) memberOf.set(id, [...(memberOf.get(id) ?? []), g.id]);
  for (const c of clusters) {
    const ids = new Set([...(c.replicationGroupId ? [c.replicationGroupId] : []), ...(memberOf.get(c.id) ?? [])]);
    for (const id of ids) byId.get(id)?.members.push(c);
  }
  return byId;
}

/** Reads both ElastiCache facts: a denied describe call makes the check `error`. */
export function resolveCache(intent: Intent, inv: Inventory): CacheResolution {
  const groups = need(inv.elasticache?.replicationGroups, 'ElastiCache replication groups');
  const clusters = need(inv.elasticache?.cacheClusters, 'ElastiCache cache clusters');
  const resources = groupResources(groups, clusters);
  const candidates: EndpointCandidate<CacheResource>[] = [];
  for (const g of groups) {
    const resource = resources.get(g.id)!;
    if (g.primaryEndpoint) candidates.push({ host: g.primaryEndpoint, role: 'primary', resource });
    if (g.readerEndpoint) candidates.push({ host: g.readerEndpoint, role: 'reader', resource });
    if (g.configurationEndpoint) candidates.push({ host: g.configurationEndpoint, role: 'configuration', resource });
    for (const h of g.nodeEndpoints) candidates.push({ host: h, role: 'node', resource });
  }
  for (const c of clusters) {
    const resource: CacheResource = (c.replicationGroupId && resources.get(c.replicationGroupId)) || { kind: 'cache-cluster', cluster: c };
    for (const h of c.nodeEndpoints) candidates.push({ host: h, role: 'node', resource });
  }
  const hit = matchHost(intent.redis.host, candidates)[0];
  return {
    host: intent.redis.host,
    candidates,
    groups,
    clusters,
    ...(hit ? { match: { host: hit.host, role: hit.role as CacheEndpointRole, resource: hit.resource } } : {}),
  };
}

export function cacheId(r: CacheResource): string {
  return r.kind === 'replication-group' ? r.group.id : r.cluster.id;
}

export function cacheArn(r: CacheResource): string {
  return r.kind === 'replication-group' ? r.group.arn : r.cluster.arn;
}

export function cacheLabel(r: CacheResource): string {
  if (r.kind === 'replication-group') return `ElastiCache replication group ${r.group.id}`;
  return r.cluster.serverless ? `ElastiCache serverless cache ${r.cluster.id}` : `ElastiCache cluster ${r.cluster.id}`;
}

export function cacheEngine(r: CacheResource): string | undefined {
  return r.kind === 'replication-group' ? (r.group.engine ?? r.members[0]?.engine) : r.cluster.engine;
}

export function cachePort(r: CacheResource): number | undefined {
  return r.kind === 'replication-group' ? (r.group.port ?? r.members.find((m) => m.port !== undefined)?.port) : r.cluster.port;
}

/** Groups, subnets and VPC of the cache; a replication group whose members were not described cannot be placed. */
export function cacheTarget(r: CacheResource): ServiceTarget {
  if (r.kind === 'cache-cluster') {
    const c = r.cluster;
    return { kind: r.kind, id: c.id, arn: c.arn, ...(c.vpcId ? { vpcId: c.vpcId } : {}), subnetIds: c.subnetIds, securityGroupIds: c.securityGroupIds };
  }
  if (r.members.length === 0) {
    throw new FactUnavailable({ code: 'NotCollected', message: `no member cache cluster of ${r.group.id} was described, so its security groups and subnets are unknown`, action: 'elasticache:DescribeCacheClusters' });
  }
  const vpcId = r.members.find((m) => m.vpcId)?.vpcId;
  return {
    kind: r.kind,
    id: r.group.id,
    arn: r.group.arn,
    ...(vpcId ? { vpcId } : {}),
    subnetIds: [...new Set(r.members.flatMap((m) => m.subnetIds))],
    securityGroupIds: [...new Set(r.members.flatMap((m) => m.securityGroupIds))],
  };
}

export function cacheServiceLabel(r: CacheResource): ServiceLabel {
  return { name: cacheLabel(r), protocol: 'Redis', portPath: 'externalRedis.port', describeAction: 'elasticache:DescribeCacheSubnetGroups' };
}

/** Run `fn` on the matched cache, or skip naming elasticache-cluster when there is none. */
export function withCache(intent: Intent, inv: Inventory, fn: (m: CacheMatch, res: CacheResolution) => Outcome): Outcome {
  const res = resolveCache(intent, inv);
  if (!res.match) {
    return {
      status: 'skip',
      message: `skipped: externalRedis.host '${intent.redis.host}' is not an ElastiCache endpoint in this account and region (see elasticache-cluster)`,
      reason: 'depends on elasticache-cluster',
    };
  }
  return fn(res.match, res);
}
