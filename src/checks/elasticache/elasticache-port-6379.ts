import type { Check } from '../../engine/types.js';
import { portAccessOutcome } from '../../network/service-checks.js';
import { PORT_FIX } from '../../network/docs.js';
import { cacheServiceLabel, cacheTarget, withCache } from './target.js';

export const elasticachePort6379: Check = {
  id: 'elasticache-port-6379',
  area: 'elasticache',
  title: 'ElastiCache accepts Redis (6379) from every EKS node',
  severity: 'critical',
  appliesTo: (intent) => (intent.redis.external ? true : 'redis.enabled is true: the chart runs its own Redis'),
  needs: ['elasticache', 'eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.selfManagedNodes'],
  dependsOn: ['elasticache-cluster'],
  evaluate: (intent, inv) => withCache(intent, inv, (m) => portAccessOutcome(inv, cacheTarget(m.resource), intent.redis.port, cacheServiceLabel(m.resource))),
  remediation: 'authorize-sg-ingress',
  docs: {
    what: "One of the cache's security groups admits TCP externalRedis.port (6379) from every node set (a rule referencing a group the nodes carry, or CIDRs covering the node subnets, directly or as the entries of a customer-managed prefix list; protocol tcp or -1 with a port range covering the port), and each node set's groups allow that port outbound to the cache. A rule open to 0.0.0.0/0 or ::/0 admits the nodes but warns.",
    why: 'The API and the proxy connect to Redis from the nodes; without the rule they time out and never become ready. Node groups whose launch template names its own security groups do not carry the cluster security group.',
    fix: PORT_FIX('cache', 6379, 'aws elasticache describe-cache-clusters --cache-cluster-id <member-id> --query "CacheClusters[0].SecurityGroups[].SecurityGroupId"'),
  },
};
