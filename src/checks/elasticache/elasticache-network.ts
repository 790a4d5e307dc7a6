import type { Check } from '../../engine/types.js';
import { vpcReachOutcome } from '../../network/service-checks.js';
import { PEERING_FIX } from '../../network/docs.js';
import { cacheServiceLabel, cacheTarget, withCache } from './target.js';

export const elasticacheNetwork: Check = {
  id: 'elasticache-network',
  area: 'elasticache',
  title: "ElastiCache is in the cluster's VPC, or in a peered VPC with routes both ways",
  severity: 'critical',
  appliesTo: (intent) => (intent.redis.external ? true : 'redis.enabled is true: the chart runs its own Redis'),
  needs: ['elasticache', 'eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.routes', 'ec2.peering', 'ec2.selfManagedNodes'],
  dependsOn: ['elasticache-cluster'],
  evaluate: (intent, inv) => withCache(intent, inv, (m) => vpcReachOutcome(inv, cacheTarget(m.resource), cacheServiceLabel(m.resource))),
  remediation: 'manual',
  docs: {
    what: "The cache's VPC (from its cache subnet group) is the EKS cluster's VPC, or a VPC joined to it by an active peering connection, with routes to the peering in the node subnets' route tables (to the cache subnets) and in the cache subnets' route tables (back to the node subnets). Routes through a transit gateway are reported as a warning: its own route tables are not visible here.",
    why: 'The API and the proxy connect to Redis from the nodes. Without a network path they never become ready.',
    fix: PEERING_FIX('the cache', 'the cache subnet group'),
  },
};
