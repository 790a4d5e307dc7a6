import type { Check } from '../../engine/types.js';
import { Findings, judgeStatus, listBrief } from '../../network/outcome.js';
import { isIpLiteral } from '../../network/endpoints.js';
import { cacheArn, cacheEngine, cacheId, cacheLabel, cachePort, resolveCache } from './target.js';

const ENGINES = ['redis', 'valkey'];
/** Cache states that still serve connections. */
const SERVING = ['modifying', 'snapshotting'];

export const elasticacheCluster: Check = {
  id: 'elasticache-cluster',
  area: 'elasticache',
  title: 'externalRedis.host is an available ElastiCache Redis/Valkey endpoint',
  severity: 'critical',
  appliesTo: (intent) => (intent.redis.external ? true : 'redis.enabled is true: the chart runs its own Redis'),
  needs: ['elasticache'],
  evaluate: (intent, inv) => {
    const host = intent.redis.host.trim();
    const valuesPaths = ['externalRedis.host'];
    if (!host) return { status: 'fail', message: 'externalRedis.host is empty (see values-external-redis)', evidence: { host }, valuesPaths };

    const res = resolveCache(intent, inv);
    if (!res.match) {
      const here = [...res.groups.map((g) => `replication group ${g.id}`), ...res.clusters.filter((c) => !c.replicationGroupId).map((c) => `cluster ${c.id} (${c.engine})`)];
      const hint = isIpLiteral(host)
        ? ': it is an IP address; set the endpoint name, which survives a failover'
        : !/\.cache\.amazonaws\.com(\.cn)?\.?$/i.test(host)
          ? ': if it is a DNS alias (CNAME) of an ElastiCache endpoint, set the endpoint itself, or make sure the alias resolves from the cluster'
          : ': the endpoint may belong to another account or region, or the cache was deleted';
      return {
        status: 'fail',
        message: `externalRedis.host '${host}' matches no ElastiCache endpoint in this account and region${hint}. ${here.length ? `Caches here: ${listBrief(here)}` : 'There is no ElastiCache cache here'}`,
        evidence: { host, endpointsHere: res.candidates.map((c) => ({ endpoint: c.host, role: c.role })) },
        valuesPaths,
      };
    }

    const { role, resource } = res.match;
    const label = cacheLabel(resource);
    const engine = cacheEngine(resource);
    const status = resource.kind === 'replication-group' ? resource.group.status : resource.cluster.status;
    const port = cachePort(resource);
    const f = new Findings();
    if (engine !== undefined && !ENGINES.includes(engine.toLowerCase())) f.fail(`${label} runs ${engine}; Daytona needs Redis or Valkey`);
    judgeStatus(f, label, status, SERVING);
    if (resource.kind === 'replication-group') {
      const replicas = resource.group.memberClusterIds.length > 1;
      if (role === 'reader') {
        const text = `externalRedis.host is the reader endpoint of ${label}: Daytona writes to Redis, and replicas answer writes with READONLY; use the primary endpoint ${resource.group.primaryEndpoint ?? ''}`.trim();
        // Without replicas the reader endpoint reaches the primary, until one is added.
        if (replicas) f.fail(text);
        else f.warn(text);
      } else if (role === 'node' && replicas) {
        f.warn(`externalRedis.host is a node endpoint of ${label}: after a failover that node is a read-only replica; use the ${resource.group.configurationEndpoint ? 'configuration' : 'primary'} endpoint`);
      } else if (role === 'configuration') {
        f.warn(`${label} runs in cluster mode (configuration endpoint): the chart passes one host and port and no cluster-mode setting, and a single-node client gets MOVED replies for keys on other shards; prefer a replication group with cluster mode disabled`);
      }
    }
    if (port !== undefined && port !== intent.redis.port) {
      f.fail(`${label} listens on port ${port}, but externalRedis.port is ${intent.redis.port}`);
      valuesPaths.push('externalRedis.port');
    }
    return f.outcome(`externalRedis.host is the ${role} endpoint of ${label} (${engine ?? 'engine unknown'}, ${status}, port ${port ?? 'unknown'})`, {
      resources: [cacheArn(resource)],
      evidence: {
        host,
        endpointRole: role,
        resource: { kind: resource.kind, id: cacheId(resource), arn: cacheArn(resource), engine, status, port },
        port: intent.redis.port,
      },
      valuesPaths,
    });
  },
  remediation: 'manual',
  docs: {
    what: "externalRedis.host is the primary (or configuration) endpoint, or a node endpoint, of an ElastiCache Redis OSS or Valkey cache in this account and region; the cache is available and listens on externalRedis.port.",
    why: 'With redis.enabled: false the API and the proxy connect to externalRedis.host:port directly, with no fallback. A wrong or unavailable cache leaves them failing their readiness checks; a reader endpoint or a replica node answers writes with READONLY.',
    fix: [
      'List the caches of this account and region and their endpoints:',
      '  aws elasticache describe-replication-groups --query "ReplicationGroups[].[ReplicationGroupId,Status,NodeGroups[0].PrimaryEndpoint.Address,ConfigurationEndpoint.Address]" --output table',
      '  aws elasticache describe-cache-clusters --show-cache-node-info --query "CacheClusters[].[CacheClusterId,Engine,CacheClusterStatus,CacheNodes[0].Endpoint.Address]" --output table',
      'Set the primary endpoint and its port in your values file:',
      '  externalRedis: { host: <PrimaryEndpoint.Address>, port: <Port> }',
    ].join('\n'),
  },
};
