import type { Check } from '../../engine/types.js';
import { Findings } from '../../network/outcome.js';
import { cacheArn, cacheId, cacheLabel, withCache } from './target.js';

export const elasticacheTlsAuth: Check = {
  id: 'elasticache-tls-auth',
  area: 'elasticache',
  title: 'externalRedis TLS and AUTH match the cache',
  severity: 'high',
  appliesTo: (intent) => (intent.redis.external ? true : 'redis.enabled is true: the chart runs its own Redis'),
  needs: ['elasticache'],
  dependsOn: ['elasticache-cluster'],
  evaluate: (intent, inv) =>
    withCache(intent, inv, (m) => {
      const r = m.resource;
      const label = cacheLabel(r);
      const x = r.kind === 'replication-group' ? r.group : r.cluster;
      const userGroupIds = r.kind === 'replication-group' ? r.group.userGroupIds : [];
      const auth = x.authTokenEnabled || userGroupIds.length > 0;
      const credentials = intent.redis.passwordSet || Boolean(intent.redis.existingSecret);
      const f = new Findings();
      const valuesPaths: string[] = [];

      if (x.transitEncryption && !intent.redis.tls) {
        f.fail(`${label} requires in-transit encryption, but externalRedis.tls is false: the API and the proxy will fail their handshake`);
        valuesPaths.push('externalRedis.tls');
      } else if (!x.transitEncryption && intent.redis.tls) {
        f.fail(`externalRedis.tls is true, but ${label} has in-transit encryption off: the TLS handshake will fail`);
        valuesPaths.push('externalRedis.tls');
      } else if (!x.transitEncryption) {
        f.warn(`${label} has in-transit encryption off: Redis traffic crosses the network in clear text`);
      }
      if (auth && !credentials) {
        f.fail(`${label} requires ${x.authTokenEnabled ? 'an AUTH token' : `RBAC users (user groups ${userGroupIds.join(', ')})`}, but neither externalRedis.password nor externalRedis.existingSecret is set`);
        valuesPaths.push('externalRedis.existingSecret');
      } else if (!auth) {
        f.warn(`${label} has neither an AUTH token nor RBAC user groups: anything that reaches its port can read and write it`);
      }
      return f.outcome(`${label} has in-transit encryption and ${x.authTokenEnabled ? 'AUTH' : 'RBAC'} on, and externalRedis sets tls and credentials to match`, {
        resources: [cacheArn(r)],
        evidence: {
          resource: { kind: r.kind, id: cacheId(r), arn: cacheArn(r) },
          transitEncryption: x.transitEncryption,
          authTokenEnabled: x.authTokenEnabled,
          userGroupIds,
          'externalRedis.tls': intent.redis.tls,
          // Whether credentials are configured, never what they are.
          credentialsSet: credentials,
          ...(intent.redis.existingSecret ? { 'externalRedis.existingSecret': intent.redis.existingSecret } : {}),
        },
        valuesPaths,
      });
    }),
  remediation: 'manual',
  docs: {
    what: 'In-transit encryption on the cache ⇔ externalRedis.tls: true (either mismatch fails); AUTH token or RBAC user groups on ⇒ externalRedis.password or externalRedis.existingSecret (key redis-password) set (fail otherwise). A consistent cache without in-transit encryption, or without AUTH/RBAC, warns.',
    why: 'A TLS client cannot talk to a plaintext server and the reverse; a cache with AUTH refuses commands from a client without credentials (NOAUTH). The API and the proxy then never become ready.',
    fix: [
      'Match the values to the cache:',
      '  externalRedis: { tls: true, existingSecret: <secret with key redis-password> }',
      '  kubectl -n <namespace> create secret generic <secret> --from-literal=redis-password=<auth-token>',
      'Or turn encryption in transit on for the cache (a rolling change in two steps, preferred then required):',
      '  aws elasticache modify-replication-group --replication-group-id <id> --transit-encryption-enabled --transit-encryption-mode preferred --apply-immediately',
      '  aws elasticache modify-replication-group --replication-group-id <id> --transit-encryption-mode required --apply-immediately',
      'And AUTH (needs in-transit encryption):',
      '  aws elasticache modify-replication-group --replication-group-id <id> --auth-token <token> --auth-token-update-strategy ROTATE --apply-immediately',
    ].join('\n'),
  },
  compliance: ['AWS FSBP ElastiCache.5', 'AWS FSBP ElastiCache.6'],
};
