/**
 * Which RDS resource externalDatabase.host names: an instance endpoint, or a cluster's writer,
 * reader or custom endpoint. rds-instance judges the match; rds-network, rds-port-5432,
 * rds-hardening and network-nacl reason about the resource it finds.
 */
import type { Intent } from '../../values/types.js';
import type { DbCluster, DbInstance, Inventory } from '../../inventory/types.js';
import type { Outcome } from '../../engine/types.js';
import { need } from '../../inventory/fact.js';
import { matchHost, type EndpointCandidate } from '../../network/endpoints.js';
import type { ServiceTarget } from '../../network/port-access.js';
import type { ServiceLabel } from '../../network/service-checks.js';

export type DbEndpointRole = 'instance' | 'cluster-writer' | 'cluster-reader' | 'cluster-custom';

export type DbResource = { kind: 'db-instance'; instance: DbInstance } | { kind: 'db-cluster'; cluster: DbCluster };

export interface DatabaseMatch {
  host: string;
  role: DbEndpointRole;
  resource: DbResource;
}

export interface DatabaseResolution {
  host: string;
  match?: DatabaseMatch;
  candidates: EndpointCandidate<DbResource>[];
  instances: DbInstance[];
  clusters: DbCluster[];
}

/** Reads both RDS facts: a denied DescribeDBInstances or DescribeDBClusters makes the check `error`. */
export function resolveDatabase(intent: Intent, inv: Inventory): DatabaseResolution {
  const instances = need(inv.rds?.instances, 'RDS instances');
  const clusters = need(inv.rds?.clusters, 'RDS clusters');
  const candidates: EndpointCandidate<DbResource>[] = [
    ...instances.flatMap((i) => (i.address ? [{ host: i.address, role: 'instance', resource: { kind: 'db-instance' as const, instance: i } }] : [])),
    ...clusters.flatMap((c) => {
      const resource = { kind: 'db-cluster' as const, cluster: c };
      return [
        ...(c.endpoint ? [{ host: c.endpoint, role: 'cluster-writer', resource }] : []),
        ...(c.readerEndpoint ? [{ host: c.readerEndpoint, role: 'cluster-reader', resource }] : []),
        ...c.customEndpoints.map((h) => ({ host: h, role: 'cluster-custom', resource })),
      ];
    }),
  ];
  const hit = matchHost(intent.database.host, candidates)[0];
  return {
    host: intent.database.host,
    candidates,
    instances,
    clusters,
    ...(hit ? { match: { host: hit.host, role: hit.role as DbEndpointRole, resource: hit.resource } } : {}),
  };
}

export function dbId(r: DbResource): string {
  return r.kind === 'db-instance' ? r.instance.id : r.cluster.id;
}

export function dbArn(r: DbResource): string {
  return r.kind === 'db-instance' ? r.instance.arn : r.cluster.arn;
}

export function dbLabel(r: DbResource): string {
  return r.kind === 'db-instance' ? `RDS instance ${r.instance.id}` : `RDS cluster ${r.cluster.id}`;
}

export function databaseTarget(r: DbResource): ServiceTarget {
  const x = r.kind === 'db-instance' ? r.instance : r.cluster;
  return { kind: r.kind, id: x.id, arn: x.arn, ...(x.vpcId ? { vpcId: x.vpcId } : {}), subnetIds: x.subnetIds, securityGroupIds: x.securityGroupIds };
}

export function databaseServiceLabel(r: DbResource): ServiceLabel {
  return {
    name: dbLabel(r),
    protocol: 'PostgreSQL',
    portPath: 'externalDatabase.port',
    describeAction: r.kind === 'db-instance' ? 'rds:DescribeDBInstances' : 'rds:DescribeDBClusters',
  };
}

/**
 * Run `fn` on the matched database. Without a match (rds-instance fails, or was not selected)
 * these checks have no subject: skip naming rds-instance.
 */
export function withDatabase(intent: Intent, inv: Inventory, fn: (m: DatabaseMatch, res: DatabaseResolution) => Outcome): Outcome {
  const res = resolveDatabase(intent, inv);
  if (!res.match) {
    return {
      status: 'skip',
      message: `skipped: externalDatabase.host '${intent.database.host}' is not an RDS endpoint in this account and region (see rds-instance)`,
      reason: 'depends on rds-instance',
    };
  }
  return fn(res.match, res);
}
